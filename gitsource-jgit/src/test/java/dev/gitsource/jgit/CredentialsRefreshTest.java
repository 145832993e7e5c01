package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gitsource.AuthenticationException;
import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.KnownHosts;
import dev.gitsource.ProxyOptions;
import dev.gitsource.TlsOptions;
import dev.gitsource.auth.CredentialsRequest;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.auth.GitCredentialsProvider;
import dev.gitsource.testkit.ConnectProxy;
import dev.gitsource.testkit.GitServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The credentials provider is asked again (with {@code refused=true}) only when the server
 * refused what it gave: not for an untrusted certificate or host key, the plain-http refusal,
 * an unreadable key or a proxy's 407, where a new token cannot help.
 */
class CredentialsRefreshTest {
    @TempDir static Path keys;
    @TempDir Path tmp;
    private static GitServer server;
    private static String key;
    private static String otherKey;

    /** Counts the questions and remembers, for each, whether it said "refused". */
    static final class Counting implements GitCredentialsProvider {
        final List<Boolean> refused = new CopyOnWriteArrayList<>();
        private final GitCredentials first;
        private final GitCredentials again;

        Counting(GitCredentials first, GitCredentials again) {
            this.first = first;
            this.again = again;
        }

        Counting(GitCredentials always) {
            this(always, always);
        }

        @Override
        public GitCredentials resolve(CredentialsRequest request) {
            refused.add(request.refused());
            return request.refused() ? again : first;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        key = keyPair("id");
        otherKey = keyPair("other");
        server = GitServer.builder().http().https().ssh().basicAuth("ci", "right")
                .sshPublicKey(Files.readString(keys.resolve("id.pub"))).start();
        server.repository("org/app").file("a.txt", "a\n").commit("one");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anUntrustedCertificateAsksOnce() {
        Counting p = new Counting(GitCredentials.basic("ci", "right"));
        assertRefused(GitSource.builder().credentials(p), server.httpsUrl("org/app"), "not trusted");
        assertThat(p.refused).containsExactly(false);
    }

    @Test
    void anUnknownHostKeyAsksOnce() {
        Counting p = new Counting(GitCredentials.sshKey(sshUser(), key, null));
        assertRefused(GitSource.builder().credentials(p).knownHosts(KnownHosts.parse("")), server.sshUrl("org/app"),
                "host key");
        assertThat(p.refused).containsExactly(false);
    }

    @Test
    void thePlainHttpRefusalAsksOnce() {
        Counting p = new Counting(GitCredentials.basic("ci", "right"));
        assertRefused(GitSource.builder().credentials(p), server.httpUrl("org/app"), "plain http");
        assertThat(p.refused).containsExactly(false);
    }

    @Test
    void anUnreadableKeyAsksOnce() {
        Counting p = new Counting(GitCredentials.sshKey(sshUser(), "-----BEGIN OPENSSH PRIVATE KEY-----\nnot a key\n"
                + "-----END OPENSSH PRIVATE KEY-----\n", null));
        assertRefused(GitSource.builder().credentials(p).knownHosts(KnownHosts.parse(server.knownHostsLine())),
                server.sshUrl("org/app"), "private key");
        assertThat(p.refused).containsExactly(false);
    }

    @Test
    void aProxyRefusalAsksOnce() throws Exception {
        Counting p = new Counting(GitCredentials.basic("ci", "right"));
        try (ConnectProxy proxy = ConnectProxy.withCredentials("proxy-user", "proxy-secret").start()) {
            assertRefused(trusting().credentials(p)
                    .proxy(ProxyOptions.of(proxy.httpUri()).withCredentials("proxy-user", "wrong")),
                    server.httpsUrl("org/app"), "proxy");
        }
        assertThat(p.refused).containsExactly(false);
    }

    @Test
    void a401AsksTwiceTheSecondTimeSayingRefused() {
        Counting p = new Counting(GitCredentials.basic("ci", "wrong"));
        assertRefused(trusting().credentials(p), server.httpsUrl("org/app"), "authentication failed");
        assertThat(p.refused).containsExactly(false, true);
    }

    @Test
    void aRefusedSshKeyAsksTwice() {
        Counting p = new Counting(GitCredentials.sshKey(sshUser(), otherKey, null));
        assertRefused(GitSource.builder().credentials(p).knownHosts(KnownHosts.parse(server.knownHostsLine())),
                server.sshUrl("org/app"), "authentication failed");
        assertThat(p.refused).containsExactly(false, true);
    }

    @Test
    void afterA401TheFreshCredentialsAreUsed() {
        Counting p = new Counting(GitCredentials.basic("ci", "expired"), GitCredentials.basic("ci", "right"));
        try (GitSource git = trusting().credentials(p).build()) {
            git.clone(server.httpsUrl("org/app"), options("fresh")).repository().close();
        }
        assertThat(tmp.resolve("fresh/a.txt")).hasContent("a");
        assertThat(p.refused).containsExactly(false, true);
    }

    private void assertRefused(GitSource.Builder client, URI url, String says) {
        try (GitSource git = client.timeout(Duration.ofSeconds(20)).build()) {
            assertThat(catchThrowable(() -> git.clone(url, options("refused"))))
                    .isInstanceOf(AuthenticationException.class).hasMessageContaining(says);
        }
        assertThat(tmp.resolve("refused")).doesNotExist();
    }

    private static String sshUser() {
        return server.sshUrl("org/app").getUserInfo();
    }

    private static GitSource.Builder trusting() {
        return GitSource.builder().tls(TlsOptions.builder().caCertificatesPem(server.caCertificatePem()).build());
    }

    private CloneOptions options(String dir) {
        return CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1).directory(tmp.resolve(dir)).build();
    }

    private static String keyPair(String name) throws Exception {
        Path file = keys.resolve(name);
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", file.toString())
                .redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(p.waitFor()).isZero();
        return Files.readString(file);
    }
}
