package dev.gitsource.auth.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.ProxyOptions;
import dev.gitsource.TlsOptions;
import dev.gitsource.testkit.ConnectProxy;
import dev.gitsource.testkit.GitServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin end to end: azure-identity's client-credentials flow gets an access token from a
 * fake Entra ID, and a real Git server accepts exactly that token in
 * {@code Authorization: Bearer <token>}.
 *
 * <p>Most tests use the caller's provider ({@code new AzureDevOpsCredentialsProvider(credential)});
 * one has the plugin chosen by id build workload identity from settings, with instance
 * discovery off (it would ask login.microsoftonline.com, off this machine).
 */
class AzureDevOpsCloneTest {
    private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String CLIENT_ID = "0c5d5e0a-1c7f-4e0e-9e52-d1e5a3f4b6c7";
    private static final String CLIENT_SECRET = "s3cr3t~VALUE.for-the-fake";
    @TempDir Path tmp;
    private FakeEntraId entra;
    private GitServer server;
    /** The only token the server accepts. */
    private final AtomicReference<String> accepted = new AtomicReference<>(token(1));
    /** Every bearer token the server was sent, in order. */
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        entra = new FakeEntraId(TENANT, CLIENT_ID, CLIENT_SECRET);
        server = GitServer.builder().https().bearerToken(t -> {
            received.add(t);
            return t.equals(accepted.get());
        }).start();
        server.repository("org/project/_git/repo").file("a.txt", "from azure devops\n").commit("one");
    }

    @AfterEach
    void stop() {
        server.close();
        entra.close();
    }

    /** The fake numbers its tokens; the test knows the n-th before it is issued. */
    private static String token(int n) {
        return "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiI0OTliODRhYyJ9.fake-signature-" + n;
    }

    private GitSource client() {
        return GitSource.builder()
                .credentials(new AzureDevOpsCredentialsProvider(entra.clientSecretCredential(CLIENT_SECRET).build()))
                .tls(TlsOptions.builder().caCertificatesPem(server.caCertificatePem()).build()).build();
    }

    private void cloneInto(GitSource git, String dir) {
        git.clone(server.httpsUrl("org/project/_git/repo"), CloneOptions.builder().target(CheckoutTarget.branch("main"))
                .depth(1).directory(tmp.resolve(dir)).build()).repository().close();
        assertThat(tmp.resolve(dir + "/a.txt")).hasContent("from azure devops");
    }

    private List<String> takeReceived() {
        List<String> out = List.copyOf(received);
        received.clear();
        server.clearRequests();
        return out;
    }

    /**
     * The plugin chosen by id and built from settings (workload identity, as on AKS): azure-identity's
     * token request (MSAL underneath) goes through the client's proxy and trusts the CA of its
     * TlsOptions, as the Git traffic does; the JVM trusts neither the fake's CA nor a direct route.
     */
    @Test
    void workloadIdentityFromSettingsGoesThroughTheClientsProxyAndTrustsItsCa() throws Exception {
        java.nio.file.Path tokenFile = tmp.resolve("azure-identity-token");
        java.nio.file.Files.writeString(tokenFile, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2EifQ.federated");
        entra.clientAssertion = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2EifQ.federated";
        Map<String, String> settings = Map.of(
                AzureDevOpsCredentialsProvider.CREDENTIAL, "workloadIdentity",
                AzureDevOpsCredentialsProvider.CLIENT_ID, CLIENT_ID,
                AzureDevOpsCredentialsProvider.TENANT_ID, TENANT,
                AzureDevOpsCredentialsProvider.TOKEN_FILE_PATH, tokenFile.toString(),
                AzureDevOpsCredentialsProvider.AUTHORITY_HOST, entra.authorityHost(),
                AzureDevOpsCredentialsProvider.DISABLE_INSTANCE_DISCOVERY, "true");
        try (ConnectProxy proxy = ConnectProxy.withCredentials("proxy-user", "proxy-secret").start();
                GitSource git = GitSource.builder().provider("azure", settings)
                        .tls(TlsOptions.builder().caCertificatesPem(server.caCertificatePem() + entra.ca.certificatePem())
                                .build())
                        .proxy(ProxyOptions.of(proxy.httpUri()).withCredentials("proxy-user", "proxy-secret")).build()) {
            cloneInto(git, "workload");
            assertThat(proxy.refusals()).isEmpty();
            assertThat(proxy.targets()).contains(URI.create(entra.authorityHost()).getAuthority(),
                    server.httpsUrl("org/project/_git/repo").getAuthority());
        }
        assertThat(entra.issuedTokens).containsExactly(token(1));
        assertThat(entra.requests).singleElement().satisfies(r ->
                assertThat(r.form()).containsEntry("client_assertion", entra.clientAssertion));
        assertThat(takeReceived()).isNotEmpty().containsOnly(token(1));
    }

    @Test
    void theGitServerGetsTheIssuedTokenAsABearerToken() {
        try (GitSource git = client()) {
            cloneInto(git, "first");
            cloneInto(git, "again");
        }
        assertThat(entra.issuedTokens).containsExactly(token(1)); // kept for the second clone
        assertThat(server.requests()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.authScheme()).isEqualTo("Bearer");
            assertThat(r.user()).isNull();
            assertThat(r.status()).isNotEqualTo(401); // sent up front, and accepted
        });
        assertThat(takeReceived()).isNotEmpty().containsOnly(token(1));
    }

    /**
     * Entra ID tokens live about an hour; one that expires within the provider's five-minute
     * margin is not reused, so a token the server will soon refuse is never sent twice.
     */
    @Test
    void aTokenAboutToExpireIsReplacedBeforeTheServerRefusesIt() {
        entra.expiresInSeconds = 240;
        try (GitSource git = client()) {
            cloneInto(git, "first");
            assertThat(takeReceived()).isNotEmpty().containsOnly(token(1));

            accepted.set(token(2));
            cloneInto(git, "second");
            assertThat(server.requests()).isNotEmpty().noneMatch(r -> r.status() == 401);
            assertThat(takeReceived()).isNotEmpty().containsOnly(token(2));
        }
        assertThat(entra.issuedTokens).containsExactly(token(1), token(2));
    }

    /** The server revokes a token that is still valid: the client asks again, saying it was refused. */
    @Test
    void aRevokedTokenIsReplaced() {
        try (GitSource git = client()) {
            cloneInto(git, "first");
            assertThat(takeReceived()).isNotEmpty().containsOnly(token(1));

            accepted.set(token(2));
            cloneInto(git, "second");
            List<String> second = takeReceived();
            assertThat(second).first().isEqualTo(token(1));
            assertThat(second).last().isEqualTo(token(2));
        }
        assertThat(entra.issuedTokens).containsExactly(token(1), token(2));
    }
}
