package dev.gitsource;

import dev.gitsource.spi.GitSourceConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.auth.CredentialsRequest;
import dev.gitsource.auth.CredentialsUnavailableException;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.auth.GitCredentialsProvider;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No password, token or private key reaches toString() or an exception message. */
class SecretsTest {
    static final String SECRET = "s3cr3t-T0KEN-value";
    static final String KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA" + SECRET
            + "\n-----END OPENSSH PRIVATE KEY-----\n";

    @Test
    void credentialsNeverPrintSecrets() {
        List<GitCredentials> all = List.of(GitCredentials.basic("user", SECRET), GitCredentials.bearer(SECRET),
                GitCredentials.sshKey("git", KEY, SECRET), GitCredentials.githubToken(SECRET),
                GitCredentials.gitlabToken(SECRET), GitCredentials.bitbucketAccessToken(SECRET));
        for (GitCredentials c : all) {
            assertThat(c.toString()).doesNotContain(SECRET).doesNotContain("PRIVATE KEY");
            assertThat(GitCredentialsProvider.of(c).toString()).doesNotContain(SECRET);
        }
        assertThat(GitCredentials.basic("user", SECRET).toString()).contains("user");
        assertThat(GitCredentials.basic("AKIDEXAMPLE%" + SECRET, "sig").toString()).contains("AKIDEXAMPLE")
                .doesNotContain(SECRET);
    }

    @Test
    void providerConventionsUseTheDocumentedUserNames() {
        assertThat(((GitCredentials.Basic) GitCredentials.githubToken("t")).username()).isEqualTo("x-access-token");
        assertThat(((GitCredentials.Basic) GitCredentials.gitlabToken("t")).username()).isEqualTo("oauth2");
        assertThat(((GitCredentials.Basic) GitCredentials.bitbucketAccessToken("t")).username()).isEqualTo("x-token-auth");
    }

    @Test
    void exceptionMessagesAreRedacted() {
        String url = "https://user:" + SECRET + "@git.example.com/org/app.git";
        String tokenAsUser = "https://" + SECRET + "@git.example.com/org/app.git";
        List<GitSourceException> errors = List.of(
                new GitSourceException("failed " + url),
                new AuthenticationException("refused " + tokenAsUser, null),
                new RepositoryNotFoundException("missing " + url, null),
                new RefNotFoundException("no ref at " + url, List.of()),
                new PushRejectedException("rejected by " + url, List.of()),
                new NothingToCommitException("nothing for " + url, null),
                new GitTransportException("Authorization: Bearer " + SECRET + " at " + url, true, null),
                new DeadlineExceededException("slow " + url, java.time.Duration.ofSeconds(1), null),
                new UnsafeContentException("key " + KEY, "x"),
                new CredentialsUnavailableException("none for " + url));
        for (GitSourceException e : errors) {
            assertThat(e.getMessage()).doesNotContain(SECRET);
            assertThat(e.toString()).doesNotContain(SECRET);
        }
        assertThat(errors.get(0).getMessage()).isEqualTo("failed https://git.example.com/org/app.git");
    }

    @Test
    void redactsUris() {
        assertThat(Redaction.redact(URI.create("https://u:" + SECRET + "@h.example:8443/r.git?token=" + SECRET)))
                .isEqualTo("https://h.example:8443/r.git");
        assertThat(Redaction.redact(URI.create("ssh://git@h.example/r.git"))).isEqualTo("ssh://h.example/r.git");
    }

    @Test
    void tlsAndProxyOptionsNeverPrintKeysOrPasswords() {
        String cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        String key = "-----BEGIN PRIVATE KEY-----\n" + SECRET + "\n-----END PRIVATE KEY-----\n";
        TlsOptions tls = TlsOptions.builder().clientCertificatePem(cert).clientKeyPem(key).build();
        assertThat(tls.toString()).doesNotContain(SECRET);
        ProxyOptions proxy = ProxyOptions.of(URI.create("http://u:" + SECRET + "@proxy:3128"));
        assertThat(proxy.toString()).doesNotContain(SECRET);
        GitSourceConfig config = GitSource.builder().credentials(GitCredentials.basic("u", SECRET)).tls(tls)
                .proxy(proxy).config();
        assertThat(config.toString()).doesNotContain(SECRET);
        try {
            TlsOptions.builder().clientKeyPem(SECRET);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).doesNotContain(SECRET);
            return;
        }
        throw new AssertionError("a non-PEM key must be rejected");
    }

    @Test
    void chainSkipsUnavailableProvidersAndListsEveryReason() {
        GitCredentialsProvider none1 = r -> { throw new CredentialsUnavailableException("no env vars"); };
        GitCredentialsProvider none2 = r -> { throw new CredentialsUnavailableException("no token file"); };
        GitCredentialsProvider fixed = GitCredentialsProvider.of(GitCredentials.bearer(SECRET));
        CredentialsRequest req = new CredentialsRequest(URI.create("https://h/r.git"), false);
        assertThat(GitCredentialsProvider.chain(none1, fixed).resolve(req)).isEqualTo(GitCredentials.bearer(SECRET));
        try {
            GitCredentialsProvider.chain(none1, none2).resolve(req);
            throw new AssertionError("expected failure");
        } catch (AuthenticationException e) {
            assertThat(e.getMessage()).contains("no env vars").contains("no token file").contains("https://h/r.git");
        }
        GitCredentialsProvider broken = r -> { throw new AuthenticationException("token endpoint said 400", null); };
        try {
            GitCredentialsProvider.chain(broken, fixed).resolve(req);
            throw new AssertionError("a failing provider must stop the chain");
        } catch (AuthenticationException e) {
            assertThat(e.getMessage()).contains("400");
        }
    }
}
