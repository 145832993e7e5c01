package dev.gitsource.auth.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gitsource.AuthenticationException;
import dev.gitsource.auth.CredentialsRequest;
import dev.gitsource.auth.CredentialsUnavailableException;
import dev.gitsource.auth.GitCredentials;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

class CodeCommitCredentialsProviderTest {
    private static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String SESSION = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+example=";
    private static final URI REMOTE = URI.create("https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/app");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:11:12.345Z"));

    private CodeCommitCredentialsProvider provider(AwsCredentialsProvider aws, String region) {
        return new CodeCommitCredentialsProvider(() -> aws, "test", region, clock);
    }

    private static GitCredentials.Basic basic(GitCredentials c) {
        return (GitCredentials.Basic) c;
    }

    @Test
    void staticCredentialsSignTheRepositoryPath() {
        GitCredentials.Basic c = basic(new CodeCommitCredentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .resolve(new CredentialsRequest(REMOTE, false)));

        assertThat(c.username()).isEqualTo(KEY_ID);
        assertThat(c.password()).matches("\\d{8}T\\d{6}Z[0-9a-f]{64}");
        Instant signedAt = java.time.LocalDateTime.parse(c.password().substring(0, 15),
                java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")).toInstant(java.time.ZoneOffset.UTC);
        assertThat(c.password()).isEqualTo(CodeCommitSigner.password(SECRET, "eu-west-1",
                "git-codecommit.eu-west-1.amazonaws.com", "/v1/repos/app", signedAt));
        assertThat(c.expires()).isEqualTo(signedAt.plus(Duration.ofMinutes(10)));
    }

    @Test
    void fixedTimeGivesTheExpectedPassword() {
        GitCredentials.Basic c = basic(provider(StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "secret")), null)
                .resolve(new CredentialsRequest(URI.create("https://git-codecommit.us-west-2.amazonaws.com/v1/repos/test_repo"), false)));

