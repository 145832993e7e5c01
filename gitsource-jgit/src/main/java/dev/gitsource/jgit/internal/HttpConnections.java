package dev.gitsource.jgit.internal;

import dev.gitsource.ProxyOptions;
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
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;

/**
 * Makes the HTTP connections of one client: through its proxy (a tunnel of its own when the
 * proxy wants credentials), with its {@link TlsMaterial} for HTTPS. Set on each transport,
 * never as JGit's process-wide factory.
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
        Proxy via = proxyFor(url);
        boolean https = "https".equalsIgnoreCase(url.getProtocol());
        String proxyAuthorization = via.type() == Proxy.Type.HTTP ? proxyAuthorization() : null;
        boolean ownTunnel = https && proxyAuthorization != null;
        JdkConnection c = new JdkConnection((HttpURLConnection) url.openConnection(ownTunnel ? Proxy.NO_PROXY : via));
        if (https) {
            SSLSocketFactory sockets = tls.socketFactory();
            InetSocketAddress p = (InetSocketAddress) via.address();
            c.socketFactory(ownTunnel ? new ProxyTunnel(sockets, p.getHostString(), p.getPort(), proxyAuthorization)
                    : sockets);
        } else if (proxyAuthorization != null) {
            c.setRequestProperty("Proxy-Authorization", proxyAuthorization);
        }
        return c;
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
            if (proxyFor(remote.toURL()) != Proxy.NO_PROXY) {
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

    private Proxy proxyFor(URL url) {
        if (proxy == null) {
            return Proxy.NO_PROXY;
        }
        try {
            return proxy.proxyFor(url.toURI()).map(p -> new Proxy(
                    p.getScheme().startsWith("socks") ? Proxy.Type.SOCKS : Proxy.Type.HTTP,
                    InetSocketAddress.createUnresolved(p.getHost(), p.getPort() < 0 ? 1080 : p.getPort())))
                    .orElse(Proxy.NO_PROXY);
        } catch (URISyntaxException e) {
            return Proxy.NO_PROXY;
        }
    }
}
