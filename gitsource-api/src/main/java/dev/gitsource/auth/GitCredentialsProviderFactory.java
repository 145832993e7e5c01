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

    /**
     * The Git URL that a remote-helper URL of this plugin stands for, as C git's remote helper
     * connects to it: git-remote-codecommit's {@code codecommit::eu-west-1://repo} stands for
     * {@code https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/repo}. The client asks only
     * about URLs whose scheme it does not speak itself; it connects to the answer, keeps the
     * URL as given (in messages without user information, and in {@code remote.origin.url}),
     * and asks this plugin for its credentials with it. The default knows no such URL.
     *
     * @param remote a URL with a scheme the client does not speak
     * @param settings plugin settings, as for {@link #create(URI, Map)}
     * @return the URL to connect to, or empty if this plugin does not know the scheme
     * @throws IllegalArgumentException if this plugin knows the scheme but not this URL
     */
    default Optional<URI> gitUrl(URI remote, Map<String, String> settings) {
        return Optional.empty();
    }
}
