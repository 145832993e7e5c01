package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.AuthenticationException;
import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.CloneResult;
import dev.gitsource.DeadlineExceededException;
import dev.gitsource.GitSource;
import dev.gitsource.GitTransportException;
import dev.gitsource.RepositoryNotFoundException;
import dev.gitsource.RetryPolicy;
import dev.gitsource.UnsafeContentException;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.testkit.Fault;
import dev.gitsource.testkit.GitCli;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.RecordedRequest;
import dev.gitsource.testkit.RepositoryFixture;
import dev.gitsource.testkit.RepositoryFixture.RawEntry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clone against the test kit's servers: no-change polls, ls-refs prefixes, faults, tenants, submodules. */
class ServerBehaviourTest {
    @TempDir Path tmp;

    private CloneOptions.Builder main(String dir) {
        return CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1).directory(tmp.resolve(dir));
    }

    private void assertNothingLeft(String dir) throws Exception {
        FaultMatrixTest.assertNothingLeft(tmp, dir);
    }

    @Test
    void unchangedRemoteCostsOneLsRefsAndWritesNothing() throws Exception {
        try (GitServer server = GitServer.builder().http().start(); GitSource git = GitSource.builder().build()) {
            RepositoryFixture repo = server.repository("org/app");
            repo.file("a.txt", "1").commit("one");
            repo.manyTags("t", 10_000);
            URI url = server.httpUrl("org/app");
            CloneResult first = git.clone(url, main("first").build());
            first.repository().close();
            server.clearRequests();
            CloneResult again = git.clone(url, main("again").lastObservedRevision(first.revision()).build());
            assertThat(again.unchanged()).isTrue();
            assertThat(tmp.resolve("again")).doesNotExist();
            // Each request is recorded before its response ends: once the client is done, all are here.
            RecordedRequest lsRefs = server.awaitRequest(RecordedRequest::isLsRefs, Duration.ofSeconds(5));
            assertThat(lsRefs.refPrefixes()).containsExactly("refs/heads/main");
            assertThat(lsRefs.bytesSent()).isLessThan(1_000); // not 10,000 tags
            server.awaitRequest(r -> "advertise".equals(r.command()), Duration.ofSeconds(5));
            server.assertNoMoreRequests(Duration.ZERO);
            assertNothingLeft("again");

            String c2 = repo.file("a.txt", "2").commit("two");
            server.clearRequests();
            CloneResult moved = git.clone(url, main("moved").lastObservedRevision(first.revision()).build());
            assertThat(moved.unchanged()).isFalse();
            assertThat(moved.revision()).isEqualTo("main@sha1:" + c2);
            assertThat(server.requests()).anyMatch(RecordedRequest::isFetch);
            moved.repository().close();

            // semver and commit-with-branch short-circuit too
            repo.tag("v1.0.0");
            CloneResult semver = git.clone(url, CloneOptions.builder().target(CheckoutTarget.semver("1.x"))
                    .directory(tmp.resolve("s1")).build());
            semver.repository().close();
            server.clearRequests();
            assertThat(git.clone(url, CloneOptions.builder().target(CheckoutTarget.semver("1.x"))
                    .directory(tmp.resolve("s2")).lastObservedRevision(semver.revision()).build()).unchanged()).isTrue();
            assertThat(server.requests()).noneMatch(RecordedRequest::isFetch);
            assertThat(git.clone(url, CloneOptions.builder().target(CheckoutTarget.commit(c2, "main"))
                    .directory(tmp.resolve("cb")).lastObservedRevision("main@sha1:" + c2).build()).unchanged()).isTrue();
            assertThat(tmp.resolve("cb")).doesNotExist();
        }
    }

    @Test
    void faultsGiveTypedErrorsAndLeaveNothing() throws Exception {
        try (GitServer server = GitServer.builder().http().basicAuth("u", "p").start()) {
            RepositoryFixture repo = server.repository("org/app");
            repo.largeFile("big.bin", 2_000_000).commit("big");
            URI url = server.httpUrl("org/app");
            try (GitSource git = GitSource.builder().credentials(GitCredentials.basic("u", "p"))
                    .allowCredentialsOverHttp(true).timeout(Duration.ofSeconds(3)).build()) {
                server.fault(Fault.dropAfterBytes(50_000).onFetch().times(1));
                assertThatThrownBy(() -> git.clone(url, main("drop").build()))
                        .isInstanceOfSatisfying(GitTransportException.class, e -> assertThat(e.retryable()).isTrue());
                assertNothingLeft("drop");

                server.fault(Fault.httpStatus(500).times(1));
                assertThatThrownBy(() -> git.clone(url, main("500").build()))
                        .isInstanceOfSatisfying(GitTransportException.class, e -> assertThat(e.retryable()).isTrue());
                assertNothingLeft("500");

                server.fault(Fault.stall().onFetch().times(1));
                long start = System.nanoTime();
                assertThatThrownBy(() -> git.clone(url, main("stall").build()))
                        .isInstanceOf(DeadlineExceededException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
                assertNothingLeft("stall");

                assertThatThrownBy(() -> git.clone(server.httpUrl("org/missing"), main("missing").build()))
                        .isInstanceOf(RepositoryNotFoundException.class);

                // and the next clone succeeds
                git.clone(url, main("ok").build()).repository().close();
                assertThat(tmp.resolve("ok/big.bin")).hasSize(2_000_000);
            }
            try (GitSource wrong = GitSource.builder().credentials(GitCredentials.basic("u", "wrong-secret"))
                    .allowCredentialsOverHttp(true).build()) {
                assertThatThrownBy(() -> wrong.clone(url, main("auth").build()))
                        .isInstanceOf(AuthenticationException.class)
                        .satisfies(e -> assertThat(e.getMessage()).contains("127.0.0.1").doesNotContain("wrong-secret"));
                assertNothingLeft("auth");
            }
            server.fault(Fault.httpStatus(503).times(2));
            try (GitSource retrying = GitSource.builder().credentials(GitCredentials.basic("u", "p"))
                    .allowCredentialsOverHttp(true).retry(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50)))
                    .build()) {
                retrying.clone(url, main("retried").build()).repository().close();
                assertThat(tmp.resolve("retried/big.bin")).exists();
            }
        }
    }

    @Test
    void twoTenantsInOneJvmSeeOnlyTheirOwnCredentials() throws Exception {
        try (GitServer a = GitServer.builder().https().basicAuth("alice", "a-secret").start();
                GitServer b = GitServer.builder().https().bearerToken("b-token").start()) {
            a.repository("org/app").file("who", "a").commit("a");
            b.repository("org/app").file("who", "b").commit("b");
            GitSource ga = GitSource.builder().credentials(GitCredentials.basic("alice", "a-secret"))
                    .tls(dev.gitsource.TlsOptions.builder().caCertificatesPem(a.caCertificatePem()).build()).build();
            GitSource gb = GitSource.builder().credentials(GitCredentials.bearer("b-token"))
                    .tls(dev.gitsource.TlsOptions.builder().caCertificatesPem(b.caCertificatePem()).build()).build();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<String>> jobs = new java.util.ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    int n = i;
                    jobs.add(() -> clone(ga, a.httpsUrl("org/app"), "a" + n));
                    jobs.add(() -> clone(gb, b.httpsUrl("org/app"), "b" + n));
                }
                for (Future<String> f : pool.invokeAll(jobs)) {
                    f.get();
                }
            } finally {
                pool.shutdown();
                ga.close();
                gb.close();
            }
            assertThat(Files.readString(tmp.resolve("a0/who"))).isEqualTo("a");
            assertThat(Files.readString(tmp.resolve("b5/who"))).isEqualTo("b");
            assertThat(a.requests()).allSatisfy(r -> assertThat(r.authScheme()).isEqualTo("Basic"));
            assertThat(b.requests()).allSatisfy(r -> assertThat(r.authScheme()).isEqualTo("Bearer"));
            assertThat(a.requests()).allSatisfy(r -> assertThat(r.user()).isEqualTo("alice"));
        }
    }

    private String clone(GitSource git, URI url, String dir) {
        CloneResult r = git.clone(url, main(dir).build());
        r.repository().close();
        return r.revision();
    }

    @Test
    void hostileTreesFromAServerAreRefused() throws Exception {
        try (GitServer server = GitServer.builder().http().start(); GitSource git = GitSource.builder().build()) {
            RepositoryFixture repo = server.repository("evil/app");
            repo.commitRawTree("evil", RawEntry.symlink("a", "/tmp"), RawEntry.dir("a", RawEntry.file("pwned", "x")));
            assertThatThrownBy(() -> git.clone(server.httpUrl("evil/app"), main("evil").build()))
                    .isInstanceOfSatisfying(UnsafeContentException.class, e -> assertThat(e.path()).isEqualTo("a/pwned"));
            assertNothingLeft("evil");
            assertThat(Path.of("/tmp/pwned")).doesNotExist();
        }
    }

    @Test
    void submodulesAreClonedShallowWithTheSameCredentials() throws Exception {
        try (GitServer server = GitServer.builder().http().basicAuth("u", "p").start();
                GitSource git = GitSource.builder().credentials(GitCredentials.basic("u", "p"))
                        .allowCredentialsOverHttp(true).build()) {
            RepositoryFixture lib = server.repository("org/lib");
            lib.file("lib.txt", "old").commit("lib 1");
            String libHead = lib.file("lib.txt", "lib").commit("lib 2");
            RepositoryFixture app = server.repository("org/app");
            app.file("app.txt", "app").submodule("vendor/lib", lib).commit("with submodule");
            CloneResult r = git.clone(server.httpUrl("org/app"), main("app").submodules(true).build());
            r.repository().close();
            assertThat(Files.readString(tmp.resolve("app/vendor/lib/lib.txt"))).isEqualTo("lib");
            assertThat(GitCli.git(tmp.resolve("app/vendor/lib"), "rev-parse", "HEAD")).isEqualTo(libHead);
            assertThat(GitCli.git(tmp.resolve("app/vendor/lib"), "rev-list", "--count", "HEAD")).isEqualTo("1");
            assertThat(GitCli.git(tmp.resolve("app"), "status", "--porcelain")).isEmpty();

            RepositoryFixture evil = server.repository("org/evil");
            evil.file(".gitmodules", "[submodule \"x\"]\n\tpath = x\n\turl = ext::sh -c touch% /tmp/pwned-ext\n")
                    .commit("evil submodule");
            // a gitlink so the submodule is real
            evil.submodule("x", lib);
            evil.file(".gitmodules", "[submodule \"x\"]\n\tpath = x\n\turl = ext::sh -c touch% /tmp/pwned-ext\n")
                    .commit("evil url");
            assertThatThrownBy(() -> git.clone(server.httpUrl("org/evil"), main("evil").submodules(true).build()))
                    .isInstanceOf(UnsafeContentException.class).hasMessageContaining("unsafe URL");
            assertNothingLeft("evil");
            assertThat(Path.of("/tmp/pwned-ext")).doesNotExist();
        }
    }
}
