package dev.gitsource.auth.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.ProxyOptions;
import dev.gitsource.RetryPolicy;
import dev.gitsource.TlsOptions;
import dev.gitsource.auth.CredentialsRequest;
import dev.gitsource.auth.FluxSecret;
import dev.gitsource.auth.GitCredentialsProvider;
import dev.gitsource.testkit.ConnectProxy;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.TestCa;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin end to end: it gets an installation token from a fake GitHub API and a real Git
 * server accepts exactly that token as the password of {@code x-access-token}. When the token
 * expires, or the server stops accepting it first, the next clone gets a new one without the
 * caller noticing.
 */
class GitHubAppCloneTest {
    private static final String APP_ID = "123456";
    @TempDir Path tmp;
    /** Both the fake GitHub (JWT checks, expires_at) and the provider read it; it starts at the real time. */
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private FakeGitHub github;
    private GitServer server;
    /** The only password the server accepts for x-access-token; the test rotates it as GitHub would. */
    private final AtomicReference<String> accepted = new AtomicReference<>(token(1));
    /** Every password the server was sent for x-access-token, in order. */
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        github = new FakeGitHub("/api/v3", APP_ID, TestKeys.RSA.getPublic(), clock).installedOn("orgs/acme", 7890123);
        server = GitServer.builder().https().basicAuth(GitHubAppCredentialsProvider.USERNAME, p -> {
            received.add(p);
            return p.equals(accepted.get());
        }).start();
        server.repository("acme/app").file("a.txt", "from github\n").commit("one");
    }

    @AfterEach
    void stop() {
        server.close();
        github.close();
    }

    /** The fake numbers its tokens; the test knows the n-th before it is issued. */
    private static String token(int n) {
        return "ghs_" + "16C7e42F292c6912E7710c838347Ae178B4a".substring(0, 30) + n;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void cloneInto(GitSource git, String dir) {
        git.clone(server.httpsUrl("acme/app"), CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1)
                .directory(tmp.resolve(dir)).build()).repository().close();
        assertThat(tmp.resolve(dir + "/a.txt")).hasContent("from github");
    }

    /** Each password the server was sent since the last call, then forgets them. */
    private List<String> takeReceived() {
        List<String> out = List.copyOf(received);
        received.clear();
        server.clearRequests();
        return out;
    }

    private GitHubAppCredentialsProvider provider() {
        return GitHubAppCredentialsProvider.builder().appId(APP_ID).installationOwner("acme")
                .privateKeyPem(TestKeys.pkcs8Pem(TestKeys.RSA)).apiBaseUrl(github.apiBase()).clock(clock).build();
    }

    private GitSource.Builder trustingTheServer() {
        return GitSource.builder().tls(TlsOptions.builder().caCertificatesPem(server.caCertificatePem()).build());
    }

    /**
     * Configured as a Flux controller would be, from a Kubernetes Secret's data: the plugin is
     * chosen by id and found by ServiceLoader. The server then revokes the token before it
     * expires: the first attempt is refused, the provider is asked again and the clone succeeds.
     */
    @Test
    void throughAFluxSecretTheServerGetsTheTokenAndARevokedTokenIsReplaced() {
        Map<String, byte[]> secret = Map.of("githubAppID", bytes(APP_ID), "githubAppInstallationOwner", bytes("acme"),
                "githubAppPrivateKey", bytes(TestKeys.pkcs8Pem(TestKeys.RSA)),
                "githubAppBaseURL", bytes(github.apiBase().toString()), "ca.crt", bytes(server.caCertificatePem()));
        try (GitSource git = FluxSecret.configure(GitSource.builder(), server.httpsUrl("acme/app"), secret).build()) {
            cloneInto(git, "first");
            assertThat(github.issuedTokens).containsExactly(token(1));
            assertThat(github.paths()).containsExactly("GET /orgs/acme/installation",
                    "POST /app/installations/7890123/access_tokens");
            assertThat(server.requests()).isNotEmpty().allSatisfy(r -> {
                assertThat(r.authScheme()).isEqualTo("Basic");
                assertThat(r.user()).isEqualTo("x-access-token");
                assertThat(r.status()).isNotEqualTo(401); // sent up front, and accepted
            });
            assertThat(takeReceived()).isNotEmpty().containsOnly(token(1));

            accepted.set(token(2));
            cloneInto(git, "second");
            assertThat(github.issuedTokens).containsExactly(token(1), token(2));
            List<String> second = takeReceived();
            assertThat(second).first().isEqualTo(token(1));
            assertThat(second).last().isEqualTo(token(2));
            assertThat(second).containsOnly(token(1), token(2));
        }
    }

    /**
     * A GitHub Enterprise Server whose API has a certificate from an internal CA, reached only
     * through a proxy: the plugin's own API calls go through the client's proxy and trust the CA
     * of its TlsOptions, as the Git traffic does (the JVM trusts neither that CA nor a direct route).
     */
    @Test
    void theAppsApiCallsGoThroughTheClientsProxyAndTrustItsCa() throws Exception {
        TestCa internal = TestCa.create();
        try (FakeGitHub ghe = new FakeGitHub("/api/v3", APP_ID, TestKeys.RSA.getPublic(), clock, internal)
                .installedOn("orgs/acme", 7890123);
                ConnectProxy proxy = ConnectProxy.withCredentials("proxy-user", "proxy-secret").overTls().start()) {
            Map<String, String> settings = Map.of(GitHubAppCredentialsProvider.APP_ID, APP_ID,
                    GitHubAppCredentialsProvider.INSTALLATION_OWNER, "acme",
                    GitHubAppCredentialsProvider.PRIVATE_KEY, TestKeys.pkcs8Pem(TestKeys.RSA),
                    GitHubAppCredentialsProvider.BASE_URL, ghe.apiBase().toString());
            try (GitSource git = GitSource.builder().provider("github", settings)
                    .tls(TlsOptions.builder().caCertificatesPem(server.caCertificatePem() + internal.certificatePem()
                            + proxy.caCertificatePem()).build())
                    .proxy(ProxyOptions.of(proxy.httpsUri()).withCredentials("proxy-user", "proxy-secret")).build()) {
                cloneInto(git, "ghe");
            }
            assertThat(ghe.issuedTokens).containsExactly(token(1));
            assertThat(ghe.paths()).containsExactly("GET /orgs/acme/installation",
                    "POST /app/installations/7890123/access_tokens");
            assertThat(proxy.refusals()).isEmpty();
            assertThat(proxy.targets()).contains("127.0.0.1:" + ghe.apiBase().getPort(),
                    "127.0.0.1:" + server.httpsUrl("acme/app").getPort());
            assertThat(takeReceived()).isNotEmpty().containsOnly(token(1));
        }
    }

    /** What the client asks the provider: first as usual, then, after the server's 401, saying so. */
    @Test
    void aRefusedTokenMakesTheClientAskAgainSayingItWasRefused() {
        GitHubAppCredentialsProvider app = provider();
        List<CredentialsRequest> asked = new CopyOnWriteArrayList<>();
        GitCredentialsProvider recording = request -> {
            asked.add(request);
            return app.resolve(request);
        };
        try (GitSource git = trustingTheServer().credentials(recording).build()) {
            cloneInto(git, "first");
            assertThat(asked).isNotEmpty().noneMatch(CredentialsRequest::refused);
            assertThat(takeReceived()).containsOnly(token(1));

            asked.clear();
            accepted.set(token(2));
            cloneInto(git, "second");
            assertThat(asked).extracting(CredentialsRequest::refused).containsExactly(false, true);
            assertThat(asked).allSatisfy(r -> assertThat(r.remote()).isEqualTo(server.httpsUrl("acme/app")));
            assertThat(github.issuedTokens).containsExactly(token(1), token(2));
            assertThat(takeReceived()).startsWith(token(1)).endsWith(token(2));
        }
    }

    /** The token reaches its refresh time (five minutes before expires_at): the next clone sends a new one at once. */
    @Test
    void anExpiringTokenIsReplacedBeforeTheServerRefusesIt() {
        try (GitSource git = trustingTheServer().credentials(provider()).build()) {
            cloneInto(git, "first");
            assertThat(takeReceived()).isNotEmpty().containsOnly(token(1));

            clock.advance(Duration.ofMinutes(50));
            cloneInto(git, "still-valid");
            assertThat(github.issuedTokens).containsExactly(token(1));
            assertThat(takeReceived()).isNotEmpty().containsOnly(token(1));

            clock.advance(Duration.ofMinutes(6)); // 56 minutes: within five of the hour
            accepted.set(token(2));
            cloneInto(git, "refreshed");
            assertThat(github.issuedTokens).containsExactly(token(1), token(2));
            assertThat(server.requests()).isNotEmpty().noneMatch(r -> r.status() == 401);
            assertThat(takeReceived()).isNotEmpty().containsOnly(token(2));
        }
    }

    /**
     * GitHub's secondary rate limit on the token request: the client's retry policy waits the
     * {@code retry-after} GitHub sends (its own backoff is zero here) and the clone then succeeds.
     */
    @Test
    void aRateLimitedTokenRequestIsRetriedAfterTheWaitGitHubAsks() {
        github.rateLimited(429, Map.of("retry-after", "1"), 1);
        try (GitSource git = trustingTheServer().credentials(provider())
                .retry(new RetryPolicy(3, Duration.ZERO, Duration.ofSeconds(5))).build()) {
            long start = System.nanoTime();
            cloneInto(git, "limited");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(github.paths()).startsWith("GET /orgs/acme/installation", "GET /orgs/acme/installation");
            assertThat(github.issuedTokens).containsExactly(token(1));
        }
    }
}
