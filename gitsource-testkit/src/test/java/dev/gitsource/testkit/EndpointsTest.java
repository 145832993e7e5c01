package dev.gitsource.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.testkit.GitServer.Backend;
import dev.gitsource.testkit.junit.BackendAssumptions;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What a started server listens on, the URLs and trust material it hands out, and what it refuses to invent. */
class EndpointsTest {
    private static void assertListening(URI url) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), url.getPort())) {
            assertThat(s.isConnected()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyTransportAskedForListensAtItsUrl(Backend backend) throws Exception {
        BackendAssumptions.assumeSshAvailable(backend);
        try (GitServer server = GitServer.builder().backend(backend).http().https().git().ssh().start()) {
            for (URI url : new URI[] {server.httpUrl("org/app"), server.httpsUrl("org/app"), server.gitUrl("org/app"),
                    server.sshUrl("org/app")}) {
                assertThat(url.getHost()).isEqualTo("127.0.0.1");
                assertThat(url.getPath()).isEqualTo("/org/app.git");
                assertListening(url);
            }
            assertThat(server.sshUrl("x").getUserInfo()).isEqualTo(backend == Backend.IN_JVM ? "git"
                    : System.getProperty("user.name"));
            assertThat(server.caCertificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(server.clientCertificate("bot")[1]).contains("PRIVATE KEY");
            assertThat(server.knownHostsLines()).hasSize(backend == Backend.IN_JVM ? 2 : 1)
                    .first().isEqualTo(server.knownHostsLine());
            assertThat(server.knownHostsLine()).startsWith("[127.0.0.1]:" + server.sshUrl("x").getPort() + " ");
        }
    }

    @Test
    void aTransportNotAskedForHasNoUrlAndNoTrustMaterial() {
        try (GitServer server = GitServer.builder().git().build()) {
            assertThatThrownBy(() -> server.gitUrl("r")).as("not started").isInstanceOf(IllegalStateException.class);
            server.start();
            assertThat(server.gitUrl("r").getScheme()).isEqualTo("git");
            for (Runnable call : new Runnable[] {() -> server.httpUrl("r"), () -> server.httpsUrl("r"),
                    () -> server.sshUrl("r"), server::caCertificatePem, server::knownHostsLine}) {
                assertThatThrownBy(call::run).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("ask the builder");
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aStoppedServerListensNoMore() throws Exception {
        GitServer server = GitServer.builder().http().start();
        URI url = server.httpUrl("r");
        server.close();
        assertThatThrownBy(() -> assertListening(url)).isInstanceOf(java.io.IOException.class);
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }
}
