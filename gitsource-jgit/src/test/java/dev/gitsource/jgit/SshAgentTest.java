package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gitsource.AuthenticationException;
import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.KnownHosts;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.testkit.GitServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GitCredentials.sshAgent(user, socket)}: a real OpenSSH {@code ssh-agent} holds the key
 * and signs; the private key never reaches the client.
 */
class SshAgentTest {
    @TempDir Path tmp;
    private Process agent;
    private Path socket;

    private Path keygen(String name) throws Exception {
        Path key = tmp.resolve(name);
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start();
        assertThat(p.waitFor()).isZero();
        return key;
    }

    @BeforeEach
    void startAgent() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-agent")), "OpenSSH's ssh-agent is not installed");
        socket = tmp.resolve("agent.sock");
        agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true).start();
        Instant until = Instant.now().plusSeconds(10);
        while (!Files.exists(socket) && agent.isAlive() && Instant.now().isBefore(until)) {
            try {
                agent.onExit().get(20, TimeUnit.MILLISECONDS); // returns if the agent dies
            } catch (java.util.concurrent.TimeoutException stillStarting) {
                // the socket may be there now
            }
        }
        assertThat(socket).as("the agent's socket").exists();
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (agent != null) {
            agent.destroy();
            agent.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void add(Path key) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("ssh-add", "-q", key.toString()).redirectErrorStream(true);
        pb.environment().put("SSH_AUTH_SOCK", socket.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    private void cloneWithTheAgent(GitServer server, String dir) {
        try (GitSource git = GitSource.builder().timeout(Duration.ofSeconds(20))
                .credentials(GitCredentials.sshAgent("git", socket.toString()))
                .knownHosts(KnownHosts.parse(server.knownHostsLine())).build()) {
            git.clone(server.sshUrl("org/app"), CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1)
                    .directory(tmp.resolve(dir)).build()).repository().close();
        }
    }

    @Test
    void aKeyHeldByTheAgentAuthenticates() throws Exception {
        Path key = keygen("id");
        add(key);
        try (GitServer server = GitServer.builder().ssh().sshPublicKey(Files.readString(tmp.resolve("id.pub"))).start()) {
            server.repository("org/app").file("f", "signed by the agent").commit("c");
            cloneWithTheAgent(server, "a");
            assertThat(Files.readString(tmp.resolve("a/f"))).isEqualTo("signed by the agent");
            assertThat(server.requests()).isNotEmpty().allSatisfy(r -> {
                assertThat(r.authScheme()).isEqualTo("publickey");
                assertThat(r.user()).isEqualTo("git");
            });
        }
    }

    @Test
    void aServerThatAcceptsNoneOfTheAgentsKeysRefuses() throws Exception {
        add(keygen("id"));
        keygen("other");
        try (GitServer server = GitServer.builder().ssh().sshPublicKey(Files.readString(tmp.resolve("other.pub")))
                .start()) {
            server.repository("org/app").file("f", "x").commit("c");
            assertThatThrownBy(() -> cloneWithTheAgent(server, "a")).isInstanceOf(AuthenticationException.class);
            assertThat(tmp.resolve("a")).doesNotExist();
        }
    }
}
