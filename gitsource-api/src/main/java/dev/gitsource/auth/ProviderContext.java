package dev.gitsource.auth;

import dev.gitsource.ProxyOptions;
import dev.gitsource.TlsOptions;
import java.util.Objects;
import java.util.Optional;

/**
 * What the client gives a provider plugin besides its settings
 * ({@link GitCredentialsProviderFactory#create(java.net.URI, java.util.Map, ProviderContext)}):
 * an HTTP client for the plugin's own traffic, with the client's TLS and proxy settings, and
 * those settings themselves for plugins whose libraries need them in their own form. A final
 * class, so that parts can be added.
 */
public final class ProviderContext {
    private final PluginHttpClient http;
    private final TlsOptions tls;
    private final ProxyOptions proxy;

    /**
     * Made by the implementation for each plugin it asks (and by tests).
     *
     * @param http HTTP through the client's TLS and proxy settings
     * @param tls the client's TLS settings
     * @param proxy the client's proxy settings, or null for direct connections
     */
    public ProviderContext(PluginHttpClient http, TlsOptions tls, ProxyOptions proxy) {
        this.http = Objects.requireNonNull(http, "http");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.proxy = proxy;
    }

    /** @return HTTP for the plugin's own traffic, through the client's TLS and proxy settings */
    public PluginHttpClient http() {
        return http;
    }

    /** @return the client's TLS settings */
    public TlsOptions tls() {
        return tls;
    }

    /** @return the client's proxy settings, if any */
    public Optional<ProxyOptions> proxy() {
        return Optional.ofNullable(proxy);
    }

    @Override
    public String toString() {
        return "ProviderContext[tls=" + tls + ", proxy=" + proxy + "]";
    }
}
