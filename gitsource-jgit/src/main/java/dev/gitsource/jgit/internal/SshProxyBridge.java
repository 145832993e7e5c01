package dev.gitsource.jgit.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.transport.sshd.ProxyData;

/**
 * The way through a proxy for one SSH connection. JGit's own proxy connectors read the
 * proxy's whole first answer and drop what came with it, which through a proxy is the SSH
 * server's greeting, so the handshake stalls. Instead JGit is given this: a SOCKS5 endpoint on
 * loopback for exactly one connection, guarded by a one-time user and password, behind which
 * {@link ProxyTunnel} opens the tunnel to the real proxy (HTTP {@code CONNECT}, over TLS to an
 * {@code https://} proxy, or SOCKS5, with this client's proxy credentials). The server's bytes
 * are passed on only after JGit has sent its first bytes, that is after JGit has taken the
 * SOCKS5 answer, so none is read as part of it. Two daemon threads relay; {@link #close()}
 * (at the end of the operation) ends them.
 */
final class SshProxyBridge implements Closeable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ProxyTunnel tunnel;
    private final InetSocketAddress target;
    private final int timeoutMillis;
    private final ServerSocket listener;
    private final String user = secret();
    private final String password = secret();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile IOException failure;

    /**
     * Listens on loopback and waits for JGit's one connection on a daemon thread.
     *
     * @param tunnel the way through the real proxy
     * @param target the SSH server JGit asks for (anything else is refused)
     * @param timeoutMillis how long the proxy may take to answer
     */
    SshProxyBridge(ProxyTunnel tunnel, InetSocketAddress target, int timeoutMillis) throws IOException {
        this.tunnel = tunnel;
        this.target = target;
        this.timeoutMillis = timeoutMillis;
        this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread("gitsource-ssh-proxy", this::serve).start();
    }

    /** @return what JGit connects to: this endpoint, with its one-time credentials (a fresh array: JGit clears it) */
    ProxyData proxyData() {
        return new ProxyData(new Proxy(Proxy.Type.SOCKS, listener.getLocalSocketAddress()), user,
                password.toCharArray());
    }

    /** @return why the tunnel through the real proxy could not be opened, or null */
    IOException failure() {
        return failure;
    }

    private static String secret() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static Thread thread(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void serve() {
        try (ServerSocket l = listener; Socket client = l.accept()) {
            l.close(); // one connection only
            sockets.add(client);
            client.setSoTimeout(timeoutMillis);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            if (!greet(in, out)) {
                return;
            }
            InetSocketAddress asked = request(in);
            if (!asked.getHostString().equalsIgnoreCase(target.getHostString()) || asked.getPort() != target.getPort()) {
                out.write(new byte[] {5, 2, 0, 1, 0, 0, 0, 0, 0, 0}); // not allowed: only the one target
                return;
            }
            Socket upstream;
            try {
                upstream = tunnel.open(InetSocketAddress.createUnresolved(target.getHostString(), target.getPort()),
                        timeoutMillis);
            } catch (IOException e) {
                failure = e;
                out.write(new byte[] {5, 1, 0, 1, 0, 0, 0, 0, 0, 0});
                return;
            }
            try (upstream) {
                sockets.add(upstream);
                out.write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
                out.flush();
                client.setSoTimeout(0);
                relay(client, upstream);
            }
        } catch (IOException e) {
            // JGit went away, or the operation ended and closed us: nothing is waiting for this thread.
        }
    }

    /** RFC 1928 method selection and RFC 1929 sub-negotiation with the one-time credentials. */
    private boolean greet(InputStream in, OutputStream out) throws IOException {
        byte[] head = in.readNBytes(2);
        byte[] methods = head.length == 2 && head[0] == 5 ? in.readNBytes(head[1] & 0xff) : new byte[0];
        boolean offered = false;
        for (byte m : methods) {
            offered |= m == 2;
        }
        if (!offered) {
            out.write(new byte[] {5, (byte) 0xff});
            return false;
        }
        out.write(new byte[] {5, 2});
        out.flush();
        byte[] version = in.readNBytes(1);
        String u = new String(in.readNBytes(in.read()), StandardCharsets.UTF_8);
        String p = new String(in.readNBytes(in.read()), StandardCharsets.UTF_8);
        boolean ok = version.length == 1 && version[0] == 1
                & MessageDigest.isEqual(u.getBytes(StandardCharsets.UTF_8), user.getBytes(StandardCharsets.UTF_8))
                & MessageDigest.isEqual(p.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
        out.write(new byte[] {1, (byte) (ok ? 0 : 1)});
        out.flush();
        return ok;
    }

    private static InetSocketAddress request(InputStream in) throws IOException {
        byte[] r = in.readNBytes(4);
        if (r.length < 4 || r[0] != 5 || r[1] != 1) {
            throw new IOException("not a SOCKS5 CONNECT");
        }
        String host = switch (r[3]) {
            case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
            case 4 -> InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
            case 3 -> new String(in.readNBytes(in.read()), StandardCharsets.US_ASCII);
            default -> throw new IOException("bad SOCKS5 address type");
        };
        byte[] port = in.readNBytes(2);
        return InetSocketAddress.createUnresolved(host, ((port[0] & 0xff) << 8) | (port[1] & 0xff));
    }

    /** Client bytes first; the server's only once the client has spoken (see the class comment). */
    private void relay(Socket client, Socket upstream) throws IOException {
        InputStream fromClient = client.getInputStream();
        OutputStream toUpstream = upstream.getOutputStream();
        byte[] buf = new byte[16384];
        int n = fromClient.read(buf);
        if (n < 0) {
            return;
        }
        toUpstream.write(buf, 0, n);
        toUpstream.flush();
        Thread down = thread("gitsource-ssh-proxy-relay", () -> copy(upstream, client));
        down.start();
        copy(client, upstream);
        try {
            down.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies until the end of the stream, then half-closes; a failure closes both sides. */
    private static void copy(Socket from, Socket to) {
        byte[] buf = new byte[16384];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** Ends the relay: closes the listener and both connections. */
    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        sockets.forEach(SshProxyBridge::closeQuietly);
    }
}
