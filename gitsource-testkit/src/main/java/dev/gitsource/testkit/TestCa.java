package dev.gitsource.testkit;

import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throwaway certificate authority with a server certificate for 127.0.0.1 and localhost:
 * for TLS fakes in tests (a token endpoint, a provider's API, a proxy) that a client trusts
 * only through its {@code TlsOptions}, never through the JVM's defaults.
 */
public final class TestCa {
    private final Tls tls;

    private TestCa(Tls tls) {
        this.tls = tls;
    }

    /**
     * @return a new CA and server certificate (RSA 2048, valid for two days)
     * @throws IllegalStateException if the JVM cannot make them
     */
    public static TestCa create() {
        try {
            return new TestCa(new Tls());
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test CA", e);
        }
    }

    /** @return the CA certificate in PEM, for {@code TlsOptions.caCertificatesPem} */
    public String certificatePem() {
        try {
            return Tls.pem(tls.ca);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @return a server-side TLS context presenting the certificate for 127.0.0.1, signed by this CA
     * @throws IllegalStateException if the JVM cannot make it
     */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(tls.serverKeyStore, Tls.PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the server's TLS context", e);
        }
    }

    @Override
    public String toString() {
        return "TestCa[" + tls.ca.getSubjectX500Principal() + "]";
    }
}
