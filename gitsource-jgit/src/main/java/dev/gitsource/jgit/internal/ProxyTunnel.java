package dev.gitsource.jgit.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets that reach their server through an HTTP proxy's CONNECT tunnel, sending the proxy
 * credentials with the CONNECT. The JDK sends basic proxy credentials on a tunnel only when a
 * process-wide property allows it; this keeps them per client.
 */
final class ProxyTunnel extends SSLSocketFactory {
    private final SSLSocketFactory tls;
    private final String proxyHost;
    private final int proxyPort;
    private final String proxyAuthorization;

    ProxyTunnel(SSLSocketFactory tls, String proxyHost, int proxyPort, String proxyAuthorization) {
        this.tls = tls;
        this.proxyHost = proxyHost;
        this.proxyPort = proxyPort;
        this.proxyAuthorization = proxyAuthorization;
    }

    /** Unconnected: the JDK connects it to the server, which here means to the proxy and then CONNECT. */
    @Override
    public Socket createSocket() {
        return new TunnelSocket();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return tls.createSocket(s, host, port, autoClose);
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
        Socket s = createSocket();
        s.connect(InetSocketAddress.createUnresolved(host, port));
        return tls.createSocket(s, host, port, true);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    private final class TunnelSocket extends Socket {
        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            connect(endpoint, 0);
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            InetSocketAddress target = (InetSocketAddress) endpoint;
            super.connect(new InetSocketAddress(proxyHost, proxyPort), timeout);
            String authority = target.getHostString() + ":" + target.getPort();
            OutputStream out = getOutputStream();
            out.write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\nProxy-Authorization: "
                    + proxyAuthorization + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String status = readHead(getInputStream());
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[1].equals("200")) {
                close();
                // Only the status line: the proxy's headers are not ours to repeat.
                throw new IOException("the proxy answered the CONNECT to " + authority + " with: " + status);
            }
        }

        /** Reads the response head byte by byte so no tunnelled byte is consumed; returns its status line. */
        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            for (int b = in.read(); b >= 0 && matched < 4; b = matched == 4 ? -1 : in.read()) {
                head.write(b);
                matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                        ? matched + 1 : b == '\r' ? 1 : 0;
                if (head.size() > 65536) {
                    throw new IOException("the proxy's response head is too long");
                }
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int eol = text.indexOf("\r\n");
            return eol < 0 ? text : text.substring(0, eol);
        }
    }
}
