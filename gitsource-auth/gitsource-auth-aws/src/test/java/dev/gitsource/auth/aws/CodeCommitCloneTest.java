package dev.gitsource.auth.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.TlsOptions;
import dev.gitsource.testkit.GitServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The plugin end to end: a real Git server accepts exactly the user name
 * {@code AccessKeyId%SessionToken} and the SigV4 password that the test computes on its own
 * (step by step, in {@link CodeCommitSignerTest}) for the repository path and the time.
 */
class CodeCommitCloneTest {
    private static final String KEY_ID = "ASIAEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String SESSION = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+example=";
    private static final Instant NOW = Instant.parse("2026-03-01T10:11:12Z");
    @TempDir Path tmp;

    @Test
    void withCredentialsGivenByTheCaller() throws Exception {
        cloneWith(() -> StaticCredentialsProvider.create(AwsSessionCredentials.create(KEY_ID, SECRET, SESSION)));
    }

    /** The SDK's default chain, as in a pod: its first source is the JVM's aws.* properties (then AWS_* variables). */
    @Test
    void withCredentialsFromTheSdksDefaultChain() throws Exception {
        System.setProperty("aws.accessKeyId", KEY_ID);
        System.setProperty("aws.secretAccessKey", SECRET);
        System.setProperty("aws.sessionToken", SESSION);
        try {
            cloneWith(() -> DefaultCredentialsProvider.builder().build());
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            System.clearProperty("aws.sessionToken");
        }
    }

    /** The Git server receives the documented user and exactly the SigV4 password computed here. */
    private void cloneWith(java.util.function.Supplier<AwsCredentialsProvider> credentials) throws Exception {
        String user = KEY_ID + "%" + SESSION;
        // The server's host is 127.0.0.1, which names no region: the configured one signs, as for a VPC endpoint.
        String password = CodeCommitSignerTest.byHand(SECRET, "eu-west-1", "127.0.0.1", "/v1/repos/app.git", NOW);
        try (GitServer server = GitServer.builder().https().basicAuth(user, password).start()) {
            server.repository("v1/repos/app").file("a.txt", "from codecommit\n").commit("one");
            URI url = server.httpsUrl("v1/repos/app");
            assertThat(url.getPath()).isEqualTo("/v1/repos/app.git");
            CodeCommitCredentialsProvider aws = new CodeCommitCredentialsProvider(
                    credentials, "test", "eu-west-1", new MutableClock(NOW.plusMillis(345)));
            try (GitSource git = GitSource.builder().credentials(aws)
                    .tls(TlsOptions.builder().caCertificatesPem(server.caCertificatePem()).build()).build()) {
                git.clone(url, CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1)
                        .directory(tmp.resolve("c")).build()).repository().close();
            }
            assertThat(tmp.resolve("c/a.txt")).hasContent("from codecommit");
            assertThat(server.requests()).isNotEmpty().allSatisfy(r -> {
                assertThat(r.user()).isEqualTo(user);
                assertThat(r.status()).isNotEqualTo(401); // the server takes only that exact password
            });
        }
    }
}
