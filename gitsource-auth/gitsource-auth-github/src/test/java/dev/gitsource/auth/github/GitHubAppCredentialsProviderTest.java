package dev.gitsource.auth.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.AuthenticationException;
import dev.gitsource.GitTransportException;
import dev.gitsource.auth.CredentialsRequest;
import dev.gitsource.auth.GitCredentials;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GitHubAppCredentialsProviderTest {
    private static final String APP_ID = "123456";
    private static final URI REMOTE = URI.create("https://github.com/acme/app.git");
    private static final CredentialsRequest FIRST = new CredentialsRequest(REMOTE, false);
    private static final CredentialsRequest REFUSED = new CredentialsRequest(REMOTE, true);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private FakeGitHub github;

    @BeforeEach
    void start() throws Exception {
        github = FakeGitHub.withAcmeAndOctocat(APP_ID, clock);
    }

    @AfterEach
    void stop() {
        github.close();
    }

    private GitHubAppCredentialsProvider.Builder app(String pem) {
        return GitHubAppCredentialsProvider.builder().appId(APP_ID).privateKeyPem(pem)
                .apiBaseUrl(github.apiBase()).clock(clock);
    }

    @Test
    void pkcs1KeyGetsTheIssuedTokenAsXAccessToken() {
        GitCredentials c = app(TestKeys.pkcs1Pem(TestKeys.RSA)).installationId(7890123).build().resolve(FIRST);

        assertThat(github.issuedTokens).hasSize(1);
        assertThat(c).isEqualTo(new GitCredentials.Basic("x-access-token", github.issuedTokens.get(0),
                clock.instant().plus(Duration.ofHours(1))));
        assertThat(github.paths()).containsExactly("POST /app/installations/7890123/access_tokens");
        FakeGitHub.Seen seen = github.requests.get(0);
        assertThat(seen.iss()).isEqualTo(APP_ID);
        assertThat(seen.iat()).isEqualTo(clock.instant().getEpochSecond() - 30);
        assertThat(seen.exp()).isEqualTo(seen.iat() + 120);
        assertThat(seen.accept()).isEqualTo("application/vnd.github+json");
    }

    @Test
    void pkcs8KeyWorksToo() {
        GitCredentials c = app(TestKeys.pkcs8Pem(TestKeys.RSA)).installationId(7890123).build().resolve(FIRST);

        assertThat(((GitCredentials.Basic) c).password()).isEqualTo(github.issuedTokens.get(0));
        assertThat(github.requests.get(0).iss()).isEqualTo(APP_ID);
    }

    @Test
    void aKeyOfAnotherAppIsRefusedByTheServer() {
        String otherKey = TestKeys.pkcs8Pem(TestKeys.generate("RSA", 2048));
        GitHubAppCredentialsProvider p = app(otherKey).installationId(7890123).build();

        assertThatThrownBy(() -> p.resolve(FIRST))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("A JSON web token could not be decoded");
        assertThat(github.issuedTokens).isEmpty();
    }

    @Test
    void ownerIsLookedUpAsOrganization() {
        GitHubAppCredentialsProvider p = app(TestKeys.pkcs1Pem(TestKeys.RSA)).installationOwner("acme").build();

        GitCredentials c = p.resolve(FIRST);

        assertThat(((GitCredentials.Basic) c).password()).isEqualTo(github.issuedTokens.get(0));
        assertThat(github.paths()).containsExactly(
                "GET /orgs/acme/installation", "POST /app/installations/7890123/access_tokens");
    }

    @Test
    void ownerFallsBackToUserAndTheLookupIsRemembered() {
        GitHubAppCredentialsProvider p = app(TestKeys.pkcs1Pem(TestKeys.RSA)).installationOwner("octocat").build();

        p.resolve(FIRST);
        clock.advance(Duration.ofMinutes(56));
        p.resolve(FIRST);

        assertThat(github.paths()).containsExactly(
                "GET /orgs/octocat/installation", "GET /users/octocat/installation",
                "POST /app/installations/4242/access_tokens", "POST /app/installations/4242/access_tokens");
    }

    @Test
    void ownerWithoutInstallationIsAnAuthenticationFailure() {
        GitHubAppCredentialsProvider p = app(TestKeys.pkcs1Pem(TestKeys.RSA)).installationOwner("nobody").build();

        assertThatThrownBy(() -> p.resolve(FIRST))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("not installed")
                .hasMessageContaining("nobody");
    }

    @Test
    void tokenIsCachedUntilFiveMinutesBeforeExpiry() {
        GitHubAppCredentialsProvider p = app(TestKeys.pkcs1Pem(TestKeys.RSA)).installationId(7890123).build();

        GitCredentials first = p.resolve(FIRST);
        clock.advance(Duration.ofMinutes(54).plusSeconds(59));
        assertThat(p.resolve(FIRST)).isSameAs(first);
        assertThat(github.issuedTokens).hasSize(1);

        clock.advance(Duration.ofSeconds(1)); // exactly five minutes left
        GitCredentials second = p.resolve(FIRST);
        assertThat(github.issuedTokens).hasSize(2);
        assertThat(((GitCredentials.Basic) second).password()).isEqualTo(github.issuedTokens.get(1))
                .isNotEqualTo(((GitCredentials.Basic) first).password());
    }

    @Test
    void refusedTokenIsFetchedAnew() {
        GitHubAppCredentialsProvider p = app(TestKeys.pkcs1Pem(TestKeys.RSA)).installationOwner("acme").build();

        p.resolve(FIRST);
        GitCredentials again = p.resolve(REFUSED);

        assertThat(github.issuedTokens).hasSize(2);
        assertThat(((GitCredentials.Basic) again).password()).isEqualTo(github.issuedTokens.get(1));
        // A refusal may mean a reinstalled app: the installation is looked up again too.
        assertThat(github.paths()).filteredOn(s -> s.startsWith("GET")).hasSize(2);
    }

    @Test
    void concurrentCallersGetOneTokenAndOneLookup() throws Exception {
        GitHubAppCredentialsProvider p = app(TestKeys.pkcs1Pem(TestKeys.RSA)).installationOwner("acme").build();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<GitCredentials>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(pool.submit(() -> {
                    go.await();
                    return p.resolve(FIRST);
                }));
            }
            go.countDown();
            for (java.util.concurrent.Future<GitCredentials> c : calls) {
                assertThat(((GitCredentials.Basic) c.get(30, java.util.concurrent.TimeUnit.SECONDS)).password())
                        .isEqualTo(github.issuedTokens.get(0));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(github.paths()).containsExactly(
                "GET /orgs/acme/installation", "POST /app/installations/7890123/access_tokens");
    }

    @Test
    void enterpriseApiBaseKeepsItsPath() throws Exception {
        // fromSettings takes the system clock, so the fake checks the JWT against it too.
        try (FakeGitHub ghes = new FakeGitHub("/api/v3", APP_ID, TestKeys.RSA.getPublic(), java.time.Clock.systemUTC())
                .installedOn("orgs/acme", 55)) {
            GitHubAppCredentialsProvider p = GitHubAppCredentialsProvider.fromSettings(Map.of(
                    "githubAppID", APP_ID,
                    "githubAppInstallationOwner", "acme",
                    "githubAppPrivateKey", TestKeys.pkcs8Pem(TestKeys.RSA),
                    "githubAppBaseURL", ghes.apiBase() + "/"));

            GitCredentials c = p.resolve(FIRST);

            assertThat(((GitCredentials.Basic) c).password()).isEqualTo(ghes.issuedTokens.get(0));
            assertThat(ghes.paths()).containsExactly(
                    "GET /orgs/acme/installation", "POST /app/installations/55/access_tokens");
            assertThat(p.apiBase()).isEqualTo(ghes.apiBase());
        }
    }

    @Test
    void serverErrorsAreRetryableTransportErrors() {
        GitHubAppCredentialsProvider p = app(TestKeys.pkcs1Pem(TestKeys.RSA)).installationId(7890123).build();
        github.failWith = 503;

        assertThatThrownBy(() -> p.resolve(FIRST))
                .isInstanceOfSatisfying(GitTransportException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("HTTP 503");
    }

    @Test
    void unreachableApiIsATransportError() {
        GitHubAppCredentialsProvider p = app(TestKeys.pkcs1Pem(TestKeys.RSA)).installationId(7890123).build();
        github.close();

        assertThatThrownBy(() -> p.resolve(FIRST)).isInstanceOf(GitTransportException.class);
    }

    @Test
    void secretsAppearInNoMessageAndNoToString() {
        String pem = TestKeys.pkcs1Pem(TestKeys.RSA);
        String keyBody = pem.lines().skip(1).findFirst().orElseThrow();
        GitHubAppCredentialsProvider p = app(pem).installationId(7890123).build();
        GitCredentials c = p.resolve(FIRST);
        String token = github.issuedTokens.get(0);
        github.failWith = 403;
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> p.resolve(REFUSED));

        assertThat(p.toString()).contains(APP_ID, "7890123").doesNotContain(keyBody, token);
        assertThat(c.toString()).contains("x-access-token").doesNotContain(token);
        assertThat(failure).isInstanceOf(AuthenticationException.class);
        assertThat(failure.getMessage()).contains("HTTP 403").doesNotContain(keyBody, token, "Bearer", "eyJ");
    }

    @Test
    void systemClockJwtIsAcceptedByTheFake() throws Exception {
        try (FakeGitHub live = new FakeGitHub("", APP_ID, TestKeys.RSA.getPublic(), java.time.Clock.systemUTC())
                .installedOn("orgs/acme", 1)) {
            GitCredentials c = GitHubAppCredentialsProvider.builder().appId(APP_ID).installationId(1)
                    .privateKeyPem(TestKeys.pkcs1Pem(TestKeys.RSA)).apiBaseUrl(live.apiBase()).build()
                    .resolve(FIRST);
            assertThat(c.expiresAt()).hasValueSatisfying(e ->
                    assertThat(e).isCloseTo(Instant.now().plus(Duration.ofHours(1)), org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES)));
        }
    }

    @Test
    void settingsAreValidated() {
        String key = TestKeys.pkcs1Pem(TestKeys.RSA);
        assertThatThrownBy(() -> GitHubAppCredentialsProvider.fromSettings(Map.of(
                "githubAppInstallationID", "1", "githubAppPrivateKey", key)))
                .hasMessageContaining("githubAppID");
        assertThatThrownBy(() -> GitHubAppCredentialsProvider.fromSettings(Map.of(
                "githubAppID", "1", "githubAppPrivateKey", key)))
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> GitHubAppCredentialsProvider.fromSettings(Map.of(
                "githubAppID", "1", "githubAppInstallationID", "2", "githubAppInstallationOwner", "acme",
                "githubAppPrivateKey", key)))
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> GitHubAppCredentialsProvider.fromSettings(Map.of(
                "githubAppID", "1", "githubAppInstallationID", "x2", "githubAppPrivateKey", key)))
                .hasMessageContaining("githubAppInstallationID");
        assertThatThrownBy(() -> GitHubAppCredentialsProvider.fromSettings(Map.of(
                "githubAppID", "1", "githubAppInstallationOwner", "../admin", "githubAppPrivateKey", key)))
                .hasMessageContaining("not an account name");
        assertThatThrownBy(() -> GitHubAppCredentialsProvider.fromSettings(Map.of(
                "githubAppID", "1", "githubAppInstallationID", "2", "githubAppPrivateKey", key,
                "githubAppBaseURL", "http://ghe.example.com/api/v3")))
                .hasMessageContaining("https");
        assertThat(GitHubAppCredentialsProvider.fromSettings(Map.of(
                "githubAppID", " 1 ", "githubAppInstallationID", "2", "githubAppPrivateKey", key)).apiBase())
                .isEqualTo(URI.create("https://api.github.com"));
    }
}
