package dev.gitsource.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.testkit.junit.StartStop;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The proxy carries CONNECT tunnels, absolute-form requests and SOCKS5 to a real Git server, and refuses bad credentials. */
class ConnectProxyTest {
    @StartStop GitServer server = GitServer.builder().http().build();

    @Test
    void connectTunnelCarriesAGitRequestWithCredentials() throws Exception {
        server.repository("p/r").file("a", "b").commit("c");
        URI repo = server.httpUrl("p/r");
        String target = "127.0.0.1:" + repo.getPort();
        try (ConnectProxy proxy = ConnectProxy.withCredentials("pu", "pw").start();
                Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\nProxy-Authorization: Basic "
                    + basic("pu:pw") + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readHead(in)).startsWith("HTTP/1.1 200");
            out.write(("GET " + repo.getRawPath() + "/info/refs?service=git-upload-pack HTTP/1.1\r\nHost: " + target
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 200").contains("# service=git-upload-pack");
            assertThat(proxy.targets()).containsExactly(target);
            assertThat(proxy.relayedBytes()).isGreaterThan(response.length());
            assertThat(server.takeRequest().repository()).isEqualTo("p/r");
        }
    }

    @Test
    void wrongCredentialsGet407AndNothingIsCarried() throws Exception {
        String target = "127.0.0.1:" + server.httpUrl("p/r").getPort();
        try (ConnectProxy proxy = ConnectProxy.withCredentials("pu", "pw").start();
                Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            s.getOutputStream().write(("CONNECT " + target + " HTTP/1.1\r\nProxy-Authorization: Basic " + basic("pu:no")
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readHead(s.getInputStream())).startsWith("HTTP/1.1 407").contains("Proxy-Authenticate: Basic");
            assertThat(proxy.targets()).isEmpty();
            assertThat(proxy.refusals()).containsExactly("407 CONNECT " + target);
            s.close();
        }
    }

    @Test
    void absoluteFormRequestIsRelayed() throws Exception {
        server.repository("p/abs").file("a", "b").commit("c");
        URI repo = server.httpUrl("p/abs");
        try (ConnectProxy proxy = ConnectProxy.open().start();
                Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            s.getOutputStream().write(("GET " + repo + "/info/refs?service=git-upload-pack HTTP/1.1\r\nHost: "
                    + repo.getAuthority() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 200").contains("# service=git-upload-pack");
            assertThat(proxy.targets()).containsExactly("127.0.0.1:" + repo.getPort());
        }
    }

    @Test
    void socks5WithUsernamePassword() throws Exception {
        server.repository("p/socks").file("a", "b").commit("c");
        URI repo = server.httpUrl("p/socks");
        try (ConnectProxy proxy = ConnectProxy.withCredentials("su", "sp").start();
                Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            out.write(new byte[] {5, 2, 0, 2});
            assertThat(in.readNBytes(2)).containsExactly(5, 2);
            out.write(new byte[] {1, 2, 's', 'u', 2, 's', 'p'});
            assertThat(in.readNBytes(2)).containsExactly(1, 0);
            out.write(new byte[] {5, 1, 0, 1, 127, 0, 0, 1, (byte) (repo.getPort() >> 8), (byte) repo.getPort()});
            assertThat(in.readNBytes(10)[1]).isEqualTo((byte) 0);
            out.write(("GET " + repo.getRawPath() + "/info/refs?service=git-upload-pack HTTP/1.1\r\nHost: "
                    + repo.getAuthority() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
            assertThat(proxy.targets()).containsExactly("127.0.0.1:" + repo.getPort());
        }
    }

    @Test
    void socks5WithWrongPasswordIsRefused() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.withCredentials("su", "sp").start();
                Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(new byte[] {5, 1, 2});
            assertThat(in.readNBytes(2)).containsExactly(5, 2);
            out.write(new byte[] {1, 2, 's', 'u', 2, 'n', 'o'});
            assertThat(in.readNBytes(2)).containsExactly(1, 1);
            assertThat(proxy.refusals()).containsExactly("socks5 bad credentials");
            assertThat(proxy.targets()).isEmpty();
        }
    }

    private static String basic(String userColonPassword) {
        return Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    private static String readHead(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            sb.append((char) b);
        }
        return sb.toString();
    }
}
