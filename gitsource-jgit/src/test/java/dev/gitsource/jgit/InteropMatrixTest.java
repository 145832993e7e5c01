package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.CloneResult;
import dev.gitsource.GitSource;
import dev.gitsource.KnownHosts;
import dev.gitsource.TlsOptions;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.testkit.GitCli;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.GitServer.Backend;
import dev.gitsource.testkit.RecordedRequest;
import dev.gitsource.testkit.RepositoryFixture;
import dev.gitsource.testkit.junit.BackendAssumptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every target kind at depth 1 and full, over every transport, against the in-JVM and the C git
 * servers: each cell a real clone checked by content and commit id; the recorded requests show
 * protocol v2 and {@code deepen 1} where the server records them.
 */
class InteropMatrixTest {
    enum Transport { HTTP_V0, HTTP_V2, HTTPS, SSH, GIT }

    @TempDir Path tmp;

    static Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (Backend b : Backend.values()) {
            for (Transport t : Transport.values()) {
                if (!(b == Backend.C_GIT && t == Transport.HTTP_V0)) { // C git always offers v2
                    out.add(Arguments.of(b, t));
                }
            }
        }
        return out.stream();
    }

    record Fixture(String c1, String c2, String pr) {}

    static Fixture seed(GitServer server) {
        RepositoryFixture repo = server.repository("org/app");
        String c1 = repo.file("version.txt", "1\n").file("deploy/app.yaml", "replicas: 1\n").commit("one");
        repo.tag("v1.0.0");
        repo.annotatedTag("v1.1.0", "annotated release");
        String c2 = repo.file("version.txt", "2\n").commit("two");
        repo.tag("v2.0.0-rc.1");
        String pr = repo.onBranch("scratch").file("version.txt", "pr\n").commit("pull request");
        repo.ref("refs/pull/7/head", pr);
        // the PR's branch is gone: only the pull ref keeps the commit
        GitCli.git(repo.directory(), "update-ref", "-d", "refs/heads/scratch");
        repo.onBranch("main");
        return new Fixture(c1, c2, pr);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cells")
    void everyTargetAtEveryDepth(Backend backend, Transport transport) throws Exception {
        BackendAssumptions.assumeCGit(); // C git reads every clone back
        if (transport == Transport.SSH) {
            BackendAssumptions.assumeSshAvailable(backend);
        } else {
            BackendAssumptions.assumeAvailable(backend);
        }
        Path key = tmp.resolve("id");
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start();
        assertThat(p.waitFor()).isZero();
        GitServer.Builder b = GitServer.builder().backend(backend);
        switch (transport) {
            case HTTP_V0 -> b.http().protocolV0Only();
            case HTTP_V2 -> b.http();
            case HTTPS -> b.https();
            case SSH -> b.ssh().sshPublicKey(Files.readString(tmp.resolve("id.pub")));
            case GIT -> b.git();
        }
        try (GitServer server = b.start()) {
            Fixture f = seed(server);
            URI url = switch (transport) {
                case HTTP_V0, HTTP_V2 -> server.httpUrl("org/app");
                case HTTPS -> server.httpsUrl("org/app");
                case SSH -> server.sshUrl("org/app");
                case GIT -> server.gitUrl("org/app");
            };
            GitSource.Builder client = GitSource.builder();
            if (transport == Transport.HTTPS) {
                client.tls(TlsOptions.builder().caCertificatesPem(server.caCertificatePem()).build());
            }
            if (transport == Transport.SSH) {
                client.credentials(GitCredentials.sshKey(url.getUserInfo(), Files.readString(key), null))
                        .knownHosts(KnownHosts.parse(server.knownHostsLine()));
            }
            record Cell(CheckoutTarget target, String commit, String revision, String version) {}
            List<Cell> cellsOfTargets = List.of(
                    new Cell(CheckoutTarget.branch("main"), f.c2, "main@sha1:" + f.c2, "2\n"),
                    new Cell(CheckoutTarget.tag("v1.0.0"), f.c1, "v1.0.0@sha1:" + f.c1, "1\n"),
                    new Cell(CheckoutTarget.tag("v1.1.0"), f.c1, "v1.1.0@sha1:" + f.c1, "1\n"),
                    new Cell(CheckoutTarget.semver(">=1.0.0 <2.0.0"), f.c1, "v1.1.0@sha1:" + f.c1, "1\n"),
                    new Cell(CheckoutTarget.commit(f.c1), f.c1, "sha1:" + f.c1, "1\n"),
                    new Cell(CheckoutTarget.commit(f.c1, "main"), f.c1, "main@sha1:" + f.c1, "1\n"),
                    new Cell(CheckoutTarget.refName("refs/pull/7/head"), f.pr, "refs/pull/7/head@sha1:" + f.pr, "pr\n"));
            try (GitSource git = client.build()) {
                int n = 0;
                for (Cell cell : cellsOfTargets) {
                    for (int depth : new int[] {1, 0}) {
                        server.clearRequests();
                        Path dir = tmp.resolve("c" + n++);
                        CloneResult r = git.clone(url, CloneOptions.builder().target(cell.target).depth(depth)
                                .directory(dir).build());
                        String what = transport + " " + cell.target + " depth " + depth;
                        assertThat(r.revision()).as(what).isEqualTo(cell.revision);
                        assertThat(r.repository().head().id()).as(what).isEqualTo(cell.commit);
                        assertThat(Files.readString(dir.resolve("version.txt"))).as(what).isEqualTo(cell.version);
                        assertThat(GitCli.git(dir, "status", "--porcelain")).as(what).isEmpty();
                        if (depth == 1) {
                            assertThat(GitCli.git(dir, "rev-list", "--count", "HEAD")).as(what).isEqualTo("1");
                        }
                        r.repository().close();
                        if (recorded(backend, transport)) {
                            List<RecordedRequest> reqs = server.requests();
                            int version = transport == Transport.HTTP_V0 ? 0 : 2;
                            assertThat(reqs).as(what).anySatisfy(q -> {
                                assertThat(q.isFetch()).isTrue();
                                assertThat(q.protocolVersion()).isEqualTo(version);
                                assertThat(q.deepen()).isEqualTo(depth);
                                assertThat(q.wants()).isNotEmpty();
                            });
                            if (version == 2 && !(cell.target instanceof CheckoutTarget.Commit c && c.branch() == null)) {
                                assertThat(reqs).as(what).anySatisfy(q -> assertThat(q.isLsRefs()).isTrue());
                            }
                        }
                    }
                }
                // an update of a kept copy: its fetch goes on the connection of its ls-refs, on every transport
                Path kept = tmp.resolve("kept");
                try (dev.gitsource.Repository copy = git.clone(url, CloneOptions.builder()
                        .target(CheckoutTarget.branch("main")).depth(1).directory(kept).build()).repository()) {
                    String c3 = server.repository("org/app").file("version.txt", "3\n").commit("three");
                    assertThat(copy.update().revision()).as(transport + " update").isEqualTo("main@sha1:" + c3);
                    assertThat(Files.readString(kept.resolve("version.txt"))).isEqualTo("3\n");
                    assertThat(GitCli.git(kept, "status", "--porcelain")).as(transport + " update").isEmpty();
                    assertThat(GitCli.git(kept, "rev-list", "--count", "HEAD")).isEqualTo("1");
                }
            }
        }
    }

    /** The C git servers record only what passes the HTTP front. */
    private static boolean recorded(Backend backend, Transport transport) {
        return backend == Backend.IN_JVM || transport == Transport.HTTP_V2 || transport == Transport.HTTPS;
    }

}
