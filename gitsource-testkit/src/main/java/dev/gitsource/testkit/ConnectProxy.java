package dev.gitsource.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A proxy on 127.0.0.1 for tests: HTTP {@code CONNECT} tunnels, absolute-form HTTP requests
 * (relayed as they are, which servers must accept) and SOCKS5 (RFC 1928, with no authentication or
 * RFC 1929 username/password), all on one port — the first byte tells SOCKS5 from HTTP.
 * Optionally requires credentials (HTTP 407 or a SOCKS5 failure otherwise), optionally speaks
 * TLS on its port ({@link #overTls()}: an {@code https://} proxy, with a certificate for
 * 127.0.0.1 from a CA of its own), and records the targets it carried and the bytes it relayed,
 * so a test can prove traffic went through it.
 */
public final class ConnectProxy implements AutoCloseable {
    private final String username;
    private final String password;
    private final List<String> targets = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final AtomicLong relayedBytes = new AtomicLong();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-proxy");
        t.setDaemon(true);
        return t;
    });
    private ServerSocket server;
    private TestCa tls;

    private ConnectProxy(String username, String password) {
        this.username = username;
        this.password = password;
    }

    /** @return a proxy that needs no credentials, not yet started */
    public static ConnectProxy open() {
        return new ConnectProxy(null, null);
    }

    /**
     * @param username the user the proxy requires
     * @param password the password the proxy requires
     * @return a proxy that refuses clients without these credentials, not yet started
     */
    public static ConnectProxy withCredentials(String username, String password) {
        return new ConnectProxy(username, password);
    }

    /**
     * Listens on a free port of 127.0.0.1.
     *
     * @return this proxy
     * @throws IOException if no port can be bound
     */
    public ConnectProxy start() throws IOException {
        server = tls != null ? tls.serverContext().getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress()) : new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pool.execute(this::acceptLoop);
        return this;
    }

    /**
     * Makes this proxy speak TLS on its port, as an {@code https://} proxy: clients must trust
     * {@link #caCertificatePem()}. Call before {@link #start()}.
     *
     * @return this proxy
     */
    public ConnectProxy overTls() {
        tls = TestCa.create();
        return this;
    }

    /**
     * @return the PEM certificate of the CA that signed this proxy's certificate
     * @throws IllegalStateException if the proxy does not speak TLS
     */
    public String caCertificatePem() {
        if (tls == null) {
            throw new IllegalStateException("this proxy does not speak TLS: call overTls()");
        }
        return tls.certificatePem();
    }

    /** @return {@code https://127.0.0.1:port}: this proxy when it speaks TLS */
    public URI httpsUri() {
        return URI.create("https://127.0.0.1:" + port());
    }

    /** @return {@code http://127.0.0.1:port} */
    public URI httpUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** @return {@code socks5://127.0.0.1:port} */
    public URI socksUri() {
        return URI.create("socks5://127.0.0.1:" + port());
    }

    /** @return the port the proxy listens on */
    public int port() {
        return server.getLocalPort();
    }

    /** @return {@code host:port} of every connection carried, in order */
    public List<String> targets() {
        return List.copyOf(targets);
    }

    /** @return how clients were refused, such as {@code "407 CONNECT 127.0.0.1:1234"} */
    public List<String> refusals() {
        return List.copyOf(refused);
    }

    /** @return bytes relayed in both directions after a tunnel or request was accepted */
    public long relayedBytes() {
        return relayedBytes.get();
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
        pool.shutdownNow();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                pool.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            int first = in.read();
            if (first < 0) {
                return;
            }
            if (first == 5) {
                socks5(client, in, out);
            } else {
                http(client, first, in, out);
            }
        } catch (IOException e) {
            // The client or target went away; nothing for a test proxy to do.
        }
    }

    private void http(Socket client, int first, InputStream in, OutputStream out) throws IOException {
        String head = (char) first + readHead(in);
        String requestLine = head.substring(0, head.indexOf("\r\n"));
        String[] parts = requestLine.split(" ");
        if (parts.length < 3) {
            return;
        }
        boolean connect = parts[0].equalsIgnoreCase("CONNECT");
        String target;
        if (connect) {
            target = parts[1];
        } else {
            URI uri = URI.create(parts[1]);
            if (uri.getHost() == null) {
                out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            target = uri.getHost() + ":" + (uri.getPort() < 0 ? 80 : uri.getPort());
        }
        if (username != null && !authorized(proxyAuthorization(head))) {
            refused.add("407 " + parts[0] + " " + target);
            // Kept open: clients such as JGit's SSH proxy connector answer the challenge on the same connection.
            out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                    + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            int next = in.read();
            if (next >= 0) {
                http(client, next, in, out);
            }
            return;
        }
        int colon = target.lastIndexOf(':');
        try (Socket upstream = new Socket()) {
            upstream.connect(new InetSocketAddress(target.substring(0, colon),
                    Integer.parseInt(target.substring(colon + 1))), 10_000);
            targets.add(target);
            if (connect) {
                out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } else {
                // Keep-alive requests on this connection go to the same origin; relay the bytes unchanged.
                upstream.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            }
            relay(client, upstream);
        } catch (IOException e) {
            if (!targets.contains(target)) {
                out.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
        }
    }

    private static String proxyAuthorization(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Proxy-Authorization")) {
                String value = line.substring(colon + 1).trim();
                if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
                    return new String(Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    private boolean authorized(String userColonPassword) {
        return userColonPassword != null && userColonPassword.equals(username + ":" + password);
    }

    private void socks5(Socket client, InputStream in, OutputStream out) throws IOException {
        byte[] methods = in.readNBytes(in.read());
        int wanted = username == null ? 0 : 2;
        boolean offered = false;
        for (byte m : methods) {
            offered |= m == wanted;
        }
        if (!offered) {
            refused.add("socks5 no acceptable method");
            out.write(new byte[] {5, (byte) 0xFF});
            return;
        }
        out.write(new byte[] {5, (byte) wanted});
        out.flush();
        if (wanted == 2) {
            if (in.read() != 1) {
                return;
            }
            String user = new String(in.readNBytes(in.read()), StandardCharsets.UTF_8);
            String pass = new String(in.readNBytes(in.read()), StandardCharsets.UTF_8);
            boolean ok = authorized(user + ":" + pass);
            if (!ok) {
                refused.add("socks5 bad credentials");
            }
            out.write(new byte[] {1, (byte) (ok ? 0 : 1)});
            out.flush();
            if (!ok) {
                return;
            }
        }
        byte[] request = in.readNBytes(4);
        if (request.length < 4 || request[0] != 5 || request[1] != 1) {
            out.write(new byte[] {5, 7, 0, 1, 0, 0, 0, 0, 0, 0}); // only CONNECT is supported
            return;
        }
        String host = switch (request[3]) {
            case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
            case 3 -> new String(in.readNBytes(in.read()), StandardCharsets.US_ASCII);
            case 4 -> InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
            default -> throw new IOException("bad SOCKS5 address type");
        };
        int port = (in.read() << 8) | in.read();
        try (Socket upstream = new Socket()) {
            try {
                upstream.connect(new InetSocketAddress(host, port), 10_000);
            } catch (IOException e) {
                out.write(new byte[] {5, 5, 0, 1, 0, 0, 0, 0, 0, 0});
                return;
            }
            targets.add(host.toLowerCase(Locale.ROOT) + ":" + port);
            out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0, 0});
            out.flush();
            relay(client, upstream);
        }
    }

    /** Copies both ways until either side closes. */
    private void relay(Socket client, Socket upstream) throws IOException {
        var upward = pool.submit(() -> {
            copy(client.getInputStream(), upstream.getOutputStream());
            upstream.shutdownOutput();
            return null;
        });
        try {
            copy(upstream.getInputStream(), client.getOutputStream());
            client.shutdownOutput();
        } finally {
            try {
                upward.get();
            } catch (Exception e) {
                // One side ended abruptly; the other copy already saw it.
            }
        }
    }

    private void copy(InputStream from, OutputStream to) {
        byte[] buf = new byte[16384];
        try {
            for (int n = from.read(buf); n >= 0; n = from.read(buf)) {
                to.write(buf, 0, n);
                to.flush();
                relayedBytes.addAndGet(n);
            }
        } catch (IOException e) {
            // Closed by the other side.
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0; // how much of CR LF CR LF has just been seen
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : b == '\r' ? 1 : 0;
            if (matched == 4) {
                break;
            }
            if (head.size() > 65536) {
                throw new IOException("request head too long");
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
