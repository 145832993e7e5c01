package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.AuthenticationException;
import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.KnownHosts;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.testkit.GitCli;
import dev.gitsource.testkit.GitServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSH host certificates: a known_hosts {@code @cert-authority} line accepts a server whose host
 * certificate that CA signed for the host, as OpenSSH does; a certificate for another host, or
 * from another CA, is refused.
 */
class HostCertificateTest {
    @TempDir Path tmp;
    private Path key;

    @BeforeEach
    void keys() throws Exception {
        key = tmp.resolve("id");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start();
        assertThat(keygen.waitFor()).isZero();
    }

    private GitServer server(String... principals) throws Exception {
        GitServer server = GitServer.builder().ssh().sshPublicKey(Files.readString(tmp.resolve("id.pub")))
                .sshHostCertificate(principals).start();
        server.repository("org/app").file("f", "certified").commit("c");
        return server;
    }

    private void cloneWith(GitServer server, String knownHosts, String dir) throws Exception {
        URI url = server.sshUrl("org/app");
        try (GitSource git = GitSource.builder().timeout(java.time.Duration.ofSeconds(20))
                .credentials(GitCredentials.sshKey(url.getUserInfo(), Files.readString(key), null))
                .knownHosts(KnownHosts.parse(knownHosts)).build()) {
            git.clone(url, CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1)
                    .directory(tmp.resolve(dir)).build()).repository().close();
        }
    }

    @Test
    void aCertificateAuthorityLineAcceptsAHostItCertifiedAsOpenSshDoes() throws Exception {
        try (GitServer server = server()) {
            String ca = server.sshCertificateAuthorityLine();
            cloneWith(server, ca, "a");
            assertThat(Files.readString(tmp.resolve("a/f"))).isEqualTo("certified");

            // The reference: OpenSSH's client with only that line in known_hosts.
            Path knownHosts = tmp.resolve("known_hosts");
            Files.writeString(knownHosts, ca + "\n");
            GitCli c = GitCli.run(tmp, Map.of("GIT_SSH_COMMAND", "ssh -i " + key + " -o UserKnownHostsFile=" + knownHosts
                    + " -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes -o BatchMode=yes"),
                    "clone", "-q", server.sshUrl("org/app").toString(), "cgit");
            assertThat(c.exitCode()).as(c.output()).isZero();
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        try (GitServer server = server("git.example.org")) {
            assertThatThrownBy(() -> cloneWith(server, server.sshCertificateAuthorityLine(), "a"))
                    .isInstanceOf(AuthenticationException.class).hasMessageContaining("host key");
            assertThat(tmp.resolve("a")).doesNotExist();
        }
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() throws Exception {
        try (GitServer server = server(); GitServer other = server()) {
            String otherCa = other.sshCertificateAuthorityLine().replaceFirst("\\[127\\.0\\.0\\.1]:\\d+",
                    "[127.0.0.1]:" + server.sshUrl("org/app").getPort());
            assertThatThrownBy(() -> cloneWith(server, otherCa, "a"))
                    .isInstanceOf(AuthenticationException.class).hasMessageContaining("host key");
        }
    }
}
