package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.KnownHosts;
import dev.gitsource.Repository;
import dev.gitsource.UnsafeContentException;
import dev.gitsource.UpdateOptions;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.auth.GitCredentialsProvider;
import dev.gitsource.testkit.GitCli;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.RecordedRequest;
import dev.gitsource.testkit.RepositoryFixture;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Submodules: each is cloned with credentials for its own URL (the caller's fixed credentials
 * reach only the server it named), with absolute, scp-style and relative URLs, nested with a
 * cap and a cycle guard, and recorded so that C git's {@code git submodule status} works.
 */
class SubmoduleTest {
    @TempDir Path tmp;

    private CloneOptions.Builder main(String dir) {
        return CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1).directory(tmp.resolve(dir))
                .submodules(true);
    }

    /** A submodule at {@code path} pointing at {@code other}'s main, by the given URL. */
    private static RepositoryFixture withSubmodule(RepositoryFixture repo, String path, RepositoryFixture other,
            String url) {
        return repo.submodule(path, other).file(".gitmodules", "[submodule \"" + path + "\"]\n\tpath = " + path
                + "\n\turl = " + url + "\n");
    }

    /** C git's {@code git submodule status} lines: state, commit and path (without the describe part, which differs). */
    private static List<String> submoduleStatus(Path dir, String... options) throws Exception {
        // Not through GitCli: it trims the output, and with it the state of the first line.
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of("git", "submodule", "status"), Stream.of(options))
                .toList()).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out.lines().map(l -> l.replaceFirst(" \\(.*\\)$", "")).toList();
    }

    @Test
    void fixedCredentialsReachOnlyTheServerTheCallerNamed() throws Exception {
        try (GitServer named = GitServer.builder().http().basicAuth("u", "p").start();
                GitServer other = GitServer.builder().http().start();
                GitSource git = GitSource.builder().credentials(GitCredentials.basic("u", "p"))
                        .allowCredentialsOverHttp(true).build()) {
            RepositoryFixture lib = other.repository("org/lib");
            lib.file("lib.txt", "lib 1").commit("lib 1");
            RepositoryFixture app = named.repository("org/app");
            withSubmodule(app.file("app.txt", "app"), "vendor/lib", lib, other.httpUrl("org/lib").toString())
                    .commit("with a submodule on another server");

            git.clone(named.httpUrl("org/app"), main("app").build()).repository().close();
            assertThat(Files.readString(tmp.resolve("app/vendor/lib/lib.txt"))).isEqualTo("lib 1");
            assertThat(other.requests()).isNotEmpty().allSatisfy(r -> {
                assertThat(r.authScheme()).isNull();
                assertThat(r.user()).isNull();
            });
            assertThat(named.requests()).allSatisfy(r -> assertThat(r.user()).isEqualTo("u"));

            // An update that moves the submodule asks the other server for it, again without them.
            other.clearRequests();
            lib.file("lib.txt", "lib 2").commit("lib 2");
            withSubmodule(app, "vendor/lib", lib, other.httpUrl("org/lib").toString()).commit("bump lib");
            try (Repository repo = git.open(tmp.resolve("app"))) {
                repo.update(UpdateOptions.builder().build());
            }
            assertThat(Files.readString(tmp.resolve("app/vendor/lib/lib.txt"))).isEqualTo("lib 2");
            assertThat(other.requests()).anySatisfy(r -> assertThat(r.isFetch()).isTrue())
                    .allSatisfy(r -> assertThat(r.authScheme()).isNull());
        }
    }

    @Test
    void aTokenInTheParentsUrlReachesRelativeSubmodulesAndIsStoredNowhere() throws Exception {
        String token = "ghp_submoduleToken0123456789";
        try (GitServer server = GitServer.builder().https().basicAuth(token, "").start();
                GitSource git = GitSource.builder().tls(dev.gitsource.TlsOptions.builder()
                        .caCertificatesPem(server.caCertificatePem()).build()).build()) {
            RepositoryFixture lib = server.repository("org/lib");
            lib.file("lib.txt", "lib").commit("lib");
            server.repository("org/app").submodule("lib", lib).commit("app");
            URI url = URI.create(server.httpsUrl("org/app").toString().replace("https://", "https://" + token + "@"));

            git.clone(url, main("app").build()).repository().close();
            assertThat(Files.readString(tmp.resolve("app/lib/lib.txt"))).isEqualTo("lib");
            assertThat(server.requests()).filteredOn(RecordedRequest::isFetch).extracting(RecordedRequest::repository)
                    .containsExactlyInAnyOrder("org/app", "org/lib");
            assertThat(UrlCredentialsTest.filesContaining(tmp.resolve("app"), token)).isEmpty();
            assertThat(GitCli.git(tmp.resolve("app"), "config", "--get", "submodule.lib.url"))
                    .isEqualTo(server.httpsUrl("org/lib").toString());
        }
    }

    @Test
    void aProviderThatReadsTheUrlIsAskedForEachSubmodulesOwnServer() throws Exception {
        try (GitServer named = GitServer.builder().http().basicAuth("u", "p").start();
                GitServer other = GitServer.builder().http().basicAuth("lib-user", "lib-pass").start()) {
            List<URI> asked = new CopyOnWriteArrayList<>();
            GitCredentialsProvider byServer = request -> {
                asked.add(request.remote());
                return request.remote().getPort() == named.httpUrl("x").getPort() ? GitCredentials.basic("u", "p")
                        : GitCredentials.basic("lib-user", "lib-pass");
            };
            RepositoryFixture lib = other.repository("org/lib");
            lib.file("lib.txt", "lib").commit("lib");
            withSubmodule(named.repository("org/app").file("app.txt", "app"), "lib", lib,
                    other.httpUrl("org/lib").toString()).commit("app");
            try (GitSource git = GitSource.builder().credentials(byServer).allowCredentialsOverHttp(true).build()) {
                git.clone(named.httpUrl("org/app"), main("app").build()).repository().close();
            }
            assertThat(Files.readString(tmp.resolve("app/lib/lib.txt"))).isEqualTo("lib");
            assertThat(asked).contains(other.httpUrl("org/lib"));
            assertThat(other.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.user()).isEqualTo("lib-user"));
            assertThat(named.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.user()).isEqualTo("u"));
        }
    }

    @Test
    void relativeAndScpStyleUrlsAreResolvedAsCGitResolvesThem() throws Exception {
        Path key = tmp.resolve("id");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start();
        assertThat(keygen.waitFor()).isZero();
        try (GitServer server = GitServer.builder().ssh().sshPublicKey(Files.readString(tmp.resolve("id.pub"))).start()) {
            URI url = server.sshUrl("org/app");
            String scp = "[git@127.0.0.1:" + url.getPort() + "]:org/scp.git";
            RepositoryFixture rel = server.repository("org/rel");
            rel.file("rel.txt", "relative").commit("rel");
            RepositoryFixture scpRepo = server.repository("org/scp");
            scpRepo.file("scp.txt", "scp-style").commit("scp");
            server.repository("org/app").submodule("rel", rel).submodule("scp", scpRepo)
                    .file(".gitmodules", "[submodule \"rel\"]\n\tpath = rel\n\turl = ../rel.git\n"
                            + "[submodule \"scp\"]\n\tpath = scp\n\turl = " + scp + "\n")
                    .commit("two submodules");

            // The reference: C git clones both.
            Path knownHosts = tmp.resolve("known_hosts");
            Files.writeString(knownHosts, server.knownHostsLine() + "\n");
            Map<String, String> env = Map.of("GIT_SSH_COMMAND", "ssh -i " + key + " -o UserKnownHostsFile=" + knownHosts
                    + " -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes -o BatchMode=yes");
            GitCli c = GitCli.run(tmp, env, "clone", "-q", "--recurse-submodules", url.toString(), "cgit");
            assertThat(c.exitCode()).as(c.output()).isZero();
            assertThat(Files.readString(tmp.resolve("cgit/scp/scp.txt"))).isEqualTo("scp-style");

            try (GitSource git = GitSource.builder().knownHosts(KnownHosts.parse(server.knownHostsLine()))
                    .credentials(GitCredentials.sshKey("git", Files.readString(key), null)).build()) {
                git.clone(url, main("app").build()).repository().close();
            }
            assertThat(Files.readString(tmp.resolve("app/rel/rel.txt"))).isEqualTo("relative");
            assertThat(Files.readString(tmp.resolve("app/scp/scp.txt"))).isEqualTo("scp-style");
            assertThat(GitCli.git(tmp.resolve("app"), "config", "--get", "submodule.scp.url")).isEqualTo(scp);
            assertThat(GitCli.git(tmp.resolve("app"), "config", "--get", "submodule.rel.url"))
                    .isEqualTo(server.sshUrl("org/rel").toString());
            assertThat(GitCli.git(tmp.resolve("app/scp"), "config", "--get", "remote.origin.url")).isEqualTo(scp);
            assertThat(submoduleStatus(tmp.resolve("app"))).isEqualTo(submoduleStatus(tmp.resolve("cgit")))
                    .containsExactly(" " + rel.head("main") + " rel", " " + scpRepo.head("main") + " scp");
            assertThat(server.requests()).filteredOn(RecordedRequest::isFetch)
                    .extracting(RecordedRequest::repository).contains("org/rel", "org/scp");

            // The copy of an scp-style submodule updates through its stored URL.
            try (GitSource git = GitSource.builder().knownHosts(KnownHosts.parse(server.knownHostsLine()))
                    .credentials(GitCredentials.sshKey("git", Files.readString(key), null)).build();
                    Repository sub = git.open(tmp.resolve("app/scp"))) {
                assertThat(sub.update(UpdateOptions.builder().build()).unchanged()).isTrue();
            }
        }
    }

    @Test
    void nestedSubmodulesAreClonedAndRecordedAsCGitRecordsThem() throws Exception {
        try (GitServer server = GitServer.builder().http().start(); GitSource git = GitSource.builder().build()) {
            RepositoryFixture leaf = server.repository("org/leaf");
            leaf.file("leaf.txt", "leaf").commit("leaf");
            RepositoryFixture mid = server.repository("org/mid");
            mid.file("mid.txt", "mid").submodule("leaf", leaf).commit("mid");
            server.repository("org/app").file("app.txt", "app").submodule("deps/mid", mid).commit("app");

            git.clone(server.httpUrl("org/app"), main("app").build()).repository().close();
            Path app = tmp.resolve("app");
            assertThat(Files.readString(app.resolve("deps/mid/leaf/leaf.txt"))).isEqualTo("leaf");
            // ' ': initialized and checked out at the commit the superproject records
            assertThat(submoduleStatus(app, "--recursive"))
                    .containsExactly(" " + mid.head("main") + " deps/mid", " " + leaf.head("main") + " deps/mid/leaf");
            assertThat(GitCli.git(app, "config", "--get", "submodule.deps/mid.url"))
                    .isEqualTo(server.httpUrl("org/mid").toString());
            assertThat(GitCli.git(app, "status", "--porcelain")).isEmpty();
        }
    }

    @Test
    void anUpdateMovesASubmoduleToTheCommitTheSuperprojectNowRecords() throws Exception {
        try (GitServer server = GitServer.builder().http().start(); GitSource git = GitSource.builder().build()) {
            RepositoryFixture lib = server.repository("org/lib");
            lib.file("lib.txt", "lib 1").commit("lib 1");
            RepositoryFixture app = server.repository("org/app");
            app.file("app.txt", "app").submodule("deps/lib", lib).commit("app with lib 1");
            Path dir = tmp.resolve("app");
            RepositoryFixture extra = server.repository("org/extra");
            try (Repository repo = git.clone(server.httpUrl("org/app"), main("app").build()).repository()) {
                lib.file("lib.txt", "lib 2").file("more.txt", "more").commit("lib 2");
                extra.file("extra.txt", "extra").commit("extra");
                app.submodule("deps/lib", lib).submodule("deps/extra", extra).commit("lib 2 and extra");

                assertThat(repo.update().revision()).isEqualTo("main@sha1:" + app.head("main"));
            }
            assertThat(Files.readString(dir.resolve("deps/lib/lib.txt"))).isEqualTo("lib 2");
            assertThat(Files.readString(dir.resolve("deps/lib/more.txt"))).isEqualTo("more");
            assertThat(Files.readString(dir.resolve("deps/extra/extra.txt"))).isEqualTo("extra");
            // ' ': each submodule checked out at the commit the superproject records, as C git sees it
            assertThat(submoduleStatus(dir)).containsExactlyInAnyOrder(" " + lib.head("main") + " deps/lib",
                    " " + extra.head("main") + " deps/extra");
            assertThat(GitCli.git(dir, "status", "--porcelain")).isEmpty();
            assertThat(GitCli.git(dir.resolve("deps/lib"), "status", "--porcelain")).isEmpty();
        }
    }

    @Test
    void aSubmoduleCycleIsRefused() throws Exception {
        try (GitServer server = GitServer.builder().http().start(); GitSource git = GitSource.builder().build()) {
            RepositoryFixture a = server.repository("org/a");
            a.file("a.txt", "a").commit("a 1");
            RepositoryFixture b = server.repository("org/b");
            b.file("b.txt", "b").submodule("a", a).commit("b includes a");
            a.submodule("b", b).commit("a includes b, which includes a");

            assertThatThrownBy(() -> git.clone(server.httpUrl("org/a"), main("a").build()))
                    .isInstanceOf(UnsafeContentException.class).hasMessageContaining("cycle");
            FaultMatrixTest.assertNothingLeft(tmp, "a");
        }
    }

    @Test
    void nestingDeeperThanTheCapIsRefused() throws Exception {
        try (GitServer server = GitServer.builder().http().start(); GitSource git = GitSource.builder().build()) {
            RepositoryFixture below = server.repository("org/r0");
            below.file("r.txt", "0").commit("r0");
            for (int i = 1; i <= 9; i++) {
                RepositoryFixture r = server.repository("org/r" + i);
                r.file("r.txt", String.valueOf(i)).submodule("sub", below).commit("r" + i);
                below = r;
            }
            // r8 has eight levels below it: allowed; r9 has nine.
            git.clone(server.httpUrl("org/r8"), main("r8").build()).repository().close();
            assertThat(Files.readString(tmp.resolve("r8/" + "sub/".repeat(8) + "r.txt"))).isEqualTo("0");
            assertThatThrownBy(() -> git.clone(server.httpUrl("org/r9"), main("r9").build()))
                    .isInstanceOf(UnsafeContentException.class).hasMessageContaining("nested deeper than 8");
            FaultMatrixTest.assertNothingLeft(tmp, "r9");
        }
    }
}
