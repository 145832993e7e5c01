package dev.gitsource.auth.github;

import dev.gitsource.auth.GitCredentialsProvider;
import dev.gitsource.auth.GitCredentialsProviderFactory;
import dev.gitsource.auth.ProviderContext;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code github} plugin: GitHub App installation tokens, configured with Flux's
 * settings keys (see {@link GitHubAppCredentialsProvider#fromSettings}).
 *
 * <p>When it applies:
 * <ul>
 *   <li>a settings entry {@code provider=github} chooses it for any remote; the settings
 *       must then be complete;</li>
 *   <li>otherwise it applies only when there are {@code githubApp*} settings <em>and</em>
 *       the remote is an HTTP(S) URL whose host is {@code github.com} or the host of {@code githubAppBaseURL}
 *       (its {@code api.} prefix removed). Settings alone do not choose it for another
 *       host: that would send an installation token to a server it was not meant for;</li>
 *   <li>a {@code provider} entry naming another plugin, or no {@code githubApp*} settings,
 *       means empty.</li>
 * </ul>
 */
public final class GitHubAppCredentialsProviderFactory implements GitCredentialsProviderFactory {
    /** This plugin's id. */
    public static final String ID = "github";
    /** The settings key that chooses a plugin by id. */
    public static final String PROVIDER = "provider";

    /** Creates the factory; ServiceLoader calls this. */
    public GitHubAppCredentialsProviderFactory() {}

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<GitCredentialsProvider> create(URI remote, Map<String, String> settings) {
        return create(remote, settings, null);
    }

    /**
     * As {@link #create(URI, Map)}; the provider calls the GitHub API through the client's HTTP,
     * so the client's TLS options (a GitHub Enterprise Server on an internal CA) and proxy apply.
     */
    @Override
    public Optional<GitCredentialsProvider> create(URI remote, Map<String, String> settings, ProviderContext context) {
        String chosen = settings.get(PROVIDER);
        if (chosen != null && !chosen.isBlank() && !chosen.trim().equalsIgnoreCase(ID)) {
            return Optional.empty();
        }
        boolean explicit = chosen != null && chosen.trim().equalsIgnoreCase(ID);
        boolean configured = settings.keySet().stream().anyMatch(k -> k.startsWith("githubApp"));
        if (!explicit && !(configured && servesHost(remote, settings.get(GitHubAppCredentialsProvider.BASE_URL)))) {
            return Optional.empty();
        }
        return Optional.of(GitHubAppCredentialsProvider.fromSettings(settings, context == null ? null : context.http()));
    }

    static boolean servesHost(URI remote, String baseUrl) {
        // Installation tokens are HTTP credentials: SSH remotes use keys.
        String scheme = remote.getScheme() == null ? "" : remote.getScheme().toLowerCase(Locale.ROOT);
        String host = remote.getHost();
        if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.equals("github.com")) {
            return true;
        }
        if (baseUrl == null || baseUrl.isBlank()) {
            return false;
        }
        String apiHost;
        try {
            apiHost = URI.create(baseUrl.trim()).getHost();
        } catch (IllegalArgumentException e) {
            return false; // fromSettings is not reached; nothing applies
        }
        if (apiHost == null) {
            return false;
        }
        apiHost = apiHost.toLowerCase(Locale.ROOT);
        return host.equals(apiHost) || ("api." + host).equals(apiHost);
    }
}
