package dev.gitsource.jgit.internal;

import dev.gitsource.GitSourceException;
import dev.gitsource.TlsOptions;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The TLS material of one client, read once from its {@link TlsOptions}: the trust anchors
 * (the JVM's plus the configured CAs; certificates are always verified), the client
 * certificate and its key, and the {@link SSLContext} made from them. Thread-safe.
 *
 * <p>Unreadable material is an {@link IllegalArgumentException} naming the part, when the
 * client is built; messages never quote PEM text, which may hold a key.
 */
final class TlsMaterial {
    private final TrustManager[] trustManagers; // null: the JVM's
    private final KeyManager[] keyManagers; // null: no client certificate
    // Guarded by this.
    private SSLContext context;

    TlsMaterial(TlsOptions tls) {
        this.trustManagers = tls.caCertificatesPem().isPresent()
                ? new TrustManager[] {withExtraCas(readCertificates("CA certificates", tls.caCertificatesPem().get()))}
                : null;
        this.keyManagers = tls.clientCertificatePem().isPresent()
                ? keyManagers(tls.clientCertificatePem().get(), tls.clientKeyPem().orElseThrow())
                : null;
    }

    /** @return the socket factory of this client's {@link SSLContext} */
    SSLSocketFactory socketFactory() throws IOException {
        return context().getSocketFactory();
    }

    /** Made on first use: a client that never speaks HTTPS never loads the JVM's trust store. */
    private synchronized SSLContext context() throws IOException {
        if (context == null) {
            try {
                SSLContext c = SSLContext.getInstance("TLS");
                c.init(keyManagers, trustManagers, null);
                context = c;
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot configure TLS", e);
            }
        }
        return context;
    }

    /**
     * @param what the part, for messages: "CA certificates", "client certificate"
     * @return every {@code CERTIFICATE} block of the PEM text, in order; other blocks are skipped
     * @throws IllegalArgumentException if the text holds no readable certificate
     */
    static List<X509Certificate> readCertificates(String what, String pem) {
        List<X509Certificate> certs = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder h) {
                    certs.add(converter.getCertificate(h));
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw unreadable("TLS " + what + ": not readable PEM", e);
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("TLS " + what + ": no certificate in the PEM text");
        }
        return certs;
    }

    /**
     * @return the first private key of the PEM text: PKCS#8, PKCS#1 or SEC1, unencrypted
     * @throws IllegalArgumentException if there is none, or it is encrypted or unreadable
     */
    static PrivateKey readPrivateKey(String pem) {
        Object found = null;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null && found == null; o = parser.readObject()) {
                if (o instanceof PEMKeyPair || o instanceof PrivateKeyInfo
                        || o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    found = o;
                }
            }
        } catch (IOException | RuntimeException e) {
            throw unreadable("TLS client key: not readable PEM", e);
        }
        if (found == null) {
            throw new IllegalArgumentException("TLS client key: no private key in the PEM text");
        }
        if (found instanceof PEMEncryptedKeyPair || found instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw new IllegalArgumentException("TLS client key: encrypted; an unencrypted key is required");
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            return found instanceof PEMKeyPair kp
                    ? converter.getKeyPair(kp).getPrivate() : converter.getPrivateKey((PrivateKeyInfo) found);
        } catch (IOException | RuntimeException e) {
            throw unreadable("TLS client key: cannot be decoded", e);
        }
    }

    private static KeyManager[] keyManagers(String certPem, String keyPem) {
        List<X509Certificate> chain = readCertificates("client certificate", certPem);
        PrivateKey key = readPrivateKey(keyPem);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pass = new char[0];
            ks.setKeyEntry("client", key, pass, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pass);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw unreadable("TLS client certificate and key: cannot be used together", e);
        }
    }

    /** Trusts what the JVM trusts, and certificates that chain to the extra CAs. */
    static X509TrustManager withExtraCas(List<X509Certificate> cas) {
        X509TrustManager jvm;
        X509TrustManager extra;
        try {
            jvm = trustManager(null);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                ks.setCertificateEntry("ca" + i, cas.get(i));
            }
            extra = trustManager(ks);
        } catch (GeneralSecurityException | IOException e) {
            throw unreadable("TLS CA certificates: cannot be made trust anchors", e);
        }
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

    /** Names the failure's type only: a parser's message may quote the PEM text. */
    private static IllegalArgumentException unreadable(String what, Exception e) {
        return new IllegalArgumentException(what + " (" + e.getClass().getSimpleName() + ")", e);
    }
}
