package dev.gitsource.auth.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.Configuration;
import com.azure.identity.ClientSecretCredentialBuilder;
import dev.gitsource.AuthenticationException;
import dev.gitsource.auth.CredentialsRequest;
import dev.gitsource.auth.GitCredentials;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * azure-identity's real client-credentials flow (MSAL underneath) against a fake Entra ID
 * on https://127.0.0.1. azure-identity and MSAL both refuse an http authority host, so the
 * fake speaks TLS with a certificate made for the test, which only this test's HTTP client
 * trusts. Instance discovery is turned off: it would ask login.microsoftonline.com.
 */
class EntraIdEndToEndTest {
    private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String CLIENT_ID = "0c5d5e0a-1c7f-4e0e-9e52-d1e5a3f4b6c7";
    private static final String CLIENT_SECRET = "s3cr3t~VALUE.for-the-fake";
    private static final CredentialsRequest REQUEST =
            new CredentialsRequest(URI.create("https://dev.azure.com/org/project/_git/repo"), false);

    private static final RetryOptions NO_RETRY = new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1)));

    private FakeEntraId entra;

    @BeforeEach
    void start() throws Exception {
        entra = new FakeEntraId(TENANT, CLIENT_ID, CLIENT_SECRET);
    }

    @AfterEach
    void stop() {
        entra.close();
    }

    private ClientSecretCredentialBuilder credential(String secret) {
        return entra.clientSecretCredential(secret);
    }

    @Test
    void returnsExactlyTheIssuedTokenForTheAzureDevOpsScope() {
        AzureDevOpsCredentialsProvider p = new AzureDevOpsCredentialsProvider(credential(CLIENT_SECRET).build());

        GitCredentials c = p.resolve(REQUEST);

        assertThat(entra.issuedTokens).hasSize(1);
        assertThat(c).isInstanceOfSatisfying(GitCredentials.Bearer.class, b -> {
            assertThat(b.token()).isEqualTo(entra.issuedTokens.get(0));
            assertThat(b.expires()).isCloseTo(Instant.now().plusSeconds(3599),
                    org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
        });
        assertThat(entra.requests).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/" + TENANT + "/oauth2/v2.0/token");
            assertThat(r.form()).containsEntry("grant_type", "client_credentials")
                    .containsEntry("client_id", CLIENT_ID);
            // MSAL adds the OpenID Connect scopes to every request; the resource scope is ours.
            assertThat(r.form().get("scope").split(" ")).contains(AzureDevOpsCredentialsProvider.SCOPE)
                    .filteredOn(s -> !s.equals(AzureDevOpsCredentialsProvider.SCOPE))
                    .isSubsetOf("openid", "profile", "offline_access");
        });
        assertThat(p.resolve(REQUEST)).isSameAs(c);
        assertThat(entra.requests).hasSize(1);
    }

    @Test
    void aRefusedClientSecretIsAnAuthenticationFailureThatDoesNotQuoteTheSecret() {
        AzureDevOpsCredentialsProvider p = new AzureDevOpsCredentialsProvider(credential("wrong-" + CLIENT_SECRET).build());

        assertThatThrownBy(() -> p.resolve(REQUEST))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("ClientSecretCredential")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CLIENT_SECRET));
        assertThat(entra.requests).isNotEmpty().allSatisfy(r ->
                assertThat(r.path()).isEqualTo("/" + TENANT + "/oauth2/v2.0/token"));
    }

    @Test
    void anHttpAuthorityHostIsRefusedByAzureIdentity() {
        assertThatThrownBy(() -> new ClientSecretCredentialBuilder().authorityHost("http://127.0.0.1:1/"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
    }

    @Test
    void theTestsHttpClientTrustsOnlyTheFake() {
        // Without the test's trust, the default client refuses the self-signed certificate.
        AzureDevOpsCredentialsProvider p = new AzureDevOpsCredentialsProvider(new ClientSecretCredentialBuilder()
                .configuration(Configuration.NONE).authorityHost(entra.authorityHost()).disableInstanceDiscovery()
                .tenantId(TENANT).clientId(CLIENT_ID).clientSecret(CLIENT_SECRET).retryOptions(NO_RETRY).build());

        assertThatThrownBy(() -> p.resolve(REQUEST)).isInstanceOf(AuthenticationException.class);
        assertThat(entra.issuedTokens).isEmpty();
    }
}
