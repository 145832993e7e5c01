package dev.gitsource.auth.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.AuthenticationException;
import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.ProxyOptions;
import dev.gitsource.TlsOptions;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.auth.GitCredentialsProvider;
import dev.gitsource.testkit.ConnectProxy;
import dev.gitsource.testkit.GitServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The plugin end to end: a real Git server on 127.0.0.1 accepts only the user name
 * {@code AccessKeyId%SessionToken} and a SigV4 password that the test recomputes on its own
 * ({@link CodeCommitSignerTest#byHand}) for the repository path and the time the password
 * names. The server's host names no region, so the region comes from the settings, as for
 * a VPC endpoint or a custom name; that is how the plugin serves a host other than
 * {@code git-codecommit.<region>.amazonaws.com}.
 */
class CodeCommitCloneTest {
    private static final String KEY_ID = "ASIAEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String SESSION = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+example=";
    private static final String USER = KEY_ID + "%" + SESSION;
    private static final String REGION = "eu-west-1";
    private static final String PATH = "/v1/repos/app.git";
    private static final Instant NOW = Instant.parse("2026-03-01T10:11:12Z");
    private static final Pattern PASSWORD = Pattern.compile("(\\d{8}T\\d{6})Z[0-9a-f]{64}");
    @TempDir Path tmp;

    /** What the server was sent: every password, and whether its check passed. */
    private final List<String> received = new CopyOnWriteArrayList<>();

    /**
     * The server's check: the password names a time within a minute of now, and is exactly
     * the signature of this repository in {@link #REGION} at that time.
     */
    private boolean signedNowForThisRepository(String password) {
        received.add(password);
        return CodeCommitSignerTest.signedNow(password, SECRET, REGION, "127.0.0.1", PATH);
    }

    /** Clones from a server that takes only {@link #USER} with a password passing {@link #signedNowForThisRepository}. */
    private void cloneChecked(Function<GitSource.Builder, GitSource.Builder> configure) throws Exception {
        cloneChecked("", configure);
    }

    /** @param moreCas PEM CA certificates the client trusts besides the Git server's */
    private void cloneChecked(String moreCas, Function<GitSource.Builder, GitSource.Builder> configure)
            throws Exception {
        try (GitServer server = GitServer.builder().https().basicAuth(USER, this::signedNowForThisRepository).start()) {
            server.repository("v1/repos/app").file("a.txt", "from codecommit\n").commit("one");
            URI url = server.httpsUrl("v1/repos/app");
            assertThat(url.getPath()).isEqualTo(PATH);
            try (GitSource git = configure.apply(GitSource.builder()
                    .tls(TlsOptions.builder().caCertificatesPem(server.caCertificatePem() + moreCas).build())).build()) {
                git.clone(url, CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1)
                        .directory(tmp.resolve("c")).build()).repository().close();
            }
            assertThat(tmp.resolve("c/a.txt")).hasContent("from codecommit");
            assertThat(server.requests()).isNotEmpty().allSatisfy(r -> {
                assertThat(r.user()).isEqualTo(USER);
                assertThat(r.status()).isNotEqualTo(401);
            });
            // Signed once and reused: every request of the clone carried the same password.
            assertThat(received).isNotEmpty().allSatisfy(p -> assertThat(p).isEqualTo(received.get(0)));
        }
    }

    @Test
    void withCredentialsGivenByTheCaller() throws Exception {
        cloneChecked(b -> b.credentials(new CodeCommitCredentialsProvider(
                StaticCredentialsProvider.create(AwsSessionCredentials.create(KEY_ID, SECRET, SESSION)), REGION)));
    }

    /**
     * As a controller would configure it: the plugin chosen by id through ServiceLoader, AWS
     * credentials from the SDK's default chain, whose first source is the JVM's {@code aws.*}
     * properties (then the {@code AWS_*} variables).
     */
    /**
     * Web identity, as on EKS: the plugin's STS request goes through the client's proxy and
     * trusts the CA of its TlsOptions (an STS endpoint the JVM would neither trust nor reach
     * directly), and the temporary credentials STS answers with sign the Git requests.
     */
    @Test
    void webIdentityAsksStsThroughTheClientsProxyTrustingItsCa() throws Exception {
        String role = "arn:aws:iam::123456789012:role/flux-source";
        String webToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.sig";
        Path tokenFile = tmp.resolve("eks-token");
        java.nio.file.Files.writeString(tokenFile, webToken);
        try (FakeSts sts = new FakeSts(role, webToken, KEY_ID, SECRET, SESSION);
                ConnectProxy proxy = ConnectProxy.withCredentials("proxy-user", "proxy-secret").start()) {
            System.setProperty("aws.webIdentityTokenFile", tokenFile.toString());
            System.setProperty("aws.roleArn", role);
            System.setProperty("aws.roleSessionName", "gitsource");
            try {
                cloneChecked(sts.ca.certificatePem(), b -> b.provider("aws", Map.of("awsRegion", REGION,
                        CodeCommitCredentialsProviderFactory.STS_ENDPOINT, sts.endpoint().toString()))
                        .proxy(ProxyOptions.of(proxy.httpUri()).withCredentials("proxy-user", "proxy-secret")));
            } finally {
                System.clearProperty("aws.webIdentityTokenFile");
                System.clearProperty("aws.roleArn");
                System.clearProperty("aws.roleSessionName");
            }
            assertThat(sts.requests).singleElement().satisfies(f -> assertThat(f)
                    .containsEntry("Action", "AssumeRoleWithWebIdentity").containsEntry("RoleArn", role)
                    .containsEntry("RoleSessionName", "gitsource"));
            assertThat(proxy.refusals()).isEmpty();
            assertThat(proxy.targets()).contains(sts.endpoint().getAuthority());
        }
    }

    @Test
    void throughThePluginChosenByIdWithTheSdksDefaultChain() throws Exception {
        withAwsProperties(() -> cloneChecked(b -> b.provider("aws", Map.of("awsRegion", REGION))));
    }

    @Test
    void aSignatureForAnotherRegionIsRefusedByTheServersCheck() throws Exception {
        assertThatThrownBy(() -> withAwsProperties(
                () -> cloneChecked(b -> b.provider("aws", Map.of("awsRegion", "us-east-1")))))
                .isInstanceOf(AuthenticationException.class);
        // Well-formed SigV4 passwords, refused only because the check signs for eu-west-1.
        assertThat(received).isNotEmpty().allSatisfy(p -> assertThat(p).matches(PASSWORD));
    }

    /** With a fixed clock the password is known before the clone: the server takes exactly it. */
    @Test
    void withAFixedClockTheServerGetsExactlyThePrecomputedPassword() throws Exception {
        String password = CodeCommitSignerTest.byHand(SECRET, REGION, "127.0.0.1", PATH, NOW);
        assertThat(password).startsWith("20260301T101112Z");
        try (GitServer server = GitServer.builder().https().basicAuth(USER, password).start()) {
            server.repository("v1/repos/app").file("a.txt", "from codecommit\n").commit("one");
            Supplier<AwsCredentialsProvider> aws =
                    () -> StaticCredentialsProvider.create(AwsSessionCredentials.create(KEY_ID, SECRET, SESSION));
            try (GitSource git = GitSource.builder()
                    .credentials(new CodeCommitCredentialsProvider(aws, "test", REGION, new MutableClock(NOW.plusMillis(345))))
                    .tls(TlsOptions.builder().caCertificatesPem(server.caCertificatePem()).build()).build()) {
                git.clone(server.httpsUrl("v1/repos/app"), CloneOptions.builder().target(CheckoutTarget.branch("main"))
                        .depth(1).directory(tmp.resolve("c")).build()).repository().close();
            }
            assertThat(tmp.resolve("c/a.txt")).hasContent("from codecommit");
            assertThat(server.requests()).isNotEmpty().allSatisfy(r -> {
                assertThat(r.user()).isEqualTo(USER);
                assertThat(r.status()).isNotEqualTo(401);
            });
        }
    }

    /** Where the SDK's chain would find nothing: as on a machine without AWS credentials. */
    private static final class NoAwsCredentials implements AwsCredentialsProvider {
        @Override
        public software.amazon.awssdk.auth.credentials.AwsCredentials resolveCredentials() {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        }
    }

    /** In a chain, CodeCommit without AWS credentials steps aside; when nothing else works, its reason is told. */
    @Test
    void inAChainCodeCommitWithoutAwsCredentialsFallsThroughAndItsReasonIsListed() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        try (GitServer server = GitServer.builder().https().basicAuth("ci", p -> sent.add(p) && p.equals("fallback"))
                .start()) {
            server.repository("v1/repos/app").file("a.txt", "from codecommit\n").commit("one");
            TlsOptions tls = TlsOptions.builder().caCertificatesPem(server.caCertificatePem()).build();
            CodeCommitCredentialsProvider unavailable = new CodeCommitCredentialsProvider(new NoAwsCredentials(), REGION);
            try (GitSource git = GitSource.builder().tls(tls).credentials(GitCredentialsProvider.chain(unavailable,
                    GitCredentialsProvider.of(GitCredentials.basic("ci", "fallback")))).build()) {
                git.clone(server.httpsUrl("v1/repos/app"), CloneOptions.builder().directory(tmp.resolve("c")).build())
                        .repository().close();
            }
            assertThat(tmp.resolve("c/a.txt")).hasContent("from codecommit");
            assertThat(server.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.user()).isEqualTo("ci"));
            assertThat(sent).isNotEmpty().containsOnly("fallback");

            try (GitSource git = GitSource.builder().tls(tls).credentials(GitCredentialsProvider.chain(unavailable,
                    new CodeCommitCredentialsProvider(new NoAwsCredentials(), "us-east-1"))).build()) {
                assertThatThrownBy(() -> git.clone(server.httpsUrl("v1/repos/app"),
                        CloneOptions.builder().directory(tmp.resolve("none")).build()))
                        .isInstanceOf(AuthenticationException.class)
                        .hasMessageContaining("CodeCommit[NoAwsCredentials, region=eu-west-1]: no AWS credentials from "
                                + "NoAwsCredentials: Unable to load credentials")
                        .hasMessageContaining("CodeCommit[NoAwsCredentials, region=us-east-1]: no AWS credentials");
            }
            assertThat(tmp.resolve("none")).doesNotExist();
        }
    }

    /** Work that may throw. */
    private interface Work {
        void run() throws Exception;
    }

    private static void withAwsProperties(Work work) throws Exception {
        System.setProperty("aws.accessKeyId", KEY_ID);
        System.setProperty("aws.secretAccessKey", SECRET);
        System.setProperty("aws.sessionToken", SESSION);
        try {
            work.run();
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            System.clearProperty("aws.sessionToken");
        }
    }
}
