package dev.gitsource;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which proxy carries the traffic to a remote: an {@code http://}, {@code https://} or
 * {@code socks5://} proxy, optionally with credentials, and hosts that bypass it. An
 * {@code https://} proxy is spoken to over TLS (verified with the client's TLS options); the
 * implementation refuses what it cannot send so rather than send proxy credentials in cleartext.
 * {@link #fromEnvironment(Map)} reads the {@code HTTPS_PROXY}/{@code NO_PROXY} convention,
 * only when the caller asks for it.
 */
public final class ProxyOptions {
    private final URI httpProxy;
    private final URI httpsProxy;
    private final URI otherProxy;
    private final List<String> noProxy;
    private final String username;
    private final String password;

    private ProxyOptions(URI httpProxy, URI httpsProxy, URI otherProxy, List<String> noProxy, String username,
            String password) {
        this.httpProxy = httpProxy;
        this.httpsProxy = httpsProxy;
        this.otherProxy = otherProxy;
        this.noProxy = List.copyOf(noProxy);
        this.username = username;
        this.password = password;
    }

    /**
     * One proxy for every remote.
     *
     * @param proxy {@code http://host:port}, {@code https://host:port} or {@code socks5://host:port};
     *     user information in the URI is taken as the proxy credentials
     * @return the options
     * @throws IllegalArgumentException if the scheme is not one of those or the host is missing
     */
    public static ProxyOptions of(URI proxy) {
        URI p = check(proxy);
        String[] cred = credentials(proxy);
        return new ProxyOptions(p, p, p, List.of(), cred[0], cred[1]);
    }

    /**
     * Reads {@code HTTP_PROXY}, {@code HTTPS_PROXY}, {@code ALL_PROXY} and {@code NO_PROXY}
     * (either case), as curl and Go do.
     *
     * @param env the environment, such as {@code System.getenv()}
     * @return the options; with no proxy set, every remote is reached directly
     */
    public static ProxyOptions fromEnvironment(Map<String, String> env) {
        URI all = envUri(env, "ALL_PROXY");
        URI http = Optional.ofNullable(envUri(env, "HTTP_PROXY")).orElse(all);
        URI https = Optional.ofNullable(envUri(env, "HTTPS_PROXY")).orElse(all);
        String no = Optional.ofNullable(env.get("NO_PROXY")).orElse(env.get("no_proxy"));
        List<String> noProxy = new ArrayList<>();
        if (no != null) {
            for (String h : no.split(",")) {
                if (!h.isBlank()) {
                    noProxy.add(h.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        URI any = https != null ? https : http != null ? http : all;
        String[] cred = any == null ? new String[2] : credentials(any);
        return new ProxyOptions(http == null ? null : check(http), https == null ? null : check(https),
                all == null ? null : check(all), noProxy, cred[0], cred[1]);
    }

    private static URI envUri(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            v = env.get(name.toLowerCase(Locale.ROOT));
        }
        if (v == null || v.isBlank()) {
            return null;
        }
        return URI.create(v.contains("://") ? v : "http://" + v);
    }

    private static URI check(URI proxy) {
        Objects.requireNonNull(proxy, "proxy");
        String scheme = proxy.getScheme() == null ? "" : proxy.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of("http", "https", "socks5", "socks").contains(scheme) || proxy.getHost() == null) {
            throw new IllegalArgumentException("proxy must be http://, https:// or socks5://host:port: '"
                    + Redaction.redact(proxy) + "'");
        }
        return URI.create(scheme + "://" + proxy.getHost() + (proxy.getPort() < 0 ? "" : ":" + proxy.getPort()));
    }

    private static String[] credentials(URI proxy) {
        String info = proxy.getRawUserInfo();
        if (info == null) {
            return new String[2];
        }
        int colon = info.indexOf(':');
        String user = java.net.URLDecoder.decode(colon < 0 ? info : info.substring(0, colon),
                java.nio.charset.StandardCharsets.UTF_8);
        String pass = colon < 0 ? "" : java.net.URLDecoder.decode(info.substring(colon + 1),
                java.nio.charset.StandardCharsets.UTF_8);
        return new String[] {user, pass};
    }

    /**
     * @param username proxy user
     * @param password proxy password
     * @return the same proxies with these credentials
     */
    public ProxyOptions withCredentials(String username, String password) {
        return new ProxyOptions(httpProxy, httpsProxy, otherProxy, noProxy, Objects.requireNonNull(username),
                Objects.requireNonNull(password));
    }

    /**
     * @param hosts host names, {@code .suffix} domains or {@code *} that bypass the proxy
     * @return the same proxies with these exceptions
     */
    public ProxyOptions withNoProxy(List<String> hosts) {
        return new ProxyOptions(httpProxy, httpsProxy, otherProxy, hosts, username, password);
    }

    /**
     * @param remote a remote URI
     * @return the proxy that carries traffic to it, without credentials, or empty for a direct connection
     */
    public Optional<URI> proxyFor(URI remote) {
        String host = remote.getHost() == null ? "" : remote.getHost().toLowerCase(Locale.ROOT);
        for (String n : noProxy) {
            String suffix = n.startsWith("*.") ? n.substring(1) : n;
            if (n.equals("*") || host.equals(suffix.startsWith(".") ? suffix.substring(1) : suffix)
                    || (suffix.startsWith(".") ? host.endsWith(suffix) : host.endsWith("." + suffix))) {
                return Optional.empty();
            }
        }
        String scheme = remote.getScheme() == null ? "" : remote.getScheme().toLowerCase(Locale.ROOT);
        return Optional.ofNullable(switch (scheme) {
            case "http" -> httpProxy;
            case "https" -> httpsProxy;
            default -> otherProxy;
        });
    }

    /** @return the proxy user, if any */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** @return the proxy password, if any */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "ProxyOptions[http=" + httpProxy + ", https=" + httpsProxy + ", other=" + otherProxy + ", noProxy="
                + noProxy + (username == null ? "" : ", user=" + username) + "]";
    }
}
