package dev.gitsource.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A listener on 127.0.0.1 that hands each connection to a new process on its standard input
 * and output, as inetd does ({@code git daemon --inetd}, {@code sshd -i}). The JVM binds the
 * port itself, so no other program can take it between choosing a free port and listening,
 * as it could if the child were told a port to bind. Optionally the first pkt-line the client
 * sends is rewritten before the process sees it.
 */
final class ProcessPerConnection {
    private static final long STOP_WAIT_SECONDS = 10;

    private final String name;
    private final Supplier<ProcessBuilder> command;
    private final UnaryOperator<byte[]> firstPacket;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

    /**
     * @param name for thread names, such as {@code git}
     * @param port the port, 0 for a free one
     * @param command the process for one connection (its standard error is the builder's business)
     * @param firstPacket rewrites the client's first pkt-line (length prefix included), or null
     * @throws IOException if the port cannot be bound
     */
    ProcessPerConnection(String name, int port, Supplier<ProcessBuilder> command, UnaryOperator<byte[]> firstPacket)
            throws IOException {
        this.name = name;
        this.command = command;
        this.firstPacket = firstPacket;
        this.listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "gitserver-" + name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                Connection c = new Connection(socket, command.get().start());
                connections.add(c);
                c.start();
            } catch (IOException e) {
                close(socket);
            }
        }
    }

    /** Stops listening and ends every connection and its process, waiting for their threads. */
    void stop() {
        close(listener);
        join(acceptor);
        for (Connection c : connections) {
            c.kill();
        }
        for (Connection c : connections) {
            join(c.in);
            join(c.out);
        }
    }

    /**
     * Reads one pkt-line, length prefix included.
     *
     * @param in the client's stream
     * @return the line's bytes as sent
     * @throws IOException if the stream ends first or the length is not hex
     */
    static byte[] readPacket(InputStream in) throws IOException {
        byte[] head = in.readNBytes(4);
        if (head.length < 4) {
            throw new EOFException("the connection ended before its first pkt-line");
        }
        int len;
        try {
            len = Integer.parseInt(new String(head, StandardCharsets.US_ASCII), 16);
        } catch (NumberFormatException e) {
            throw new IOException("not a pkt-line", e);
        }
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.writeBytes(head);
        if (len > 4) {
            byte[] body = in.readNBytes(len - 4);
            if (body.length < len - 4) {
                throw new EOFException("the connection ended inside its first pkt-line");
            }
            packet.writeBytes(body);
        }
        return packet.toByteArray();
    }

    /** One client and its process: a thread each way. */
    private final class Connection {
        final Socket socket;
        final Process process;
        final Thread in;
        final Thread out;

        Connection(Socket socket, Process process) {
            this.socket = socket;
            this.process = process;
            this.in = new Thread(this::clientToProcess, "gitserver-" + name + "-in");
            this.out = new Thread(this::processToClient, "gitserver-" + name + "-out");
            in.setDaemon(true);
            out.setDaemon(true);
        }

        void start() {
            in.start();
            out.start();
        }

        /** Ends by closing the process's input only: output may still be on its way to the client. */
        private void clientToProcess() {
            try (OutputStream to = process.getOutputStream()) {
                InputStream from = socket.getInputStream();
                if (firstPacket != null) {
                    to.write(firstPacket.apply(readPacket(from)));
                    to.flush();
                }
                pump(from, to);
            } catch (IOException e) {
                // the client or the process is gone
            }
        }

        /**
         * When the process's output ends, half-closes the connection (so all of it arrives,
         * then the end), lets the process and the client finish, then closes.
         */
        private void processToClient() {
            try (InputStream from = process.getInputStream()) {
                pump(from, socket.getOutputStream());
                socket.shutdownOutput();
                if (!process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    kill();
                }
                join(in);
            } catch (IOException e) {
                // the client is gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                kill();
                connections.remove(this);
            }
        }

        /** Ends the process (its children too) and the client's connection at once. */
        void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            close(socket);
        }
    }

    /** Copies until the end, flushing each read: the protocols are interactive. */
    private static void pump(InputStream from, OutputStream to) throws IOException {
        byte[] buf = new byte[16 * 1024];
        for (int n; (n = from.read(buf)) >= 0; ) {
            to.write(buf, 0, n);
            to.flush();
        }
    }

    private static void close(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }

    private static void join(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
