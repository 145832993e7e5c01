package dev.gitsource.jgit.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Connections to a server through one proxy, opened by gitsource itself: an HTTP
 * {@code CONNECT} tunnel (to an {@code https://} proxy over TLS, verified like any server),
 * or SOCKS5 (RFC 1928, with RFC 1929 credentials), with the proxy's credentials of this client
 * only. The JDK would send basic credentials on a tunnel only when a process-wide property
 * allows it, SOCKS5 credentials only from the process-wide {@code Authenticator}, and never
 * speaks TLS to a proxy.
 *
 * <p>As an {@link SSLSocketFactory} it gives the JDK's HTTPS connection its sockets; for SSH,
 * {@link #open} gives the bytes of the tunnel to {@link SshProxyBridge}.
 */
final class ProxyTunnel extends SSLSocketFactory {
    private final SSLSocketFactory tls;
    private final URI proxy;
    private final String username;
    private final String password;

    /**
     * @param tls this client's TLS for the server (and for an {@code https://} proxy)
     * @param proxy {@code http://}, {@code https://} or {@code socks5://} with host and port
     * @param username the proxy user, or null
     * @param password the proxy password, or null
     */
    ProxyTunnel(SSLSocketFactory tls, URI proxy, String username, String password) {
        this.tls = tls;
        this.proxy = proxy;
        this.username = username;
        this.password = password == null ? "" : password;
    }

    /** The default port of a proxy URI without one, as curl has it. */
    static int port(URI proxy) {
        return proxy.getPort() >= 0 ? proxy.getPort()
                : "https".equalsIgnoreCase(proxy.getScheme()) ? 443 : 1080;
    }

    private boolean socks() {
        return proxy.getScheme().toLowerCase(Locale.ROOT).startsWith("socks");
    }

    /**
     * A connection to the target through the proxy, its handshake done: the bytes read and
     * written are the target's.
     *
     * @param target the server, by name (resolved by the proxy)
     * @param timeoutMillis for connecting and for the proxy's answers, 0 for none
     * @return the socket that carries the target's bytes (a TLS socket to an {@code https://} proxy)
     * @throws IOException if the proxy cannot be reached or refuses
     */
    Socket open(InetSocketAddress target, int timeoutMillis) throws IOException {
        TunnelSocket s = new TunnelSocket();
        try {
            s.connect(target, timeoutMillis);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s.carrier();
    }

    /** Unconnected: the JDK connects it to the server, which here means to the proxy and through it. */
    @Override
    public Socket createSocket() {
        return new TunnelSocket();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return tls.createSocket(s instanceof TunnelSocket t ? t.carrier() : s, host, port, autoClose);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return layered(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return layered(host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return layered(host.getHostAddress(), port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return layered(address.getHostAddress(), port);
    }

    private Socket layered(String host, int port) throws IOException {
        return tls.createSocket(open(InetSocketAddress.createUnresolved(host, port), 0), host, port, true);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    /** Connected to the proxy, then (over TLS to an https:// proxy) through it to the target. */
    private final class TunnelSocket extends Socket {
        private SSLSocket toProxy;

        /** @return the socket whose bytes are the target's */
        Socket carrier() {
            return toProxy != null ? toProxy : this;
        }

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            connect(endpoint, 0);
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            InetSocketAddress target = (InetSocketAddress) endpoint;
            super.connect(new InetSocketAddress(proxy.getHost(), port(proxy)), timeout);
            int before = getSoTimeout();
            setSoTimeout(timeout);
            if ("https".equalsIgnoreCase(proxy.getScheme())) {
                toProxy = (SSLSocket) tls.createSocket(this, proxy.getHost(), port(proxy), true);
                SSLParameters p = toProxy.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // the proxy's certificate must name it
                toProxy.setSSLParameters(p);
                toProxy.startHandshake();
            }
            InputStream in = carrier().getInputStream();
            OutputStream out = carrier().getOutputStream();
            if (socks()) {
                socks5(in, out, target);
            } else {
                connectTunnel(in, out, target);
            }
            setSoTimeout(before);
        }

        private void connectTunnel(InputStream in, OutputStream out, InetSocketAddress target) throws IOException {
            String authority = target.getHostString() + ":" + target.getPort();
            String credentials = username == null ? "" : "Proxy-Authorization: Basic " + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)) + "\r\n";
            out.write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n" + credentials + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String status = readHead(in);
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[1].equals("200")) {
                // Only the status line: the proxy's headers are not ours to repeat.
                throw new IOException("the proxy answered the CONNECT to " + authority + " with: " + status);
            }
        }

        private void socks5(InputStream in, OutputStream out, InetSocketAddress target) throws IOException {
            String authority = target.getHostString() + ":" + target.getPort();
            out.write(username == null ? new byte[] {5, 1, 0} : new byte[] {5, 2, 0, 2});
            out.flush();
            byte[] chosen = readExactly(in, 2);
            if (chosen[0] != 5 || (chosen[1] != 0 && chosen[1] != 2) || (chosen[1] == 2 && username == null)) {
                throw new IOException("proxy authentication required: the SOCKS5 proxy accepts none of the offered"
                        + " methods on the way to " + authority);
            }
            if (chosen[1] == 2) {
                byte[] user = bounded(username.getBytes(StandardCharsets.UTF_8));
                byte[] pass = bounded(password.getBytes(StandardCharsets.UTF_8));
                ByteArrayOutputStream auth = new ByteArrayOutputStream();
                auth.write(1);
                auth.write(user.length);
                auth.write(user);
                auth.write(pass.length);
                auth.write(pass);
                out.write(auth.toByteArray());
                out.flush();
                if (readExactly(in, 2)[1] != 0) {
                    throw new IOException("proxy authentication required: the SOCKS5 proxy refused its credentials"
                            + " on the way to " + authority);
                }
            }
            byte[] host = bounded(target.getHostString().getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(new byte[] {5, 1, 0, 3, (byte) host.length});
            request.write(host);
            request.write(new byte[] {(byte) (target.getPort() >> 8), (byte) target.getPort()});
            out.write(request.toByteArray());
            out.flush();
            byte[] reply = readExactly(in, 4);
            int address = switch (reply[3]) {
                case 1 -> 4;
                case 4 -> 16;
                case 3 -> in.read();
                default -> throw new IOException("the SOCKS5 proxy gave a bad reply on the way to " + authority);
            };
            readExactly(in, address + 2); // the bound address and port, unused; no byte of the target is read
            if (reply[0] != 5 || reply[1] != 0) {
                throw new IOException("the SOCKS5 proxy could not connect to " + authority + " (reply " + reply[1] + ")");
            }
        }
    }

    private static byte[] bounded(byte[] field) throws IOException {
        if (field.length > 255) {
            throw new IOException("a SOCKS5 field is longer than 255 bytes");
        }
        return field;
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(Math.max(0, n));
        if (b.length < n) {
            throw new IOException("the proxy closed the connection during its handshake");
        }
        return b;
    }

    /** Reads the response head byte by byte so no tunnelled byte is consumed; returns its status line. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the proxy closed the connection during its handshake");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : b == '\r' ? 1 : 0;
            if (head.size() > 65536) {
                throw new IOException("the proxy's response head is too long");
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.indexOf("\r\n"));
    }
}
