package dev.gitsource.auth;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * A provider plugin, found with {@link java.util.ServiceLoader}: register the class in
 * {@code META-INF/services/dev.gitsource.auth.GitCredentialsProviderFactory}. The client
 * asks each plugin in turn for a remote with no explicit provider; an explicit provider on
 * the builder always wins.
 */
public interface GitCredentialsProviderFactory {
    /** @return the plugin's id, such as {@code github}, {@code azure} or {@code aws} */
    String id();

    /**
     * @param remote the remote URI
     * @param settings plugin settings (such as {@code githubAppID}); may be empty. When the
     *     client chose this plugin by id ({@code GitSource.Builder#provider}), they hold
     *     {@code provider=<id>}: the plugin then serves any host
     * @return a provider if this plugin serves the remote's host (or was chosen by id), else empty
     * @throws IllegalArgumentException if the settings are incomplete or contradictory
     */
    Optional<GitCredentialsProvider> create(URI remote, Map<String, String> settings);

    /**
     * As {@link #create(URI, Map)}, with what the client offers the plugin's own traffic: a
     * plugin that calls a token endpoint or an API sends through {@link ProviderContext#http()},
     * so that the client's TLS options (a private CA) and proxy apply to it too. The
     * implementation calls this one; the default ignores the context.
     *
     * @param remote the remote URI
     * @param settings plugin settings, as for {@link #create(URI, Map)}
     * @param context HTTP, TLS and proxy of the client
     * @return a provider if this plugin serves the remote's host (or was chosen by id), else empty
     * @throws IllegalArgumentException if the settings are incomplete or contradictory
     */
    default Optional<GitCredentialsProvider> create(URI remote, Map<String, String> settings,
            ProviderContext context) {
        return create(remote, settings);
    }
}
