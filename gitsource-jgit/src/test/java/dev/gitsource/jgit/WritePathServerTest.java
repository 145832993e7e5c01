package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.Commit;
import dev.gitsource.CommitRequest;
import dev.gitsource.GitSource;
import dev.gitsource.KnownHosts;
import dev.gitsource.Person;
import dev.gitsource.PushOptions;
import dev.gitsource.PushRejectedException;
import dev.gitsource.RefUpdate;
import dev.gitsource.Repository;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Flux's image-automation write path against C git's and the in-JVM servers, over HTTPS and SSH. */
class WritePathServerTest {
    static final Person BOT = Person.of("Flux Bot", "bot@example.com");
    @TempDir Path tmp;

    record Setup(GitServer server, GitSource git, URI url) {}

    private Setup setup(Backend backend, String transport) throws Exception {
        BackendAssumptions.assumeCGit(); // C git reads the pushes back
        if (transport.equals("ssh")) {
            BackendAssumptions.assumeSshAvailable(backend);
        } else {
            BackendAssumptions.assumeAvailable(backend);
        }
        Path key = tmp.resolve("id");
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-b", "384", "-N", "", "-f", key.toString()).start();
        assertThat(p.waitFor()).isZero();
        GitServer.Builder b = GitServer.builder().backend(backend).protectRef("refs/heads/protected");
        b = transport.equals("ssh") ? b.ssh().sshPublicKey(Files.readString(tmp.resolve("id.pub"))) : b.https();
        GitServer server = b.start();
        RepositoryFixture repo = server.repository("org/app");
        repo.file("deploy/app.yaml", "image: v1\n").commit("one");
        repo.file("deploy/app.yaml", "image: v1.1\n").commit("two");
        repo.branch("protected");
        GitSource.Builder client = GitSource.builder();
        URI url;
        if (transport.equals("ssh")) {
            url = server.sshUrl("org/app");
            client.credentials(GitCredentials.sshKey(url.getUserInfo(), Files.readString(key), null))
                    .knownHosts(KnownHosts.parse(server.knownHostsLine()));
        } else {
            url = server.httpsUrl("org/app");
            client.tls(TlsOptions.builder().caCertificatesPem(server.caCertificatePem()).build());
        }
        return new Setup(server, client.build(), url);
    }

    private static String remoteHead(GitServer server, String branch) {
        return server.repository("org/app").head(branch);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"IN_JVM, https", "IN_JVM, ssh", "C_GIT, https", "C_GIT, ssh"})
    void fluxScenario(Backend backend, String transport) throws Exception {
        Setup s = setup(backend, transport);
        try (GitServer server = s.server; GitSource git = s.git;
                Repository repo = git.clone(s.url, CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1)
                        .directory(tmp.resolve("c")).build()).repository()) {
            Commit c1 = repo.commit(CommitRequest.of(BOT, "image v2").withFile("deploy/app.yaml", "image: v2\n"));
            repo.push();
            assertThat(remoteHead(server, "main")).isEqualTo(c1.id());

            // the branch does not exist remotely yet: it starts at HEAD; then someone else pushes to it
            repo.switchBranch("new");
            assertThat(repo.currentBranch()).contains("new");
            server.repository("org/app").onBranch("new").file("other.txt", "x").commit("someone else's");
            server.repository("org/app").onBranch("main");
            Commit c2 = repo.commit(CommitRequest.of(BOT, "image v3").withFile("deploy/app.yaml", "image: v3\n"));
            assertThatThrownBy(repo::push).isInstanceOfSatisfying(PushRejectedException.class, e ->
                    assertThat(e.updates()).singleElement().satisfies(u -> {
                        assertThat(u.remoteRef()).isEqualTo("refs/heads/new");
                        assertThat(u.status()).isEqualTo(RefUpdate.Status.REJECTED_NON_FAST_FORWARD);
                    }));
            assertThat(repo.head().id()).isEqualTo(c2.id());
            repo.push(PushOptions.builder().force(true).option("ci.skip").build());
            assertThat(remoteHead(server, "new")).isEqualTo(c2.id());
            if (backend == Backend.IN_JVM || transport.equals("https")) {
                RecordedRequest push = server.requests().stream().filter(r -> "push".equals(r.command()))
                        .reduce((a, b) -> b).orElseThrow();
                assertThat(push.pushOptions()).containsExactly("ci.skip");
            }

            repo.switchBranch("main");
            Commit c3 = repo.commit(CommitRequest.of(BOT, "image v4").withFile("deploy/app.yaml", "image: v4\n"));
            repo.push();
            assertThat(remoteHead(server, "main")).isEqualTo(c3.id());
            assertThat(remoteHead(server, "new")).isEqualTo(c2.id());

            // a hook refuses the protected branch, with its reason
            assertThatThrownBy(() -> repo.push(PushOptions.builder().refspec("HEAD:refs/heads/protected").force(true).build()))
                    .isInstanceOfSatisfying(PushRejectedException.class, e -> assertThat(e.updates()).singleElement()
                            .satisfies(u -> {
                                assertThat(u.status()).isEqualTo(RefUpdate.Status.REJECTED_BY_SERVER);
                                assertThat(u.message()).isNotBlank();
                            }));
            assertThat(repo.head().id()).isEqualTo(c3.id());
            GitCli.git(server.repository("org/app").directory(), "fsck", "--no-progress");
        }
    }
}
