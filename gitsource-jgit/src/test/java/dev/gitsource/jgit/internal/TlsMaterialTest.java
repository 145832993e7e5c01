package dev.gitsource.jgit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.TlsOptions;
import dev.gitsource.testkit.GitServer;
import java.io.IOException;
import java.io.StringReader;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.junit.jupiter.api.Test;

/**
 * The TLS material read from {@link TlsOptions}, used for real requests to the test kit's
 * HTTPS server, and its errors for material that cannot be read.
 */
class TlsMaterialTest {
    private static final String CERTIFICATE_WORD = "# the CERTIFICATE is missing\n";

    /** One smart-HTTP discovery request through the material's sockets: the status code. */
    private static int discover(TlsMaterial tls, URI repository) throws IOException {
        HttpsURLConnection c = (HttpsURLConnection) URI.create(repository + "/info/refs?service=git-upload-pack")
                .toURL().openConnection(Proxy.NO_PROXY);
        c.setSSLSocketFactory(tls.socketFactory());
        c.setConnectTimeout(10_000);
        c.setReadTimeout(10_000);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    private static TlsMaterial trusting(String caPem) {
        return new TlsMaterial(TlsOptions.builder().caCertificatesPem(caPem).build());
    }

    private static String pem(String type, String base64) {
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }

    /** The same RSA key as PKCS#1 ({@code RSA PRIVATE KEY}), the form OpenSSL 1.x wrote. */
    private static String pkcs1(String pkcs8Pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pkcs8Pem))) {
            byte[] der = ((PrivateKeyInfo) parser.readObject()).parsePrivateKey().toASN1Primitive().getEncoded();
            return pem("RSA PRIVATE KEY", Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der));
        }
    }

    @Test
    void aPrivateCaIsTrustedBesideTheJvmsAnchors() throws Exception {
        try (GitServer server = GitServer.builder().https().start();
                GitServer other = GitServer.builder().https().start()) {
            server.repository("org/app").file("f", "x").commit("c");
            URI url = server.httpsUrl("org/app");

            assertThat(discover(trusting(server.caCertificatePem()), url)).isEqualTo(200);
            assertThatThrownBy(() -> discover(new TlsMaterial(TlsOptions.builder().build()), url))
                    .isInstanceOf(SSLHandshakeException.class);
            assertThatThrownBy(() -> discover(trusting(other.caCertificatePem()), url))
                    .isInstanceOf(SSLHandshakeException.class);

            List<X509Certificate> ca = TlsMaterial.readCertificates("CA certificates", server.caCertificatePem());
            X509TrustManager both = TlsMaterial.withExtraCas(ca);
            X509TrustManager jvmOnly = TlsMaterial.withExtraCas(List.of());
            assertThat(both.getAcceptedIssuers()).contains(ca.get(0)).contains(jvmOnly.getAcceptedIssuers())
                    .hasSize(jvmOnly.getAcceptedIssuers().length + 1);
        }
    }

    @Test
    void severalCasInOnePemAreAllTrusted() throws Exception {
        try (GitServer one = GitServer.builder().https().start(); GitServer two = GitServer.builder().https().start()) {
            one.repository("org/app").file("f", "x").commit("c");
            two.repository("org/app").file("f", "x").commit("c");
            TlsMaterial both = trusting(one.caCertificatePem() + two.caCertificatePem());

            assertThat(discover(both, one.httpsUrl("org/app"))).isEqualTo(200);
            assertThat(discover(both, two.httpsUrl("org/app"))).isEqualTo(200);
        }
    }

    @Test
    void aClientCertificateAndItsKeyLoadInPkcs8AndPkcs1() throws Exception {
        try (GitServer server = GitServer.builder().https().requireClientCertificate().start()) {
            server.repository("org/app").file("f", "x").commit("c");
            URI url = server.httpsUrl("org/app");
            String[] client = server.clientCertificate("controller");

            for (String key : new String[] {client[1], pkcs1(client[1])}) {
                TlsMaterial material = new TlsMaterial(TlsOptions.builder().caCertificatesPem(server.caCertificatePem())
                        .clientCertificatePem(client[0]).clientKeyPem(key).build());
                assertThat(discover(material, url)).isEqualTo(200);
            }
            assertThatThrownBy(() -> discover(trusting(server.caCertificatePem()), url)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void unreadableCaPemIsAnIllegalArgumentNamingThePartNotItsText() throws Exception {
        String garbled = pem("CERTIFICATE", "MIIBsecretPart0fAKey!!");

        assertThatThrownBy(() -> trusting(garbled))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("TLS CA certificates: not readable PEM")
                .message().doesNotContain("secretPart");
        String keyOnly = pem("PRIVATE KEY", Base64.getMimeEncoder().encodeToString(
                KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate().getEncoded()));
        assertThatThrownBy(() -> trusting(CERTIFICATE_WORD + keyOnly))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TLS CA certificates: no certificate in the PEM text");
    }

    @Test
    void unreadableClientMaterialIsAnIllegalArgumentNamingThePart() throws Exception {
        try (GitServer server = GitServer.builder().https().start()) {
            String[] client = server.clientCertificate("controller");
            String garbledKey = pem("PRIVATE KEY", "MIIEsecretPart0fAKey!!");
            String encryptedKey = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                    + "DEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n"
                    + Base64.getEncoder().encodeToString("not really ciphertext....".getBytes(StandardCharsets.US_ASCII))
                    + "\n-----END RSA PRIVATE KEY-----\n";

            assertThatThrownBy(() -> withClient(client[0], garbledKey))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("TLS client key:")
                    .message().doesNotContain("secretPart");
            assertThatThrownBy(() -> withClient(client[0], encryptedKey))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encrypted");
            assertThatThrownBy(() -> withClient(client[0], CERTIFICATE_WORD.replace("CERTIFICATE", "PRIVATE KEY")
                    + client[0]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("TLS client key: no private key in the PEM text");
            assertThatThrownBy(() -> withClient(CERTIFICATE_WORD + client[1], client[1]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("TLS client certificate: no certificate in the PEM text");
        }
    }

    private static TlsMaterial withClient(String certPem, String keyPem) {
        return new TlsMaterial(TlsOptions.builder().clientCertificatePem(certPem).clientKeyPem(keyPem).build());
    }
}
