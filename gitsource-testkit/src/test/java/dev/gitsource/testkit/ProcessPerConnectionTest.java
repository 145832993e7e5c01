package dev.gitsource.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each connection to the bound port reaches a process of its own: cat, here, which echoes. */
class ProcessPerConnectionTest {
    private ProcessPerConnection listener;

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.stop();
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(30_000);
        return s;
    }

    private static String send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        s.shutdownOutput(); // cat ends at the end of its input, and the connection after its output
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }

    @Test
    void thePortIsBoundAtOnceAndEachConnectionHasItsOwnProcess() throws Exception {
        listener = new ProcessPerConnection("test", 0, () -> new ProcessBuilder("cat"), null);
        try (Socket a = connect(listener.port()); Socket b = connect(listener.port())) {
            a.getOutputStream().write("first ".getBytes(StandardCharsets.US_ASCII));
            assertThat(send(b, "second")).isEqualTo("second");
            assertThat(send(a, "and more")).isEqualTo("first and more");
        }
    }

    @Test
    void theFirstPacketIsRewrittenBeforeTheProcessSeesIt() throws Exception {
        listener = new ProcessPerConnection("test", 0, () -> new ProcessBuilder("cat"),
                p -> new String(p, StandardCharsets.US_ASCII).toUpperCase().getBytes(StandardCharsets.US_ASCII));
        try (Socket s = connect(listener.port())) {
            assertThat(send(s, "0009hello0000rest")).isEqualTo("0009HELLO0000rest");
        }
    }

    @Test
    void stopEndsLiveConnectionsTheirProcessesAndThreads() throws Exception {
        listener = new ProcessPerConnection("stoptest", 0, () -> new ProcessBuilder("cat"), null);
        try (Socket s = connect(listener.port())) {
            s.getOutputStream().write('x');
            assertThat(s.getInputStream().read()).isEqualTo('x'); // the process is up
            listener.stop();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("gitserver-stoptest"));
        assertThatThrownBy(() -> connect(listener.port())).isInstanceOf(IOException.class);
        listener = null;
    }

    @Test
    void aPacketIsReadWithItsLengthAndATruncatedOneFails() throws Exception {
        InputStream in = new ByteArrayInputStream("0008abcd0000".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(ProcessPerConnection.readPacket(in), StandardCharsets.US_ASCII)).isEqualTo("0008abcd");
        assertThat(new String(ProcessPerConnection.readPacket(in), StandardCharsets.US_ASCII)).isEqualTo("0000");
        assertThatThrownBy(() -> ProcessPerConnection.readPacket(new ByteArrayInputStream("000aab".getBytes(
                StandardCharsets.US_ASCII)))).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> ProcessPerConnection.readPacket(new ByteArrayInputStream("zzzz".getBytes(
                StandardCharsets.US_ASCII)))).isInstanceOf(IOException.class).hasMessageContaining("pkt-line");
    }
}
