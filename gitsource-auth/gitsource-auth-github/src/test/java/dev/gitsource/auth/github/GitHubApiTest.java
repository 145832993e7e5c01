package dev.gitsource.auth.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.AuthenticationException;
import dev.gitsource.GitTransportException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The API client against {@link FakeGitHub}, which speaks GitHub's JSON and checks each JWT. */
class GitHubApiTest {
    private static final String APP_ID = "123456";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final AppJwt app = new AppJwt(APP_ID, TestKeys.RSA.getPrivate());
    private FakeGitHub github;

    @BeforeEach
    void start() throws Exception {
        github = FakeGitHub.withAcmeAndOctocat(APP_ID, clock);
    }

    @AfterEach
    void stop() {
        github.close();
    }

    private GitHubApi api(URI base) {
        return new GitHubApi(base, GitHubApi.jdk(http), TIMEOUT, APP_ID, clock);
    }

    private String jwt() {
        return app.sign(clock.instant());
    }

    @Test
    void anAccessTokenIsReadFromGitHubsAnswer() {
        GitHubApi.AccessToken t = api(github.apiBase()).accessToken(7890123, jwt());

        assertThat(t.token()).isEqualTo(github.issuedTokens.get(0));
        assertThat(t.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        assertThat(github.paths()).containsExactly("POST /app/installations/7890123/access_tokens");
        assertThat(github.requests.get(0).accept()).isEqualTo("application/vnd.github+json");
        assertThat(t.toString()).doesNotContain(t.token());
    }

    @Test
    void anOrganizationsInstallationIsFoundWithOneCall() {
        // The fake's answer has the account's own id first: the installation's is the top-level one.
        assertThat(api(github.apiBase()).installationOf("acme", jwt())).isEqualTo(7890123);
        assertThat(github.paths()).containsExactly("GET /orgs/acme/installation");
    }

    @Test
    void aUsersInstallationIsFoundAfterTheOrganizationLookupFails() {
        assertThat(api(github.apiBase()).installationOf("octocat", jwt())).isEqualTo(4242);
        assertThat(github.paths()).containsExactly("GET /orgs/octocat/installation", "GET /users/octocat/installation");
    }

    @Test
    void anAccountWithoutTheAppIsAnAuthenticationFailureNamingIt() {
        assertThatThrownBy(() -> api(github.apiBase()).installationOf("nobody", jwt()))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("not installed").hasMessageContaining("'nobody'")
                .hasMessageContaining(github.apiBase().toString());
    }

    @Test
    void aJwtOfAnotherKeyIsRefusedWithGitHubsMessage() {
        String foreign = new AppJwt(APP_ID, TestKeys.generate("RSA", 2048).getPrivate()).sign(clock.instant());
        GitHubApi api = api(github.apiBase());

        assertThatThrownBy(() -> api.accessToken(7890123, foreign))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("refused an installation token for app " + APP_ID)
                .hasMessageContaining("HTTP 401 (A JSON web token could not be decoded)")
                .message().doesNotContain(foreign);
        assertThatThrownBy(() -> api.installationOf("acme", foreign))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("HTTP 401");
        assertThat(github.issuedTokens).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 404, 422})
    void refusalsAreAuthenticationFailures(int status) {
        github.failWith = status;

        assertThatThrownBy(() -> api(github.apiBase()).accessToken(7890123, jwt()))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("HTTP " + status + " (Bad credentials)");
    }

    @ParameterizedTest
    @CsvSource({"500, true", "502, true", "503, true", "429, true", "400, false"})
    void otherStatusesAreTransportFailures(int status, boolean retryable) {
        github.failWith = status;

        assertThatThrownBy(() -> api(github.apiBase()).accessToken(7890123, jwt()))
                .isInstanceOfSatisfying(GitTransportException.class, e -> assertThat(e.retryable()).isEqualTo(retryable))
                .hasMessageContaining("HTTP " + status);
    }

