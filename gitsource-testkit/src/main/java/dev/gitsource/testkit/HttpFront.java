package dev.gitsource.testkit;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Smart HTTP(S) in front of either backend: authentication, faults and recording happen
 * here, then JGit's {@code GitServlet} (in-JVM) or a CGI bridge to {@code git http-backend}
 * (C git) serves the request.
 */
final class HttpFront {
    private final ServerParts parts;
    private final HttpAuth auth;
    private final LfsServlet lfs;
    private final Server jetty;
    private ServerConnector http;
    private ServerConnector https;

    /**
     * @param parts the server
     * @param auth who may use it
     * @param git the backend's servlet
     * @param tls the certificates of HTTPS, or null for HTTP only
     */
    HttpFront(ServerParts parts, HttpAuth auth, jakarta.servlet.Servlet git, Tls tls) {
        this.parts = parts;
        this.auth = auth;
        this.lfs = new LfsServlet(parts.repositories());
        ServerSpec spec = parts.spec();
        QueuedThreadPool pool = new QueuedThreadPool(32, 2);
        pool.setName("gitserver-http");
        pool.setDaemon(true);
        jetty = new Server(pool);
        if (spec.http()) {
            http = new ServerConnector(jetty, 1, 1);
            http.setHost("127.0.0.1");
            http.setPort(spec.httpPort());
            jetty.addConnector(http);
        }
        if (tls != null) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(tls.serverKeyStore);
            ssl.setKeyStorePassword(Tls.PASSWORD);
            if (spec.clientCertificates()) {
                ssl.setNeedClientAuth(true);
                ssl.setTrustStore(tls.trustStore);
            }
            https = new ServerConnector(jetty, 1, 1, ssl);
            https.setHost("127.0.0.1");
            https.setPort(0);
            jetty.addConnector(https);
        }
        ServletContextHandler ctx = new ServletContextHandler();
        ctx.setContextPath("/");
        ctx.addServlet(new ServletHolder(git), "/*");
        ctx.addFilter(new FilterHolder(new Front()), "/*", EnumSet.of(DispatcherType.REQUEST));
        jetty.setHandler(ctx);
    }

    void start() throws Exception {
        jetty.start();
    }

    void stop() throws Exception {
        jetty.stop();
        jetty.join();
    }

    int httpPort() {
        return http == null ? -1 : http.getLocalPort();
    }

    int httpsPort() {
        return https == null ? -1 : https.getLocalPort();
    }

    /** Authentication, faults and recording for every request. */
    private final class Front implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest req = (HttpServletRequest) request;
            HttpServletResponse res = (HttpServletResponse) response;
            Exchange ex = new Exchange(req.isSecure() ? "https" : "http");
            String path = req.getRequestURI();
            String service = req.getParameter("service");
            int lfsAt = path.indexOf("/info/lfs/");
            String lfsPath = null;
            if (parts.spec().lfs() && lfsAt > 0) {
                lfsPath = path.substring(lfsAt + "/info/lfs/".length());
                ex.service = "git-lfs";
                ex.command = LfsServlet.command(req.getMethod(), lfsPath);
                path = path.substring(0, lfsAt);
            } else if (path.endsWith("/info/refs")) {
                ex.service = service;
                ex.command = "advertise";
                path = path.substring(0, path.length() - "/info/refs".length());
            } else if (path.endsWith("/git-upload-pack") || path.endsWith("/git-receive-pack")) {
                int slash = path.lastIndexOf('/');
                ex.service = path.substring(slash + 1);
                path = path.substring(0, slash);
            }
            ex.repository = path.replaceFirst("^/+", "").replaceFirst("\\.git$", "");
            String proto = req.getHeader("Git-Protocol");
            ex.protocolVersion = proto == null ? 0 : proto.contains("version=2") ? 2 : proto.contains("version=1") ? 1 : 0;
            if (ex.protocolVersion == 2 && !parts.spec().upload().speaksV2(parts.spec().backend())) {
                ex.protocolVersion = 0; // asked for, not served
            }
            byte[] body = null;
            if ("POST".equals(req.getMethod())) {
                body = req.getInputStream().readAllBytes();
                if (lfsPath == null) {
                    ex.parseBody(decoded(body, req.getHeader("Content-Encoding")));
                }
            }
            boolean recorded = false;
            Fault holding = null;
            try {
                if (!lfsTicket(req.getHeader("Authorization"), lfsPath, ex)
                        && !auth.authorize(req.getHeader("Authorization"), ex)) {
                    res.setHeader("WWW-Authenticate", auth.challenge());
                    ex.status = 401;
                    res.sendError(401);
                    return;
                }
                if ("git-receive-pack".equals(ex.service)) {
                    parts.repositories().autoCreateIfAllowed(ex.repository);
                }
                Fault fault = parts.faults().takeForRequest(ex.command);
                long delay = 0;
                long throttle = 0;
                long dropAfter = -1;
                Fault pause = null;
                java.util.function.UnaryOperator<byte[]> packRewrite = null;
                boolean lfsCorrupt = false;
                boolean lfsMissing = false;
                if (fault != null) {
                    switch (fault.kind) {
                        case HTTP_STATUS -> {
                            ex.status = (int) fault.value;
                            res.sendError(ex.status);
                            return;
                        }
                        case RATE_LIMITED -> {
                            ex.status = (int) fault.value;
                            res.setHeader("Retry-After", fault.retryAfter);
                            res.sendError(ex.status);
                            return;
                        }
                        case HOLD -> {
                            holding = fault;
                            fault.enter();
                        }
                        case LFS_CORRUPT_OBJECT -> lfsCorrupt = true;
                        case LFS_MISSING_OBJECT -> lfsMissing = true;
                        case STALL -> {
                            parts.faults().stall();
                            return;
                        }
                        case DELAY_FIRST_BYTE -> delay = fault.value;
                        case THROTTLE -> throttle = fault.value;
                        case DROP_AFTER_BYTES -> dropAfter = fault.value;
                        case PAUSE_AFTER_BYTES -> pause = fault;
                        case REWRITE_PACK -> packRewrite = "git-upload-pack".equals(ex.service) ? fault.packRewrite : null;
                        default -> { }
                    }
                }
                if (delay > 0) {
                    sleep(delay); // the fault is the wait itself
                }
                HttpServletRequest forwarded = body == null ? req : replay(req, body);
                Counting out = new Counting(res, ex, throttle, dropAfter, pause);
                if (lfsPath != null) {
                    lfs.serve(forwarded, out, ex, ex.repository, lfsPath, body, lfsCorrupt, lfsMissing);
                } else if (packRewrite == null) {
                    chain.doFilter(forwarded, out);
                } else {
                    Capturing captured = new Capturing(out);
                    chain.doFilter(forwarded, captured);
                    out.getOutputStream().write(PackFraming.rewrite(captured.plainBody(), packRewrite));
                }
                // Recorded before the buffer goes out: a client that has read the whole response
                // finds its request recorded (Counting keeps the end of the response ours).
                ex.status = res.getStatus();
                if (ex.service != null) {
                    parts.recorder().record(ex);
                }
                recorded = true;
                out.flushBuffer();
            } finally {
                if (holding != null) {
                    holding.exit();
                }
                if (ex.service != null && !recorded) {
                    parts.recorder().record(ex);
                }
            }
        }
    }

    /** Whether an LFS request carries a token that {@code git-lfs-authenticate} issued; notes its user. */
    private boolean lfsTicket(String authorization, String lfsPath, Exchange ex) {
        if (lfsPath == null || authorization == null || !authorization.startsWith("RemoteAuth ")) {
            return false;
        }
        String user = parts.lfsTickets().user(authorization.substring("RemoteAuth ".length()));
        if (user == null) {
            return false;
        }
        ex.authScheme = "RemoteAuth";
        ex.user = user;
        return true;
    }

    private static byte[] decoded(byte[] body, String encoding) {
        if (encoding == null || !encoding.contains("gzip")) {
            return body;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        } catch (IOException e) {
            return body;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HttpServletRequest replay(HttpServletRequest req, byte[] body) {
        return new HttpServletRequestWrapper(req) {
            @Override
            public ServletInputStream getInputStream() {
                ByteArrayInputStream in = new ByteArrayInputStream(body);
                return new ServletInputStream() {
                    @Override
                    public int read() {
                        return in.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        return in.read(b, off, len);
                    }

                    @Override
                    public boolean isFinished() {
                        return in.available() == 0;
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setReadListener(ReadListener l) {
                        throw new UnsupportedOperationException();
                    }
                };
            }

            @Override
            public int getContentLength() {
                return body.length;
            }

            @Override
            public long getContentLengthLong() {
                return body.length;
            }
        };
    }

    /** Keeps the response body for a pack rewrite; its length is not known until then. */
    private static final class Capturing extends HttpServletResponseWrapper {
        private final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        private String encoding;

        /** @param res the counting response, which drops the length the backend gives */
        Capturing(Counting res) {
            super(res);
        }

        @Override
        public void setHeader(String name, String value) {
            if (!kept(name, value)) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!kept(name, value)) {
                super.addHeader(name, value);
            }
        }

        /** The encoding is the rewrite's business: the body goes out plain. */
        private boolean kept(String name, String value) {
            if ("Content-Encoding".equalsIgnoreCase(name)) {
                encoding = value;
                return true;
            }
            return false;
        }

        byte[] plainBody() {
            return decoded(body.toByteArray(), encoding);
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    body.write(b, off, len);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener l) {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }

    /** Counts, throttles or cuts the response body. */
    private static final class Counting extends HttpServletResponseWrapper {
        private final Exchange ex;
        private final long bytesPerSecond;
        private final long dropAfter;
        /** A {@link Fault.Kind#PAUSE_AFTER_BYTES} not yet reached, or null. */
        private Fault pause;
        private ServletOutputStream stream;

        Counting(HttpServletResponse res, Exchange ex, long bytesPerSecond, long dropAfter, Fault pause) {
            super(res);
            this.ex = ex;
            this.bytesPerSecond = bytesPerSecond;
            this.dropAfter = dropAfter;
            this.pause = pause;
        }

        // Without a length the response ends only when the request's handling does, after it
        // is recorded; with one, Jetty would end it at its last byte, before.
        @Override
        public void setContentLength(int len) {
        }

        @Override
        public void setContentLengthLong(long len) {
        }

        @Override
        public void setHeader(String name, String value) {
            if (!"Content-Length".equalsIgnoreCase(name)) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!"Content-Length".equalsIgnoreCase(name)) {
                super.addHeader(name, value);
            }
        }

        @Override
        public void setIntHeader(String name, int value) {
            if (!"Content-Length".equalsIgnoreCase(name)) {
                super.setIntHeader(name, value);
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream out = super.getOutputStream();
                long start = System.nanoTime();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        if (dropAfter >= 0 && ex.bytesSent + len > dropAfter) {
                            int keep = (int) Math.max(0, dropAfter - ex.bytesSent);
                            out.write(b, off, keep);
                            ex.bytesSent += keep;
                            out.flush();
                            throw new IOException("fault: connection dropped after " + dropAfter + " bytes");
                        }
                        if (pause != null && ex.bytesSent + len > pause.value) {
                            int before = (int) Math.max(0, pause.value - ex.bytesSent);
                            out.write(b, off, before);
                            ex.bytesSent += before;
                            out.flush();
                            Fault paused = pause;
                            pause = null;
                            paused.enter();
                            paused.exit();
                            off += before;
                            len -= before;
                        }
                        out.write(b, off, len);
                        ex.bytesSent += len;
                        if (bytesPerSecond > 0) {
                            out.flush();
                            long due = start + ex.bytesSent * 1_000_000_000L / bytesPerSecond;
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                sleep(wait / 1_000_000L);
                            }
                        }
                    }

                    @Override
                    public void flush() throws IOException {
                        out.flush();
                    }

                    @Override
                    public boolean isReady() {
                        return out.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener l) {
                        out.setWriteListener(l);
                    }
                };
            }
            return stream;
        }
    }
}