        // Same inputs as git-remote-codecommit's test vector, at this test's clock (fraction dropped).
        assertThat(c.password()).isEqualTo(CodeCommitSigner.password("secret", "us-west-2",
                "git-codecommit.us-west-2.amazonaws.com", "/v1/repos/test_repo", Instant.parse("2026-03-01T10:11:12Z")));
        assertThat(c.password()).startsWith("20260301T101112Z");
    }

    @Test
    void sessionCredentialsPutTheTokenInTheUserName() {
        AwsSessionCredentials session = AwsSessionCredentials.create("ASIAEXAMPLE", SECRET, SESSION);

        GitCredentials.Basic c = basic(provider(StaticCredentialsProvider.create(session), null)
                .resolve(new CredentialsRequest(REMOTE, false)));

        assertThat(c.username()).isEqualTo("ASIAEXAMPLE%" + SESSION);
        assertThat(c.password()).startsWith("20260301T101112Z");
    }

    @Test
    void credentialsExpiringSoonerShortenTheAnswer() {
        AwsSessionCredentials session = AwsSessionCredentials.builder().accessKeyId("ASIAEXAMPLE")
                .secretAccessKey(SECRET).sessionToken(SESSION)
                .expirationTime(clock.instant().plus(Duration.ofMinutes(8))).build();

        GitCredentials.Basic c = basic(provider(StaticCredentialsProvider.create(session), null)
                .resolve(new CredentialsRequest(REMOTE, false)));

        assertThat(c.expires()).isEqualTo(clock.instant().plus(Duration.ofMinutes(3)));
    }

    @Test
    void signatureIsReusedForTenMinutesThenRecomputed() {
        AtomicInteger calls = new AtomicInteger();
        AwsCredentialsProvider counting = () -> {
            calls.incrementAndGet();
            return AwsBasicCredentials.create(KEY_ID, SECRET);
        };
        CodeCommitCredentialsProvider p = provider(counting, null);
        CredentialsRequest request = new CredentialsRequest(REMOTE, false);

        GitCredentials first = p.resolve(request);
        clock.advance(Duration.ofMinutes(9).plusSeconds(59)); // signed at 10:11:12, now 10:21:11.345
        assertThat(p.resolve(request)).isSameAs(first);
        assertThat(calls).hasValue(1);

        clock.advance(Duration.ofSeconds(1));
        GitCredentials second = p.resolve(request);
        assertThat(calls).hasValue(2);
        assertThat(basic(second).password()).isNotEqualTo(basic(first).password()).startsWith("20260301T102112Z");
    }

    @Test
    void refusedCredentialsAreRecomputedFromFreshAwsCredentials() {
        AtomicInteger calls = new AtomicInteger();
        AwsCredentialsProvider rotating = () -> AwsBasicCredentials.create("AKIA" + calls.incrementAndGet(), SECRET);
        CodeCommitCredentialsProvider p = provider(rotating, null);

        assertThat(basic(p.resolve(new CredentialsRequest(REMOTE, false))).username()).isEqualTo("AKIA1");
        assertThat(basic(p.resolve(new CredentialsRequest(REMOTE, true))).username()).isEqualTo("AKIA2");
        assertThat(basic(p.resolve(new CredentialsRequest(REMOTE, false))).username()).isEqualTo("AKIA2");
    }

    @Test
    void anotherRepositoryGetsItsOwnSignature() {
        CodeCommitCredentialsProvider p = provider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)), null);

        String a = basic(p.resolve(new CredentialsRequest(REMOTE, false))).password();
        String b = basic(p.resolve(new CredentialsRequest(
                URI.create("https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/other"), false))).password();

        assertThat(b).isNotEqualTo(a).isEqualTo(CodeCommitSigner.password(SECRET, "eu-west-1",
                "git-codecommit.eu-west-1.amazonaws.com", "/v1/repos/other", Instant.parse("2026-03-01T10:11:12Z")));
    }

    @Test
    void codecommitUrlsAreSignedForTheirHttpsUrl() {
        CodeCommitCredentialsProvider p = provider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)), null);

        String password = basic(p.resolve(new CredentialsRequest(URI.create("codecommit::cn-north-1://profile@app"), false))).password();

        assertThat(password).isEqualTo(CodeCommitSigner.password(SECRET, "cn-north-1",
                "git-codecommit.cn-north-1.amazonaws.com.cn", "/v1/repos/app", Instant.parse("2026-03-01T10:11:12Z")));
    }

    @Test
    void configuredRegionServesOtherHosts() {
        URI vpce = URI.create("https://vpce-0123-abcd.git-codecommit.eu-west-1.vpce.amazonaws.com/v1/repos/app");
        CredentialsRequest request = new CredentialsRequest(vpce, false);

        assertThatThrownBy(() -> provider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)), null)
                .resolve(request))
                .isInstanceOf(CredentialsUnavailableException.class).hasMessageContaining("no AWS region");
        assertThat(basic(provider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)), "eu-west-1")
                .resolve(request)).password()).isEqualTo(CodeCommitSigner.password(SECRET, "eu-west-1",
                        "vpce-0123-abcd.git-codecommit.eu-west-1.vpce.amazonaws.com", "/v1/repos/app",
                        Instant.parse("2026-03-01T10:11:12Z")));
    }

    @Test
    void noAwsCredentialsMeansUnavailable() {
        CodeCommitCredentialsProvider p = provider(() -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        }, null);

        assertThatThrownBy(() -> p.resolve(new CredentialsRequest(REMOTE, false)))
                .isInstanceOf(CredentialsUnavailableException.class)
                .hasMessageContaining("Unable to load credentials");
    }

    @Test
    void otherAwsFailuresStopTheChain() {
        CodeCommitCredentialsProvider p = provider(() -> {
            throw software.amazon.awssdk.awscore.exception.AwsServiceException.builder()
                    .message("Not authorized to perform sts:AssumeRoleWithWebIdentity").build();
        }, null);

        assertThatThrownBy(() -> p.resolve(new CredentialsRequest(REMOTE, false)))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("AssumeRoleWithWebIdentity");
    }

    @Test
    void secretsAppearInNoMessageAndNoToString() {
        AwsSessionCredentials session = AwsSessionCredentials.create("ASIAEXAMPLE", SECRET, SESSION);
        CodeCommitCredentialsProvider p = new CodeCommitCredentialsProvider(StaticCredentialsProvider.create(session), "eu-west-1");
        GitCredentials c = p.resolve(new CredentialsRequest(REMOTE, false));
        Throwable noRegion = catchThrowable(() -> new CodeCommitCredentialsProvider(StaticCredentialsProvider.create(session))
                .resolve(new CredentialsRequest(URI.create("https://example.com/repo"), false)));

        assertThat(p.toString()).contains("eu-west-1").doesNotContain(SECRET, SESSION, "ASIAEXAMPLE");
        // Basic.toString() (gitsource-api) prints the user name, which here holds the session
        // token: only the secret key and the password are checked.
        assertThat(c.toString()).doesNotContain(SECRET, basic(c).password());
        assertThat(noRegion).isInstanceOf(CredentialsUnavailableException.class);
        assertThat(noRegion.getMessage()).doesNotContain(SECRET, SESSION);
    }

    @Test
    void rejectsMalformedRegion() {
        assertThatThrownBy(() -> new CodeCommitCredentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)), "Europe"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