    /** GitHub's rate-limit answers, as its REST documentation describes them: the wait goes with the error. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "429 | retry-after=30 | 30",
        "403 | retry-after=5 | 5",
        "403 | x-ratelimit-remaining=0,x-ratelimit-reset=+120 | 120",
        "429 | x-ratelimit-remaining=0,x-ratelimit-reset=-10 | 0",
        "429 | x-ratelimit-remaining=12 | 60",
        "503 | retry-after=7 | 7"})
    void rateLimitsCarryTheWaitGitHubAsksFor(int status, String headers, long seconds) {
        Map<String, String> h = new java.util.HashMap<>();
        for (String kv : headers.split(",")) {
            String[] p = kv.split("=");
            boolean relative = p[1].startsWith("+") || p[1].startsWith("-");
            h.put(p[0], relative ? String.valueOf(clock.instant().getEpochSecond() + Long.parseLong(p[1])) : p[1]);
        }
        github.rateLimited(status, h, 1);

        assertThatThrownBy(() -> api(github.apiBase()).accessToken(7890123, jwt()))
                .isInstanceOfSatisfying(GitTransportException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(seconds));
                })
                .hasMessageContaining("rate limited: GitHub asks to retry after " + seconds + " s");
        assertThat(api(github.apiBase()).accessToken(7890123, jwt()).token()).startsWith("ghs_");
    }

    @Test
    void a403WithoutRateLimitHeadersStaysARefusal() {
        github.rateLimited(403, Map.of("x-ratelimit-remaining", "4999", "x-ratelimit-reset", "1"), 1);

        assertThatThrownBy(() -> api(github.apiBase()).accessToken(7890123, jwt()))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void aTokenAnswerThatIsNotUnderstoodIsNotQuoted() {
        github.tokenAnswer = "{\"token\":\"ghs_leakedIfQuoted\",\"expires_at\":\"in an hour\"}";

        assertThatThrownBy(() -> api(github.apiBase()).accessToken(7890123, jwt()))
                .isInstanceOfSatisfying(GitTransportException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("not understood")
                .message().doesNotContain("ghs_leakedIfQuoted");
        github.tokenAnswer = "{\"token\":\"\",\"expires_at\":\"2026-03-01T11:00:00Z\"}";
        assertThatThrownBy(() -> api(github.apiBase()).accessToken(7890123, jwt()))
                .isInstanceOf(GitTransportException.class).hasMessageContaining("not understood");
    }

    @Test
    void anUnreachableApiIsARetryableTransportFailure() {
        URI base = github.apiBase();
        github.close();

        assertThatThrownBy(() -> api(base).accessToken(7890123, jwt()))
                .isInstanceOfSatisfying(GitTransportException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("cannot reach the GitHub API");
    }

    @Test
    void anEnterpriseBaseKeepsItsPath() throws Exception {
        try (FakeGitHub ghes = new FakeGitHub("/api/v3", APP_ID, TestKeys.RSA.getPublic(), clock)
                .installedOn("orgs/acme", 55)) {
            GitHubApi api = api(URI.create(ghes.apiBase() + "//"));

            assertThat(api.base()).isEqualTo(ghes.apiBase());
            assertThat(api.installationOf("acme", jwt())).isEqualTo(55);
            assertThat(api.accessToken(55, jwt()).token()).isEqualTo(ghes.issuedTokens.get(0));
            assertThat(ghes.paths()).containsExactly("GET /orgs/acme/installation", "POST /app/installations/55/access_tokens");
        }
    }

    @Test
    void theBaseMustBeHttpsExceptOnLoopback() {
        assertThat(GitHubApi.checkBase(URI.create("https://ghe.example.com/api/v3/")))
                .isEqualTo(URI.create("https://ghe.example.com/api/v3"));
        assertThat(GitHubApi.checkBase(URI.create("http://127.0.0.1:8080"))).hasPort(8080);
        assertThat(GitHubApi.checkBase(URI.create("http://localhost/api"))).hasHost("localhost");
        assertThat(GitHubApi.checkBase(URI.create("http://[::1]:9/"))).hasHost("[::1]");

        for (String bad : new String[] {"http://ghe.example.com/api/v3", "http://10.0.0.1/",
                "https://user:secret@ghe.example.com", "https://ghe.example.com/?a=b",
                "https://ghe.example.com/#x", "//ghe.example.com/api", "/api/v3"}) {
            assertThatThrownBy(() -> GitHubApi.checkBase(URI.create(bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).message().doesNotContain("secret");
        }
    }
}
