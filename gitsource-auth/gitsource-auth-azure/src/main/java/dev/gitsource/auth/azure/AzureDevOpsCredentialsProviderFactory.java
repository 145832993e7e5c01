package dev.gitsource.auth.azure;

import dev.gitsource.auth.GitCredentialsProvider;
import dev.gitsource.auth.GitCredentialsProviderFactory;
import dev.gitsource.auth.ProviderContext;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code azure} plugin: Entra ID tokens for Azure DevOps (see
 * {@link AzureDevOpsCredentialsProvider#fromSettings} for the settings).
 *
 * <p>It applies to HTTP(S) remotes on {@code dev.azure.com} and {@code *.visualstudio.com};
 * a settings entry {@code provider=azure} chooses it for any other remote (Azure DevOps
 * Server behind a custom name). A {@code provider} entry naming another plugin means empty.
 * {@code azure*} settings alone do not choose it for another host, so a token is never sent
 * to a server it was not meant for.
 */
public final class AzureDevOpsCredentialsProviderFactory implements GitCredentialsProviderFactory {
    /** This plugin's id. */
    public static final String ID = "azure";
    /** The settings key that chooses a plugin by id. */
    public static final String PROVIDER = "provider";

    /** Creates the factory; ServiceLoader calls this. */
    public AzureDevOpsCredentialsProviderFactory() {}

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<GitCredentialsProvider> create(URI remote, Map<String, String> settings) {
        return create(remote, settings, null);
    }

    /** As {@link #create(URI, Map)}; azure-identity's requests go through the client's HTTP, TLS and proxy. */
    @Override
    public Optional<GitCredentialsProvider> create(URI remote, Map<String, String> settings, ProviderContext context) {
        String chosen = settings.get(PROVIDER);
        boolean applies = chosen != null && !chosen.isBlank() ? chosen.trim().equalsIgnoreCase(ID) : servesHost(remote);
        return applies ? Optional.of(AzureDevOpsCredentialsProvider.fromSettings(settings,
                context == null ? null : context.http())) : Optional.empty();
    }

    static boolean servesHost(URI remote) {
        String scheme = remote.getScheme() == null ? "" : remote.getScheme().toLowerCase(Locale.ROOT);
        String host = remote.getHost() == null ? "" : remote.getHost().toLowerCase(Locale.ROOT);
        // Bearer tokens are HTTP credentials; Azure DevOps' SSH endpoints take keys.
        return (scheme.equals("https") || scheme.equals("http")) && (host.equals("dev.azure.com") || host.endsWith(".visualstudio.com"));
    }
}
