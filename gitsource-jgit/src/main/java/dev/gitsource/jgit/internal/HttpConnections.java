package dev.gitsource.jgit.internal;

import dev.gitsource.GitSourceException;
import dev.gitsource.ProxyOptions;
import dev.gitsource.TlsOptions;
import java.io.IOException;
import java.io.StringReader;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;

/**
 * Makes the HTTP connections of one client: its own trust anchors (the JVM's plus the
 * configured CAs, always verified), its client certificate and its proxy. Set on each
 * transport, never as JGit's process-wide factory.
 */
final class HttpConnections implements HttpConnectionFactory {
    private final TrustManager[] trustManagers;
    private final KeyManager[] keyManagers;
    private final ProxyOptions proxy;
    private SSLContext sslContext;

    HttpConnections(TlsOptions tls, ProxyOptions proxy) {
        this.proxy = proxy;
        try {
            this.trustManagers = tls.caCertificatesPem().isPresent()
                    ? new TrustManager[] {withExtraCas(readCertificates(tls.caCertificatesPem().get()))} : null;
            this.keyManagers = tls.clientCertificatePem().isPresent()
                    ? keyManagers(tls.clientCertificatePem().get(), tls.clientKeyPem().orElseThrow()) : null;
        } catch (GeneralSecurityException | IOException e) {
            // Never echo PEM text: it may hold a key.
            throw new IllegalArgumentException("cannot read the TLS material: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public HttpConnection create(URL url, Proxy ignoredSystemProxy) throws IOException {
        Proxy via = proxyFor(url);
        boolean https = "https".equalsIgnoreCase(url.getProtocol());
        String proxyAuthorization = via.type() == Proxy.Type.HTTP ? proxyAuthorization() : null;
        boolean ownTunnel = https && proxyAuthorization != null;
        JdkConnection c = new JdkConnection((HttpURLConnection) url.openConnection(ownTunnel ? Proxy.NO_PROXY : via));
        if (https) {
            SSLSocketFactory tls = tls().getSocketFactory();
            InetSocketAddress p = (InetSocketAddress) via.address();
            c.socketFactory(ownTunnel ? new ProxyTunnel(tls, p.getHostString(), p.getPort(), proxyAuthorization) : tls);
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
            try (SSLSocket s = (SSLSocket) tls().getSocketFactory().createSocket()) {
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

    private SSLContext tls() throws IOException {
        synchronized (this) {
            if (sslContext == null) {
                try {
                    sslContext = SSLContext.getInstance("TLS");
                    sslContext.init(keyManagers, trustManagers, null);
                } catch (GeneralSecurityException e) {
                    throw new IOException("cannot configure TLS", e);
                }
            }
            return sslContext;
        }
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

    static List<X509Certificate> readCertificates(String pem) throws IOException, CertificateException {
        List<X509Certificate> certs = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder h) {
                    certs.add(converter.getCertificate(h));
                }
            }
        }
        if (certs.isEmpty()) {
            throw new CertificateException("no certificate in the PEM text");
        }
        return certs;
    }

    static PrivateKey readPrivateKey(String pem) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PEMKeyPair kp) {
                    return converter.getKeyPair(kp).getPrivate();
                }
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            }
        }
        throw new IOException("no private key in the PEM text");
    }

    private static KeyManager[] keyManagers(String certPem, String keyPem) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pass = new char[0];
        ks.setKeyEntry("client", readPrivateKey(keyPem), pass,
                readCertificates(certPem).toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pass);
        return kmf.getKeyManagers();
    }

    /** Trusts what the JVM trusts, and certificates that chain to the extra CAs. */
    private static X509TrustManager withExtraCas(List<X509Certificate> cas) throws GeneralSecurityException, IOException {
        X509TrustManager jvm = trustManager(null);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        for (int i = 0; i < cas.size(); i++) {
            ks.setCertificateEntry("ca" + i, cas.get(i));
        }
        X509TrustManager extra = trustManager(ks);
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                jvm.checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    extra.checkServerTrusted(chain, authType);
                } catch (CertificateException e) {
                    jvm.checkServerTrusted(chain, authType);
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                List<X509Certificate> all = new ArrayList<>(List.of(jvm.getAcceptedIssuers()));
                all.addAll(cas);
                return all.toArray(new X509Certificate[0]);
            }
        };
    }

    private static X509TrustManager trustManager(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GitSourceException("no X.509 trust manager in this JVM");
    }

}
