package dev.gitsource.jgit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.AuthenticationException;
import dev.gitsource.TlsOptions;
import dev.gitsource.testkit.GitServer;
import java.net.URI;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

/**
 * The probe that recovers a TLS 1.3 server's refusal of the client certificate when the JDK
 * reported only "Error writing to server", against a real server that requires one.
 */
class ClientCertificateRefusalTest {
    @Test
    void findsTheRefusalOnlyWhereThereIsOne() throws Exception {
        try (GitServer server = GitServer.builder().https().requireClientCertificate().start();
                GitServer open = GitServer.builder().https().start()) {
            server.repository("org/app").file("f", "x").commit("c");
            URI url = server.httpsUrl("org/app");
            TlsOptions caOnly = TlsOptions.builder().caCertificatesPem(server.caCertificatePem()).build();
            SSLException refusal = new HttpConnections(caOnly, null).clientCertificateRefusal(url, 2_000);
            assertThat(refusal).isNotNull();
            assertThat(refusal.getMessage()).containsAnyOf("bad_certificate", "certificate_required");
            assertThat(Errors.translate(refusal, url.toString(), null, null))
                    .isInstanceOf(AuthenticationException.class).hasMessageContaining("client certificate");

            String[] client = server.clientCertificate("controller");
            TlsOptions withCert = TlsOptions.builder().caCertificatesPem(server.caCertificatePem())
                    .clientCertificatePem(client[0]).clientKeyPem(client[1]).build();
            assertThat(new HttpConnections(withCert, null).clientCertificateRefusal(url, 500)).isNull();

            TlsOptions openCa = TlsOptions.builder().caCertificatesPem(open.caCertificatePem()).build();
            assertThat(new HttpConnections(openCa, null).clientCertificateRefusal(open.httpsUrl("org/app"), 500))
                    .isNull();
            assertThat(new HttpConnections(caOnly, null).clientCertificateRefusal(URI.create("http://127.0.0.1:1/org/app"), 500))
                    .isNull();
        }
    }
}
