package dev.gitsource.auth.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.identity.CredentialUnavailableException;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import dev.gitsource.AuthenticationException;
import dev.gitsource.auth.CredentialsRequest;
import dev.gitsource.auth.CredentialsUnavailableException;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.auth.GitCredentialsProvider;
import dev.gitsource.auth.PluginHttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Azure DevOps credentials: a Microsoft Entra ID access token for the Azure DevOps
 * resource ({@value #SCOPE}), sent as a bearer token.
 *
 * <p>The token comes from azure-identity: {@code DefaultAzureCredential} (environment,
 * workload identity, managed identity, developer tools), workload identity or managed
 * identity alone, or the caller's {@link TokenCredential}. It is kept until five minutes
 * before it expires and asked for again when the server refused it (azure-identity keeps
 * its own cache, so it may answer with the same token).
 *
 * <p>azure-identity's {@link CredentialUnavailableException} (the credential did not try)
 * becomes {@link CredentialsUnavailableException}, so a chain moves on; any other failure
 * is an {@link AuthenticationException}.
 */
public final class AzureDevOpsCredentialsProvider implements GitCredentialsProvider {
    /** The scope of Azure DevOps: its application id with {@code /.default}. */
    public static final String SCOPE = "499b84ac-1321-427f-aa17-267ca6975798/.default";

    /** Settings key: {@code default} (the default), {@code workloadIdentity} or {@code managedIdentity}. */
    public static final String CREDENTIAL = "azureCredential";
    /** Settings key: the client id of the workload identity or user-assigned managed identity. */
    public static final String CLIENT_ID = "azureClientID";
    /** Settings key: the Entra ID tenant. */
    public static final String TENANT_ID = "azureTenantID";
    /** Settings key: the federated token file of workload identity. */
    public static final String TOKEN_FILE_PATH = "azureTokenFilePath";
    /** Settings key: the Entra ID authority host, for sovereign clouds. */
    public static final String AUTHORITY_HOST = "azureAuthorityHost";
    /**
     * Settings key: {@code true} turns MSAL's instance discovery off, for an authority host it
     * does not know (Azure Stack, a private cloud): discovery would ask login.microsoftonline.com.
     */
    public static final String DISABLE_INSTANCE_DISCOVERY = "azureDisableInstanceDiscovery";
    /** How long one request of azure-identity may take through the gitsource client's HTTP. */
    static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(AzureDevOpsCredentialsProvider.class);

    private final Supplier<TokenCredential> credential;
    private final String description;
    private final Clock clock;

    // Guarded by this.
    private GitCredentials.Bearer cached;

    /**
     * Uses the caller's credential, such as a {@code ClientSecretCredential} or a
     * {@code ChainedTokenCredential}.
     *
     * @param credential where tokens come from
     */
    public AzureDevOpsCredentialsProvider(TokenCredential credential) {
        this(fixed(Objects.requireNonNull(credential, "credential")), credential.getClass().getSimpleName(),
                Clock.systemUTC());
    }

    AzureDevOpsCredentialsProvider(Supplier<TokenCredential> credential, String description, Clock clock) {
        this.credential = credential;
        this.description = description;
        this.clock = clock;
    }

    /**
     * @return a provider using {@code DefaultAzureCredential}, created on first use
     */
    public static AzureDevOpsCredentialsProvider defaultCredential() {
        return fromSettings(Map.of());
    }

    /**
     * Creates a provider from settings: {@value #CREDENTIAL} chooses the credential
     * ({@code default}, {@code workloadIdentity}, {@code managedIdentity}); {@value #CLIENT_ID},
     * {@value #TENANT_ID}, {@value #TOKEN_FILE_PATH}, {@value #AUTHORITY_HOST} and
     * {@value #DISABLE_INSTANCE_DISCOVERY} configure it.
     * Settings left out are read by azure-identity from its environment variables
     * ({@code AZURE_CLIENT_ID}, {@code AZURE_TENANT_ID}, {@code AZURE_FEDERATED_TOKEN_FILE}, ...).
     * The credential is built on first use.
     *
     * @param settings the settings
     * @return the provider
     * @throws IllegalArgumentException if {@value #CREDENTIAL} has an unknown value or a
     *     setting does not apply to the chosen credential
     */
    public static AzureDevOpsCredentialsProvider fromSettings(Map<String, String> settings) {
        return fromSettings(settings, null);
    }

    /**
     * As {@link #fromSettings(Map)}; azure-identity then sends its requests through the
     * gitsource client's HTTP, with the client's TLS options and proxy (the plugin's way).
     *
     * @param settings the settings
     * @param http the client's HTTP, or null for azure-identity's own client
     * @return the provider
     */
    static AzureDevOpsCredentialsProvider fromSettings(Map<String, String> settings, PluginHttpClient http) {
        HttpClient client = http == null ? null : new PluginAzureHttpClient(http, HTTP_TIMEOUT);
        String discovery = trimmed(settings.get(DISABLE_INSTANCE_DISCOVERY));
        if (discovery != null && !discovery.equals("true") && !discovery.equals("false")) {
            throw new IllegalArgumentException(DISABLE_INSTANCE_DISCOVERY + " must be true or false: '" + discovery + "'");
        }
        boolean noDiscovery = "true".equals(discovery);
        String kind = trimmed(settings.get(CREDENTIAL));
        String clientId = trimmed(settings.get(CLIENT_ID));
        String tenantId = trimmed(settings.get(TENANT_ID));
        String tokenFile = trimmed(settings.get(TOKEN_FILE_PATH));
        String authority = trimmed(settings.get(AUTHORITY_HOST));
        if (authority != null && !authority.toLowerCase(Locale.ROOT).startsWith("https://")) {
            throw new IllegalArgumentException(AUTHORITY_HOST + " must be an https URL: '" + authority + "'");
        }
        Supplier<TokenCredential> build;
        String description;
        switch (kind == null ? "default" : kind) {
            case "default" -> {
                if (tokenFile != null) {
                    throw new IllegalArgumentException(TOKEN_FILE_PATH + " needs " + CREDENTIAL + "=workloadIdentity");
                }
                description = "DefaultAzureCredential";
                build = () -> {
                    DefaultAzureCredentialBuilder b = new DefaultAzureCredentialBuilder();
                    if (clientId != null) {
                        b.managedIdentityClientId(clientId).workloadIdentityClientId(clientId);
                    }
                    if (tenantId != null) {
                        b.tenantId(tenantId);
                    }
                    if (authority != null) {
                        b.authorityHost(authority);
                    }
                    if (noDiscovery) {
                        b.disableInstanceDiscovery();
                    }
                    if (client != null) {
                        b.httpClient(client);
                    }
                    return b.build();
                };
            }
            case "workloadIdentity" -> {
                description = "WorkloadIdentityCredential";
                build = () -> {
                    WorkloadIdentityCredentialBuilder b = new WorkloadIdentityCredentialBuilder();
                    if (clientId != null) {
                        b.clientId(clientId);
                    }
                    if (tenantId != null) {
                        b.tenantId(tenantId);
                    }
                    if (tokenFile != null) {
                        b.tokenFilePath(tokenFile);
                    }
                    if (authority != null) {
                        b.authorityHost(authority);
                    }
                    if (noDiscovery) {
                        b.disableInstanceDiscovery();
                    }
                    if (client != null) {
                        b.httpClient(client);
                    }
                    return b.build();
                };
            }
            case "managedIdentity" -> {
                if (tenantId != null || tokenFile != null || authority != null || noDiscovery) {
                    throw new IllegalArgumentException(CREDENTIAL + "=managedIdentity takes only " + CLIENT_ID);
                }
                description = "ManagedIdentityCredential";
                build = () -> {
                    ManagedIdentityCredentialBuilder b = new ManagedIdentityCredentialBuilder();
                    if (clientId != null) {
                        b.clientId(clientId);
                    }
                    if (client != null) {
                        b.httpClient(client);
                    }
                    return b.build();
                };
            }
            default -> throw new IllegalArgumentException(CREDENTIAL
                    + " must be default, workloadIdentity or managedIdentity, not '" + kind + "'");
        }
        return new AzureDevOpsCredentialsProvider(memo(build),
                description + (clientId == null ? "" : "(clientId=" + clientId + ")"), Clock.systemUTC());
    }

    @Override
    public synchronized GitCredentials resolve(CredentialsRequest request) {
        if (request.refused()) {
            cached = null;
        }
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(cached.expires().minus(REFRESH_MARGIN))) {
            cached = fetch();
        }
        return cached;
    }

    private GitCredentials.Bearer fetch() {
        AccessToken token;
        try {
            token = credential.get().getTokenSync(new TokenRequestContext().addScopes(SCOPE));
        } catch (CredentialUnavailableException e) {
            throw new CredentialsUnavailableException(description + " is not available: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new AuthenticationException("Entra ID token for Azure DevOps from " + description + " failed: "
                    + e.getMessage(), e);
        }
        if (token == null || token.getToken() == null || token.getExpiresAt() == null) {
            throw new AuthenticationException(description + " returned no Entra ID token for Azure DevOps", null);
        }
        Instant expires = token.getExpiresAt().toInstant();
        LOG.debug("Entra ID token for Azure DevOps from {}, expires {}", description, expires);
        try {
            return new GitCredentials.Bearer(token.getToken(), expires);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationException(description + " returned a token that is not printable text", null);
        }
    }

    private static Supplier<TokenCredential> fixed(TokenCredential c) {
        return () -> c;
    }

    private static <T> Supplier<T> memo(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        return "AzureDevOps[" + description + "]";
    }
}
