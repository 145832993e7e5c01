package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.AuthenticationException;
import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.TlsOptions;
import dev.gitsource.testkit.GitServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS is always verified against the JVM's and the configured CAs; client certificates come from TlsOptions. */
class TlsTest {
    @TempDir Path tmp;

    private CloneOptions into(String dir) {
        return CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1).directory(tmp.resolve(dir)).build();
    }

    @Test
    void mutualTlsNeedsTheClientCertificateAndTheCa() throws Exception {
        try (GitServer server = GitServer.builder().https().requireClientCertificate().start()) {
            server.repository("org/app").file("f", "mtls").commit("c");
            URI url = server.httpsUrl("org/app");
            String[] client = server.clientCertificate("controller");
            TlsOptions withCert = TlsOptions.builder().caCertificatesPem(server.caCertificatePem())
                    .clientCertificatePem(client[0]).clientKeyPem(client[1]).build();
            try (GitSource git = GitSource.builder().tls(withCert).build()) {
                git.clone(url, into("ok")).repository().close();
            }
            assertThat(Files.readString(tmp.resolve("ok/f"))).isEqualTo("mtls");
            assertThat(withCert.toString()).doesNotContain(client[1].lines().skip(1).findFirst().orElseThrow());

            try (GitSource git = GitSource.builder()
                    .tls(TlsOptions.builder().caCertificatesPem(server.caCertificatePem()).build()).build()) {
                assertThatThrownBy(() -> git.clone(url, into("nocert")))
                        .isInstanceOf(AuthenticationException.class).hasMessageContaining(url.getHost())
                        .hasMessageContaining("client certificate");
            }
            assertThat(tmp.resolve("nocert")).doesNotExist();
        }
    }

    @Test
    void aServerWhoseCaIsNotTrustedFailsVerification() throws Exception {
        try (GitServer server = GitServer.builder().https().start()) {
            server.repository("org/app").file("f", "x").commit("c");
            URI url = server.httpsUrl("org/app");
            try (GitSource git = GitSource.builder().build()) {
                assertThatThrownBy(() -> git.clone(url, into("untrusted")))
                        .isInstanceOf(AuthenticationException.class).hasMessageContaining("not trusted");
            }
            try (GitServer other = GitServer.builder().https().start();
                    GitSource git = GitSource.builder()
                            .tls(TlsOptions.builder().caCertificatesPem(other.caCertificatePem()).build()).build()) {
                assertThatThrownBy(() -> git.clone(url, into("wrongca")))
                        .isInstanceOf(AuthenticationException.class).hasMessageContaining("not trusted");
            }
            assertThat(server.requests()).isEmpty();
        }
    }
}
