package dev.gitsource.spi;

import dev.gitsource.GitEventListener;
import dev.gitsource.GitSource;
import dev.gitsource.KnownHosts;
import dev.gitsource.ProxyOptions;
import dev.gitsource.RetryPolicy;
import dev.gitsource.TlsOptions;
import dev.gitsource.auth.GitCredentialsProvider;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The settings of a {@link GitSource}, as collected by its {@link GitSource.Builder}. Read by
 * implementations; users build it through the builder.
 *
 * @param credentials the explicit provider, or null to use plugins by URL (else anonymous)
 * @param providerId the plugin to use regardless of host, or null to choose by host
 * @param providerSettings settings passed to plugins
 * @param tls TLS settings
 * @param proxy proxy settings, or null for direct connections
 * @param knownHosts trusted SSH host keys (empty: every SSH host is refused)
 * @param timeout the default wall-clock deadline per operation
 * @param listener the event listener
 * @param allowCredentialsOverHttp whether basic or bearer credentials may be sent over plain http
 * @param allowedSchemes the URL schemes that may be used
 * @param maxPackBytes the largest pack a fetch may receive, or 0 for no limit
 * @param maxObjectBytes the largest object a fetch may receive, or 0 for no limit
 * @param retry what to do after a retryable transport error
 * @param maxConcurrentPerHost how many operations may talk to one host at once, or 0 for no limit
 */
public record GitSourceConfig(GitCredentialsProvider credentials, String providerId,
        Map<String, String> providerSettings, TlsOptions tls, ProxyOptions proxy, KnownHosts knownHosts,
        Duration timeout, GitEventListener listener, boolean allowCredentialsOverHttp, Set<String> allowedSchemes,
        long maxPackBytes, long maxObjectBytes, RetryPolicy retry, int maxConcurrentPerHost) {
    /**
     * Copies the collections.
     *
     * @param credentials see the record component
     * @param providerId see the record component
     * @param providerSettings see the record component
     * @param tls see the record component
     * @param proxy see the record component
     * @param knownHosts see the record component
     * @param timeout see the record component
     * @param listener see the record component
     * @param allowCredentialsOverHttp see the record component
     * @param allowedSchemes see the record component
     * @param maxPackBytes see the record component
     * @param maxObjectBytes see the record component
     * @param retry see the record component
     * @param maxConcurrentPerHost see the record component
     */
    public GitSourceConfig {
        providerSettings = Map.copyOf(providerSettings);
        allowedSchemes = Set.copyOf(allowedSchemes);
        if (maxConcurrentPerHost < 0) {
            throw new IllegalArgumentException("maxConcurrentPerHost must be 0 (no limit) or positive: "
                    + maxConcurrentPerHost);
        }
    }

    /**
     * The settings without a per-host limit (the shape before {@code maxConcurrentPerHost}).
     *
     * @param credentials see the record component
     * @param providerId see the record component
     * @param providerSettings see the record component
     * @param tls see the record component
     * @param proxy see the record component
     * @param knownHosts see the record component
     * @param timeout see the record component
     * @param listener see the record component
     * @param allowCredentialsOverHttp see the record component
     * @param allowedSchemes see the record component
     * @param maxPackBytes see the record component
     * @param maxObjectBytes see the record component
     * @param retry see the record component
     */
    public GitSourceConfig(GitCredentialsProvider credentials, String providerId, Map<String, String> providerSettings,
            TlsOptions tls, ProxyOptions proxy, KnownHosts knownHosts, Duration timeout, GitEventListener listener,
            boolean allowCredentialsOverHttp, Set<String> allowedSchemes, long maxPackBytes, long maxObjectBytes,
            RetryPolicy retry) {
        this(credentials, providerId, providerSettings, tls, proxy, knownHosts, timeout, listener,
                allowCredentialsOverHttp, allowedSchemes, maxPackBytes, maxObjectBytes, retry, 0);
    }

    /** @return the explicit credentials provider, if one was set */
    public Optional<GitCredentialsProvider> explicitCredentials() {
        return Optional.ofNullable(credentials);
    }

    /** @return the proxy settings, if any */
    public Optional<ProxyOptions> proxyIfAny() {
        return Optional.ofNullable(proxy);
    }

    /** Never prints a secret. */
    @Override
    public String toString() {
        return "GitSourceConfig[credentials=" + (credentials == null ? "plugins" : credentials.getClass().getSimpleName())
                + ", provider=" + providerId + ", settings=" + providerSettings.keySet() + ", tls=" + tls
                + ", proxy=" + proxy + ", knownHosts=" + knownHosts.entries().size() + " entries, timeout=" + timeout
                + ", allowCredentialsOverHttp=" + allowCredentialsOverHttp + ", schemes=" + allowedSchemes
                + (maxConcurrentPerHost > 0 ? ", maxConcurrentPerHost=" + maxConcurrentPerHost : "") + "]";
    }
}
