package dev.gitsource;

import java.util.Objects;
import java.util.Optional;

/**
 * TLS settings for HTTPS remotes. Certificates are always verified; these options only add
 * trust anchors and a client certificate. Immutable; made by {@link #builder()}.
 */
public final class TlsOptions {
    private final String caCertificatesPem;
    private final String clientCertificatePem;
    private final String clientKeyPem;

    private TlsOptions(Builder b) {
        this.caCertificatesPem = b.caCertificatesPem;
        this.clientCertificatePem = b.clientCertificatePem;
        this.clientKeyPem = b.clientKeyPem;
    }

    /** @return a builder with the JVM's default trust store and no client certificate */
    public static Builder builder() {
        return new Builder();
    }

    /** @return PEM CA certificates trusted in addition to the JVM's defaults, if any */
    public Optional<String> caCertificatesPem() {
        return Optional.ofNullable(caCertificatesPem);
    }

    /** @return the PEM client certificate chain, if any */
    public Optional<String> clientCertificatePem() {
        return Optional.ofNullable(clientCertificatePem);
    }

    /** @return the PEM client private key, if any */
    public Optional<String> clientKeyPem() {
        return Optional.ofNullable(clientKeyPem);
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "TlsOptions[ca=" + (caCertificatesPem != null) + ", clientCertificate="
                + (clientCertificatePem != null) + "]";
    }

    /** Builds {@link TlsOptions}. */
    public static final class Builder {
        private String caCertificatesPem;
        private String clientCertificatePem;
        private String clientKeyPem;

        private Builder() {}

        /**
         * @param pem one or more PEM {@code CERTIFICATE} blocks to trust
         * @return this builder
         */
        public Builder caCertificatesPem(String pem) {
            this.caCertificatesPem = requirePem("CA certificates", pem, "CERTIFICATE");
            return this;
        }

        /**
         * @param pem the client certificate (chain) in PEM
         * @return this builder
         */
        public Builder clientCertificatePem(String pem) {
            this.clientCertificatePem = requirePem("client certificate", pem, "CERTIFICATE");
            return this;
        }

        /**
         * @param pem the client private key in PEM (PKCS#8, PKCS#1 or SEC1)
         * @return this builder
         */
        public Builder clientKeyPem(String pem) {
            this.clientKeyPem = requirePem("client key", pem, "PRIVATE KEY");
            return this;
        }

        private static String requirePem(String what, String pem, String kind) {
            Objects.requireNonNull(pem, what);
            if (!pem.contains("-----BEGIN ") || !pem.contains(kind)) {
                // Do not echo the value: it may be a key.
                throw new IllegalArgumentException(what + " is not PEM text with a " + kind + " block");
            }
            return pem;
        }

        /**
         * @return the options
         * @throws IllegalStateException if only one of client certificate and key is given
         */
        public TlsOptions build() {
            if ((clientCertificatePem == null) != (clientKeyPem == null)) {
                throw new IllegalStateException("a client certificate needs its key, and a key its certificate");
            }
            return new TlsOptions(this);
        }
    }
}
