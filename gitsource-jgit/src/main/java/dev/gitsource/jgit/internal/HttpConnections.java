package dev.gitsource.jgit.internal;

import dev.gitsource.GitSourceException;
import dev.gitsource.ProxyOptions;
import dev.gitsource.Redaction;
import dev.gitsource.TlsOptions;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;

/**
 * Makes the HTTP connections of one client: through its proxy ({@link ProxyTunnel}, a tunnel
 * of its own, for HTTPS remotes), with its {@link TlsMaterial} for HTTPS. Set on each
 * transport, never as JGit's process-wide factory.
 */
final class HttpConnections implements HttpConnectionFactory {
    private final TlsMaterial tls;
    private final ProxyOptions proxy;

    /**
     * @param tls the client's TLS options, read here
     * @param proxy the client's proxy, or null for none
     * @throws IllegalArgumentException if the TLS material is unreadable
     */
    HttpConnections(TlsOptions tls, ProxyOptions proxy) {
        this.tls = new TlsMaterial(tls);
        this.proxy = proxy;
    }

    @Override
    public HttpConnection create(URL url, Proxy ignoredSystemProxy) throws IOException {
        return new JdkConnection(open(url), null);
    }

    /**
     * @param retryAfter told of the {@code Retry-After} of rate-limited answers
     * @return this client's connections, for one attempt of an operation
     */
    HttpConnectionFactory noting(RetryAfter retryAfter) {
        return new HttpConnectionFactory() {
            @Override
            public HttpConnection create(URL url) throws IOException {
                return new JdkConnection(open(url), retryAfter);
            }

            @Override
            public HttpConnection create(URL url, Proxy ignoredSystemProxy) throws IOException {
                return create(url);
            }
        };
    }

    /**
     * One connection through this client's proxy and TLS: what Git requests and the provider
     * plugins' own requests ({@link PluginHttp}) are sent over.
     *
     * @param url an http or https URL
     * @return the connection, not yet connected
     * @throws IOException if it cannot be made
     * @throws GitSourceException if the proxy cannot carry a plain-http request ({@link #checkPlainHttp})
     */
    HttpURLConnection open(URL url) throws IOException {
        URI via = proxyUri(url);
        boolean https = "https".equalsIgnoreCase(url.getProtocol());
        if (via == null || https) {
            HttpURLConnection c = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
            if (c instanceof HttpsURLConnection s) {
                // Every proxy of an HTTPS remote is spoken to by our own tunnel: over TLS to an https://
                // proxy, with this client's credentials for HTTP and SOCKS5 proxies alike.
                s.setSSLSocketFactory(via == null ? tls.socketFactory() : tunnel(via));
            }
            return c;
        }
        try {
            checkPlainHttp(url.toURI());
        } catch (URISyntaxException e) {
            throw new IOException("not a remote URL", e);
        }
        boolean socks = via.getScheme().toLowerCase(java.util.Locale.ROOT).startsWith("socks");
        HttpURLConnection c = (HttpURLConnection) url.openConnection(new Proxy(socks ? Proxy.Type.SOCKS : Proxy.Type.HTTP,
                InetSocketAddress.createUnresolved(via.getHost(), ProxyTunnel.port(via))));
        String proxyAuthorization = proxyAuthorization();
        if (!socks && proxyAuthorization != null) {
            c.setRequestProperty("Proxy-Authorization", proxyAuthorization);
        }
        return c;
    }

    /**
     * A plain-http remote goes through the proxy by the JDK's own client, which speaks neither
     * TLS to a proxy nor SOCKS5 with per-client credentials: such a remote is refused before
     * anything is sent, rather than sending the proxy credentials in cleartext or not at all.
     *
     * @param remote a plain-http remote
     * @throws GitSourceException if this client's proxy for it cannot be used so
     */
    void checkPlainHttp(URI remote) {
        URI via = proxyUri(remote);
        String scheme = via == null ? "" : via.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("https")) {
            throw new GitSourceException("cannot reach the plain-http remote " + Redaction.redact(remote)
                    + " through the https:// proxy " + via + ": gitsource speaks TLS to a proxy for https and ssh"
                    + " remotes only; use an https remote, or an http:// proxy for plain-http remotes");
        }
        if (scheme.startsWith("socks") && proxy.username().isPresent()) {
            throw new GitSourceException("cannot send SOCKS5 proxy credentials for the plain-http remote "
                    + Redaction.redact(remote) + " through " + via + ": gitsource sends them for https and ssh"
                    + " remotes only");
        }
    }

    /** The tunnel through this proxy, with this client's TLS and proxy credentials. */
    ProxyTunnel tunnel(URI via) throws IOException {
        return new ProxyTunnel(tls.socketFactory(), via, proxy.username().orElse(null), proxy.password().orElse(null));
    }

    /** @return the proxy for this remote (without credentials), or null for a direct connection */
    URI proxyUri(URI remote) {
        return proxy == null ? null : proxy.proxyFor(remote).orElse(null);
    }

    /**
     * The alert of a TLS server that refuses this client's certificate (or its lack of one), if
     * it does. Under TLS 1.3 the server checks the client certificate after the client's side of
     * the handshake is done; when its alert and close arrive while a request is being written,
     * the JDK reports only "Error writing to server". One more handshake with the same settings,
     * reading the server's first record, brings the alert back. Null if the server sends none
     * within {@code waitMillis}, or when a proxy is in the way.
     */
    SSLException clientCertificateRefusal(URI remote, int waitMillis) {
        if (!"https".equalsIgnoreCase(remote.getScheme())) {
            return null;
        }
        try {
            if (proxyUri(remote) != null) {
                return null;
            }
            try (SSLSocket s = (SSLSocket) tls.socketFactory().createSocket()) {
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
                s.connect(new InetSocketAddress(remote.getHost(), remote.getPort() < 0 ? 443 : remote.getPort()),
                        waitMillis);
                s.setSoTimeout(waitMillis);
                s.startHandshake();
                s.getInputStream().read(); // nothing is sent: only an alert can come back
            }
        } catch (SSLException e) {
            String m = String.valueOf(e.getMessage());
            return m.contains("certificate_required") || m.contains("bad_certificate") ? e : null;
        } catch (IOException | IllegalArgumentException e) {
            return null; // not a refusal we can see
        }
        return null;
    }

    private String proxyAuthorization() {
        if (proxy == null || proxy.username().isEmpty()) {
            return null;
        }
        return "Basic " + Base64.getEncoder().encodeToString((proxy.username().get() + ":"
                + proxy.password().orElse("")).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public HttpConnection create(URL url) throws IOException {
        return create(url, null);
    }

    private URI proxyUri(URL url) {
        try {
            return proxyUri(url.toURI());
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
