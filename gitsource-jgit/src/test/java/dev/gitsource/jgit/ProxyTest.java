package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.GitSourceException;
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

    /** The SSH server's greeting comes with the proxy's 200: JGit's own connector dropped it and stalled. */
    @Test
    void sshCloneGoesThroughAnHttpConnectProxyWithCredentials() throws Exception {
        sshThroughProxy(ConnectProxy.withCredentials("proxy-user", "proxy-secret"), ConnectProxy::httpUri, "proxy-secret");
    }

    @Test
    void sshCloneGoesThroughASocks5ProxyWithCredentials() throws Exception {
        sshThroughProxy(ConnectProxy.withCredentials("proxy-user", "proxy-secret"), ConnectProxy::socksUri,
                "proxy-secret");
    }

    @Test
    void sshCloneGoesThroughAnHttpsProxyOverTls() throws Exception {
        ConnectProxy proxy = ConnectProxy.withCredentials("proxy-user", "proxy-secret").overTls();
        sshThroughProxy(proxy, ConnectProxy::httpsUri, "proxy-secret");
    }

    @Test
    void aWrongProxyPasswordOnTheWayToAnSshServerIsATypedErrorThatDoesNotQuoteIt() throws Exception {
        assertThatThrownBy(() -> sshThroughProxy(ConnectProxy.withCredentials("proxy-user", "proxy-secret"),
                ConnectProxy::httpUri, "wrong-proxy-pw"))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("proxy")
                .satisfies(e -> assertThat(stackText(e)).doesNotContain("wrong-proxy-pw"));
    }

    private void sshThroughProxy(ConnectProxy unstarted, java.util.function.Function<ConnectProxy, URI> uri,
            String proxyPassword) throws Exception {
        Path key = tmp.resolve("id");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start();
        assertThat(keygen.waitFor()).isZero();
        try (GitServer server = GitServer.builder().ssh().sshPublicKey(Files.readString(tmp.resolve("id.pub"))).start();
                ConnectProxy proxy = unstarted.start()) {
            server.repository("org/app").file("f", "ssh").commit("c");
            URI url = server.sshUrl("org/app");
            GitSource.Builder b = GitSource.builder().timeout(java.time.Duration.ofSeconds(20))
                    .credentials(GitCredentials.sshKey(url.getUserInfo(), Files.readString(key), null))
                    .knownHosts(KnownHosts.parse(server.knownHostsLine()))
                    .proxy(ProxyOptions.of(uri.apply(proxy)).withCredentials("proxy-user", proxyPassword));
            if (uri.apply(proxy).getScheme().equals("https")) {
                b.tls(TlsOptions.builder().caCertificatesPem(proxy.caCertificatePem()).build());
            }
            try (GitSource git = b.build()) {
                git.clone(url, into("a")).repository().close();
            }
            assertThat(Files.readString(tmp.resolve("a/f"))).isEqualTo("ssh");
            assertThat(proxy.refusals()).isEmpty();
            assertThat(proxy.targets()).isNotEmpty().allSatisfy(t -> assertThat(t).isEqualTo(target(url)));
            assertThat(server.requests()).anySatisfy(r -> assertThat(r.isFetch()).isTrue());
        }
    }

    @Test
    void anHttpsProxyIsSpokenToOverTlsWithItsCredentials() throws Exception {
        try (GitServer server = GitServer.builder().https().start();
                ConnectProxy proxy = ConnectProxy.withCredentials("proxy-user", "proxy-secret").overTls().start()) {
            server.repository("org/app").file("f", "tls to the proxy").commit("c");
            URI url = server.httpsUrl("org/app");
            try (GitSource git = GitSource.builder()
                    .proxy(ProxyOptions.of(proxy.httpsUri()).withCredentials("proxy-user", "proxy-secret"))
                    .tls(TlsOptions.builder().caCertificatesPem(server.caCertificatePem() + proxy.caCertificatePem())
                            .build()).build()) {
                git.clone(url, into("a")).repository().close();
            }
            assertThat(Files.readString(tmp.resolve("a/f"))).isEqualTo("tls to the proxy");
            assertThat(proxy.refusals()).isEmpty();
            assertThat(proxy.targets()).isNotEmpty().allSatisfy(t -> assertThat(t).isEqualTo(target(url)));
        }
    }

    @Test
    void anHttpsProxyWhoseCertificateIsNotTrustedGetsNoCredentials() throws Exception {
        try (GitServer server = GitServer.builder().https().start();
                ConnectProxy proxy = ConnectProxy.withCredentials("proxy-user", "proxy-secret").overTls().start()) {
            server.repository("org/app").file("f", "x").commit("c");
            try (GitSource git = GitSource.builder()
                    .proxy(ProxyOptions.of(proxy.httpsUri()).withCredentials("proxy-user", "proxy-secret"))
                    .tls(TlsOptions.builder().caCertificatesPem(server.caCertificatePem()).build()).build()) {
                assertThatThrownBy(() -> git.clone(server.httpsUrl("org/app"), into("a")))
                        .isInstanceOf(AuthenticationException.class).hasMessageContaining("not trusted");
            }
            assertThat(proxy.targets()).isEmpty();
            assertThat(proxy.refusals()).isEmpty(); // no CONNECT, no credentials: the handshake failed first
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void aPlainHttpRemoteIsNotSentThroughAnHttpsProxyInCleartext() throws Exception {
        try (GitServer server = GitServer.builder().http().start();
                ConnectProxy proxy = ConnectProxy.withCredentials("proxy-user", "proxy-secret").overTls().start()) {
            server.repository("org/app").file("f", "x").commit("c");
            try (GitSource git = GitSource.builder()
                    .proxy(ProxyOptions.of(proxy.httpsUri()).withCredentials("proxy-user", "proxy-secret"))
                    .tls(TlsOptions.builder().caCertificatesPem(proxy.caCertificatePem()).build()).build()) {
                assertThatThrownBy(() -> git.clone(server.httpUrl("org/app"), into("a")))
                        .isInstanceOf(GitSourceException.class).hasMessageContaining("https:// proxy")
                        .satisfies(e -> assertThat(stackText(e)).doesNotContain("proxy-secret"));
            }
            assertThat(proxy.relayedBytes()).isZero();
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void httpsThroughASocks5ProxySendsItsCredentials() throws Exception {
        try (GitServer server = GitServer.builder().https().start();
                ConnectProxy proxy = ConnectProxy.withCredentials("proxy-user", "proxy-secret").start()) {
            server.repository("org/app").file("f", "socks").commit("c");
            URI url = server.httpsUrl("org/app");
            try (GitSource git = GitSource.builder()
                    .proxy(ProxyOptions.of(proxy.socksUri()).withCredentials("proxy-user", "proxy-secret"))
                    .tls(TlsOptions.builder().caCertificatesPem(server.caCertificatePem()).build()).build()) {
                git.clone(url, into("a")).repository().close();
            }
            assertThat(Files.readString(tmp.resolve("a/f"))).isEqualTo("socks");
            assertThat(proxy.refusals()).isEmpty();
            assertThat(proxy.targets()).isNotEmpty().allSatisfy(t -> assertThat(t).isEqualTo(target(url)));
        }
    }

    @Test
    void plainHttpThroughASocks5ProxyWithCredentialsIsRefusedClearly() throws Exception {
        try (GitServer server = GitServer.builder().http().start();
                ConnectProxy proxy = ConnectProxy.withCredentials("proxy-user", "proxy-secret").start()) {
            server.repository("org/app").file("f", "x").commit("c");
            try (GitSource git = GitSource.builder()
                    .proxy(ProxyOptions.of(proxy.socksUri()).withCredentials("proxy-user", "proxy-secret")).build()) {
                assertThatThrownBy(() -> git.clone(server.httpUrl("org/app"), into("a")))
                        .isInstanceOf(GitSourceException.class).hasMessageContaining("SOCKS5 proxy credentials");
            }
            assertThat(proxy.targets()).isEmpty();
            assertThat(server.requests()).isEmpty();
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
