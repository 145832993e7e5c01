package dev.gitsource.auth.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.identity.CredentialUnavailableException;
import dev.gitsource.AuthenticationException;
import dev.gitsource.auth.CredentialsRequest;
import dev.gitsource.auth.CredentialsUnavailableException;
import dev.gitsource.auth.GitCredentials;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class AzureDevOpsCredentialsProviderTest {
    private static final CredentialsRequest FIRST =
            new CredentialsRequest(URI.create("https://dev.azure.com/org/project/_git/repo"), false);
    private static final CredentialsRequest REFUSED =
            new CredentialsRequest(URI.create("https://dev.azure.com/org/project/_git/repo"), true);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    /** Issues token-1, token-2, ... valid one hour from the test clock, and records each request's scopes. */
    private final class Issuing implements TokenCredential {
        final List<List<String>> scopes = new CopyOnWriteArrayList<>();

        @Override
        public Mono<AccessToken> getToken(TokenRequestContext request) {
            scopes.add(List.copyOf(request.getScopes()));
            return Mono.just(new AccessToken("token-" + scopes.size(),
                    clock.instant().plus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC)));
        }
    }

    private AzureDevOpsCredentialsProvider provider(TokenCredential c) {
        return new AzureDevOpsCredentialsProvider(() -> c, "test", clock);
    }

    @Test
    void asksForTheAzureDevOpsScopeAndReturnsABearerToken() {
        Issuing issuing = new Issuing();

        GitCredentials c = provider(issuing).resolve(FIRST);

        assertThat(c).isEqualTo(new GitCredentials.Bearer("token-1", clock.instant().plus(Duration.ofHours(1))));
        assertThat(issuing.scopes).containsExactly(List.of("499b84ac-1321-427f-aa17-267ca6975798/.default"));
    }

    @Test
    void tokenIsCachedUntilFiveMinutesBeforeExpiry() {
        Issuing issuing = new Issuing();
        AzureDevOpsCredentialsProvider p = provider(issuing);

        GitCredentials first = p.resolve(FIRST);
        clock.advance(Duration.ofMinutes(54).plusSeconds(59));
        assertThat(p.resolve(FIRST)).isSameAs(first);
        clock.advance(Duration.ofSeconds(1));
        assertThat(((GitCredentials.Bearer) p.resolve(FIRST)).token()).isEqualTo("token-2");
        assertThat(issuing.scopes).hasSize(2);
    }

    @Test
    void refusedTokenIsAskedForAgain() {
        Issuing issuing = new Issuing();
        AzureDevOpsCredentialsProvider p = provider(issuing);

        p.resolve(FIRST);
        assertThat(((GitCredentials.Bearer) p.resolve(REFUSED)).token()).isEqualTo("token-2");
        assertThat(((GitCredentials.Bearer) p.resolve(FIRST)).token()).isEqualTo("token-2");
    }

    @Test
    void unavailableCredentialMovesTheChainOn() {
        AzureDevOpsCredentialsProvider p = provider(request -> Mono.error(new CredentialUnavailableException(
                "EnvironmentCredential authentication unavailable. Environment variables are not fully configured.")));

        assertThatThrownBy(() -> p.resolve(FIRST))
                .isInstanceOf(CredentialsUnavailableException.class)
                .hasMessageContaining("Environment variables are not fully configured");
    }

    @Test
    void otherFailuresStopTheChain() {
        AzureDevOpsCredentialsProvider p = provider(request -> Mono.error(new ClientAuthenticationException(
                "AADSTS70021: No matching federated identity record found", null)));

        assertThatThrownBy(() -> p.resolve(FIRST))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("AADSTS70021")
                .isNotInstanceOf(CredentialsUnavailableException.class);
    }

    @Test
    void aCallersCredentialIsUsedAsIs() {
        Issuing issuing = new Issuing();
        AzureDevOpsCredentialsProvider p = new AzureDevOpsCredentialsProvider(issuing);

        assertThat(((GitCredentials.Bearer) p.resolve(FIRST)).token()).isEqualTo("token-1");
        assertThat(p.toString()).contains("Issuing");
    }

    @Test
    void noSecretInToStringOrMessages() {
        String token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.secret-part";
        AzureDevOpsCredentialsProvider ok = provider(r -> Mono.just(
                new AccessToken(token, clock.instant().plusSeconds(3600).atOffset(ZoneOffset.UTC))));
        AzureDevOpsCredentialsProvider bad = provider(r -> Mono.just(
                new AccessToken("two words " + token, clock.instant().plusSeconds(3600).atOffset(ZoneOffset.UTC))));

        GitCredentials c = ok.resolve(FIRST);
        Throwable failure = catchThrowable(() -> bad.resolve(FIRST));

        assertThat(c.toString()).doesNotContain(token, "secret-part");
        assertThat(ok.toString()).doesNotContain(token);
        assertThat(failure).isInstanceOf(AuthenticationException.class);
        assertThat(failure.getMessage()).doesNotContain("secret-part");
    }

    @Test
    void settingsChooseTheCredentialWithoutBuildingIt() {
        assertThat(AzureDevOpsCredentialsProvider.fromSettings(Map.of()).toString())
                .isEqualTo("AzureDevOps[DefaultAzureCredential]");
        assertThat(AzureDevOpsCredentialsProvider.defaultCredential().toString())
                .isEqualTo("AzureDevOps[DefaultAzureCredential]");
        assertThat(AzureDevOpsCredentialsProvider.fromSettings(Map.of("azureCredential", "workloadIdentity",
                "azureClientID", "abc", "azureTenantID", "t", "azureTokenFilePath", "/var/run/token")).toString())
                .isEqualTo("AzureDevOps[WorkloadIdentityCredential(clientId=abc)]");
        assertThat(AzureDevOpsCredentialsProvider.fromSettings(Map.of("azureCredential", "managedIdentity")).toString())
                .isEqualTo("AzureDevOps[ManagedIdentityCredential]");
    }

    @Test
    void badSettingsAreRejected() {
        assertThatThrownBy(() -> AzureDevOpsCredentialsProvider.fromSettings(Map.of("azureCredential", "cli")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workloadIdentity");
        assertThatThrownBy(() -> AzureDevOpsCredentialsProvider.fromSettings(Map.of(
                "azureCredential", "managedIdentity", "azureTenantID", "t")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AzureDevOpsCredentialsProvider.fromSettings(Map.of("azureTokenFilePath", "/t")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workloadIdentity");
        assertThatThrownBy(() -> AzureDevOpsCredentialsProvider.fromSettings(Map.of(
                "azureAuthorityHost", "http://login.example")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
    }
}
