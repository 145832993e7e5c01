package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.AuthenticationException;
import dev.gitsource.KnownHosts;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.ProxyOptions;
import dev.gitsource.TlsOptions;
import dev.gitsource.testkit.ConnectProxy;
import dev.gitsource.testkit.GitServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clones go through the configured proxy (and only then), with its credentials. */
class ProxyTest {
    @TempDir Path tmp;

    private CloneOptions into(String dir) {
        return CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1).directory(tmp.resolve(dir)).build();
    }

    private static String target(URI url) {
        return "127.0.0.1:" + url.getPort();
    }

    @Test
    void httpsCloneIsTunnelledThroughTheProxy() throws Exception {
        try (GitServer server = GitServer.builder().https().start(); ConnectProxy proxy = ConnectProxy.open().start()) {
            server.repository("org/app").file("f", "via proxy").commit("c");
            URI url = server.httpsUrl("org/app");
            try (GitSource git = GitSource.builder().proxy(ProxyOptions.of(proxy.httpUri()))
                    .tls(TlsOptions.builder().caCertificatesPem(server.caCertificatePem()).build()).build()) {
                git.clone(url, into("a")).repository().close();
            }
            assertThat(Files.readString(tmp.resolve("a/f"))).isEqualTo("via proxy");
            assertThat(proxy.targets()).isNotEmpty().allSatisfy(t -> assertThat(t).isEqualTo(target(url)));
            assertThat(proxy.relayedBytes()).isPositive();
            assertThat(server.requests()).anySatisfy(r -> assertThat(r.isFetch()).isTrue());
        }
    }

    @Test
    void plainHttpCloneGoesThroughTheProxyWithItsCredentials() throws Exception {
        try (GitServer server = GitServer.builder().http().start();
                ConnectProxy proxy = ConnectProxy.withCredentials("proxy-user", "proxy-secret").start()) {
            server.repository("org/app").file("f", "plain").commit("c");
            URI url = server.httpUrl("org/app");
            try (GitSource git = GitSource.builder()
                    .proxy(ProxyOptions.of(proxy.httpUri()).withCredentials("proxy-user", "proxy-secret")).build()) {
                git.clone(url, into("a")).repository().close();
            }
            assertThat(Files.readString(tmp.resolve("a/f"))).isEqualTo("plain");
            assertThat(proxy.refusals()).isEmpty();
            assertThat(proxy.targets()).isNotEmpty().allSatisfy(t -> assertThat(t).isEqualTo(target(url)));
            assertThat(server.requests()).anySatisfy(r -> assertThat(r.isFetch()).isTrue());
        }
    }

    @Test
    void httpsCloneSendsTheProxyCredentialsInTheConnect() throws Exception {
        try (GitServer server = GitServer.builder().https().start();
                ConnectProxy proxy = ConnectProxy.withCredentials("proxy-user", "proxy-secret").start()) {
            server.repository("org/app").file("f", "tunnel").commit("c");
            URI url = server.httpsUrl("org/app");
            try (GitSource git = GitSource.builder()
                    .proxy(ProxyOptions.of(proxy.httpUri()).withCredentials("proxy-user", "proxy-secret"))
                    .tls(TlsOptions.builder().caCertificatesPem(server.caCertificatePem()).build()).build()) {
                git.clone(url, into("a")).repository().close();
            }
            assertThat(proxy.refusals()).isEmpty();
            assertThat(proxy.targets()).isNotEmpty().allSatisfy(t -> assertThat(t).isEqualTo(target(url)));
            assertThat(server.requests()).anySatisfy(r -> assertThat(r.isFetch()).isTrue());
        }
    }

    @Test
    void aWrongProxyPasswordIsATypedErrorThatDoesNotQuoteIt() throws Exception {
        wrongProxyPassword(false);
    }

    @Test
    void aWrongProxyPasswordOnAnHttpsTunnelIsATypedErrorThatDoesNotQuoteIt() throws Exception {
        wrongProxyPassword(true);
    }

    private void wrongProxyPassword(boolean https) throws Exception {
        GitServer.Builder b = GitServer.builder();
        try (GitServer server = (https ? b.https() : b.http()).start();
                ConnectProxy proxy = ConnectProxy.withCredentials("proxy-user", "proxy-secret").start()) {
            server.repository("org/app").file("f", "x").commit("c");
            URI url = https ? server.httpsUrl("org/app") : server.httpUrl("org/app");
            GitSource.Builder client = GitSource.builder()
                    .proxy(ProxyOptions.of(proxy.httpUri()).withCredentials("proxy-user", "wrong-proxy-pw"));
            if (https) {
                client.tls(TlsOptions.builder().caCertificatesPem(server.caCertificatePem()).build());
            }
            try (GitSource git = client.build()) {
                assertThatThrownBy(() -> git.clone(url, into("a")))
                        .isInstanceOf(AuthenticationException.class)
                        .hasMessageContaining("proxy")
                        .satisfies(e -> assertThat(stackText(e)).doesNotContain("wrong-proxy-pw"));
            }
            assertThat(proxy.refusals()).isNotEmpty();
            assertThat(proxy.targets()).isEmpty();
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void aNoProxyHostFromTheEnvironmentBypassesTheProxy() throws Exception {
        try (GitServer server = GitServer.builder().http().start(); ConnectProxy proxy = ConnectProxy.open().start()) {
            server.repository("org/app").file("f", "direct").commit("c");
            ProxyOptions env = ProxyOptions.fromEnvironment(Map.of("HTTP_PROXY", proxy.httpUri().toString(),
                    "HTTPS_PROXY", proxy.httpUri().toString(), "NO_PROXY", "example.org, 127.0.0.1"));
            try (GitSource git = GitSource.builder().proxy(env).build()) {
                git.clone(server.httpUrl("org/app"), into("a")).repository().close();
            }
            assertThat(Files.readString(tmp.resolve("a/f"))).isEqualTo("direct");
            assertThat(proxy.targets()).isEmpty();
            assertThat(proxy.relayedBytes()).isZero();
            assertThat(server.requests()).anySatisfy(r -> assertThat(r.isFetch()).isTrue());
        }
    }

    @Test
    @org.junit.jupiter.api.Disabled("JGit's SSH HTTP-proxy connector drops the bytes that arrive in the same read as the"
            + " proxy's 200 reply (here the SSH server's greeting), so the handshake waits until the deadline; with a"
            + " 200 ms pause in the proxy before relaying it passes. Use a SOCKS5 proxy for SSH (tested below).")
    void sshCloneGoesThroughAnHttpConnectProxyWithCredentials() throws Exception {
        sshThroughProxy(false);
    }

    @Test
    void sshCloneGoesThroughASocks5ProxyWithCredentials() throws Exception {
        sshThroughProxy(true);
    }

    private void sshThroughProxy(boolean socks) throws Exception {
        Path key = tmp.resolve("id");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start();
        assertThat(keygen.waitFor()).isZero();
        try (GitServer server = GitServer.builder().ssh().sshPublicKey(Files.readString(tmp.resolve("id.pub"))).start();
                ConnectProxy proxy = ConnectProxy.withCredentials("proxy-user", "proxy-secret").start()) {
            server.repository("org/app").file("f", "ssh").commit("c");
            URI url = server.sshUrl("org/app");
            try (GitSource git = GitSource.builder().timeout(java.time.Duration.ofSeconds(8))
                    .credentials(GitCredentials.sshKey(url.getUserInfo(), Files.readString(key), null))
                    .knownHosts(KnownHosts.parse(server.knownHostsLine()))
                    .proxy(ProxyOptions.of(socks ? proxy.socksUri() : proxy.httpUri())
                            .withCredentials("proxy-user", "proxy-secret")).build()) {
                git.clone(url, into("a")).repository().close();
            }
            assertThat(Files.readString(tmp.resolve("a/f"))).isEqualTo("ssh");
            assertThat(proxy.refusals()).isEmpty();
            assertThat(proxy.targets()).isNotEmpty().allSatisfy(t -> assertThat(t).isEqualTo(target(url)));
            assertThat(server.requests()).anySatisfy(r -> assertThat(r.isFetch()).isTrue());
        }
    }

    @Test
    void noProxyMatching() {
        URI p = URI.create("http://proxy.internal:3128");
        ProxyOptions env = ProxyOptions.fromEnvironment(Map.of("HTTPS_PROXY", p.toString(),
                "no_proxy", "exact.org,.suffix.org,*.star.org, Spaced.Org "));
        assertThat(env.proxyFor(URI.create("https://exact.org/r"))).isEmpty();
        assertThat(env.proxyFor(URI.create("https://sub.exact.org/r"))).isEmpty();
        assertThat(env.proxyFor(URI.create("https://notexact.org/r"))).contains(p);
        assertThat(env.proxyFor(URI.create("https://a.suffix.org/r"))).isEmpty();
        assertThat(env.proxyFor(URI.create("https://suffix.org/r"))).isEmpty();
        assertThat(env.proxyFor(URI.create("https://a.star.org/r"))).isEmpty();
        assertThat(env.proxyFor(URI.create("https://SPACED.org/r"))).isEmpty();
        assertThat(env.proxyFor(URI.create("https://other.org/r"))).contains(p);
        assertThat(env.proxyFor(URI.create("http://other.org/r"))).as("no HTTP_PROXY set").isEmpty();
        assertThat(ProxyOptions.fromEnvironment(Map.of("HTTPS_PROXY", p.toString(), "NO_PROXY", "*"))
                .proxyFor(URI.create("https://any.org/r"))).isEmpty();
        assertThat(ProxyOptions.fromEnvironment(Map.of()).proxyFor(URI.create("https://any.org/r"))).isEmpty();
        assertThat(ProxyOptions.fromEnvironment(Map.of("HTTPS_PROXY", "http://u:s3cret@proxy.internal:3128"))
                .toString()).doesNotContain("s3cret");
    }

    static String stackText(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append('\n');
            for (Throwable s : c.getSuppressed()) {
                sb.append(s).append('\n');
            }
        }
        return sb.toString();
    }
}
