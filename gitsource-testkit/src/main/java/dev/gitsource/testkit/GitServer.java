package dev.gitsource.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.Daemon;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.jgit.transport.resolver.RepositoryResolver;
import org.eclipse.jgit.transport.resolver.ServiceNotEnabledException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;

/**
 * Real Git servers on 127.0.0.1, started in one line: smart HTTP (protocol v0, v1 and v2),
 * HTTPS with a CA made at start, SSH with a host key made at start, and git://, served by
 * JGit in this JVM or by C git ({@code git http-backend}, {@code git daemon}), with
 * fixtures, request recording and fault injection. Not reusable once closed.
 *
 * <pre>{@code
 * try (GitServer server = GitServer.builder().http().basicAuth("u", "p").start()) {
 *     String id = server.repository("org/app").file("README.md", "hi").commit("first");
 *     URI url = server.httpUrl("org/app");
 *     // ... run the client, then:
 *     RecordedRequest r = server.takeRequest();
 * }
 * }</pre>
 */
public final class GitServer implements AutoCloseable {
    /** Who serves the repositories. */
    public enum Backend {
        /** JGit's UploadPack and ReceivePack in this JVM. */
        IN_JVM,
        /** C git: {@code git http-backend}, {@code git daemon} and OpenSSH with {@code git-shell}. */
        C_GIT
    }

    // Checks rather than values, so a test can accept a password it can only verify (a signature).
    volatile String basicUser;
    volatile Predicate<String> basicPassword;
    volatile Predicate<String> bearerToken;
    private final Builder spec;
    private final Path root;
    private final boolean ownRoot;
    private final LinkedBlockingQueue<Exchange> queue = new LinkedBlockingQueue<>();
    private final List<Exchange> all = new CopyOnWriteArrayList<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final Map<String, RepositoryFixture> fixtures = new ConcurrentHashMap<>();
    private final Object stallLock = new Object();
    private volatile boolean stopped;
    private volatile boolean started;
    private HttpFront http;
    private Daemon jgitDaemon;
    private Process cgitDaemon;
    private int gitPort = -1;
    private SshFront ssh;
    private Tls tls;

    private GitServer(Builder b) throws IOException {
        this.spec = b;
        this.basicUser = b.basicUser;
        this.basicPassword = b.basicPassword;
        this.bearerToken = b.bearerToken;
        this.ownRoot = b.root == null;
        this.root = b.root != null ? b.root : Files.createTempDirectory("gitserver-");
        Files.createDirectories(root);
    }

    /** @return a builder: in-JVM backend, and only HTTP unless other transports are picked */
    public static Builder builder() {
        return new Builder();
    }

    /** @return whether C git is installed (the C_GIT backend needs it) */
    public static boolean isCGitAvailable() {
        return onPath("git");
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", program));
    }

    /** Configures and starts a {@link GitServer}. */
    public static final class Builder {
        boolean http;
        boolean https;
        boolean ssh;
        boolean git;
        Backend backend = Backend.IN_JVM;
        String basicUser;
        Predicate<String> basicPassword;
        Predicate<String> bearerToken;
        final List<PublicKey> sshKeys = new ArrayList<>();
        final List<String> sshKeyLines = new ArrayList<>();
        List<String> sshCertificatePrincipals;
        String sshUser;
        String sshPassword;
        boolean autoCreate;
        final Set<String> readOnly = ConcurrentHashMap.newKeySet();
        final Set<String> protectedRefs = ConcurrentHashMap.newKeySet();
        boolean clientCertificates;
        boolean v0Only;
        Path root;
        int httpPort;
        int sshPort;
        int gitPort;

        private Builder() {}

        /** @return this builder, serving smart HTTP */
        public Builder http() {
            http = true;
            return this;
        }

        /** @return this builder, serving HTTPS with a CA generated at start */
        public Builder https() {
            https = true;
            return this;
        }

        /** @return this builder, serving SSH with a host key generated at start */
        public Builder ssh() {
            ssh = true;
            return this;
        }

        /** @return this builder, serving git:// */
        public Builder git() {
            git = true;
            return this;
        }

        /**
         * @param backend who serves the repositories
         * @return this builder
         */
        public Builder backend(Backend backend) {
            this.backend = backend;
            return this;
        }

        /**
         * @param user the only HTTP user accepted
         * @param password its password
         * @return this builder
         */
        public Builder basicAuth(String user, String password) {
            Objects.requireNonNull(password, "password");
            return basicAuth(user, password::equals);
        }

        /**
         * Accepts HTTP basic credentials of one user whose password passes a check, for
         * passwords that are computed, such as signatures that include the time. The check
         * sees each password the user sends; it runs on the server's threads.
         *
         * @param user the only HTTP user accepted
         * @param password accepts or refuses a password
         * @return this builder
         */
        public Builder basicAuth(String user, Predicate<String> password) {
            basicUser = Objects.requireNonNull(user, "user");
            basicPassword = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * @param token the bearer token accepted over HTTP
         * @return this builder
         */
        public Builder bearerToken(String token) {
            Objects.requireNonNull(token, "token");
            return bearerToken(token::equals);
        }

        /**
         * Accepts bearer tokens that pass a check; the check sees each token sent and runs on
         * the server's threads.
         *
         * @param token accepts or refuses a token
         * @return this builder
         */
        public Builder bearerToken(Predicate<String> token) {
            bearerToken = Objects.requireNonNull(token, "token");
            return this;
        }

        /**
         * @param key a public key accepted for SSH
         * @return this builder
         */
        public Builder sshPublicKey(PublicKey key) {
            sshKeys.add(key);
            return this;
        }

        /**
         * @param authorizedKeysLine a public key accepted for SSH, as an {@code authorized_keys} line
         * @return this builder
         */
        public Builder sshPublicKey(String authorizedKeysLine) {
            sshKeyLines.add(authorizedKeysLine.trim());
            return this;
        }

        /**
         * @param user the SSH user accepted with a password
         * @param password the password
         * @return this builder
         */
        public Builder sshPassword(String user, String password) {
            sshUser = user;
            sshPassword = password;
            return this;
        }

        /**
         * Makes the in-JVM SSH server present a host certificate, signed by a CA made at start
         * ({@link #sshCertificateAuthorityLine()}), besides its plain host keys.
         *
         * @param principals the host names the certificate is for; none: {@code 127.0.0.1}
         * @return this builder
         */
        public Builder sshHostCertificate(String... principals) {
            sshCertificatePrincipals = principals.length == 0 ? List.of("127.0.0.1") : List.of(principals);
            return this;
        }

        /**
         * @param enabled create a repository on its first push
         * @return this builder
         */
        public Builder autoCreate(boolean enabled) {
            autoCreate = enabled;
            return this;
        }

        /**
         * @param repository a repository (such as {@code org/lib}) whose pushes are refused
         * @return this builder
         */
        public Builder readOnly(String repository) {
            readOnly.add(repository);
            return this;
        }

        /**
         * @param ref a full ref name that pushes may not update
         * @return this builder
         */
        public Builder protectRef(String ref) {
            protectedRefs.add(ref);
            return this;
        }

        /** @return this builder; HTTPS then demands a client certificate signed by the server's CA */
        public Builder requireClientCertificate() {
            clientCertificates = true;
            return this;
        }

        /**
         * Fixed ports instead of free ones, for a standalone server; 0 keeps a free port.
         *
         * @param http the HTTP port
         * @param ssh the SSH port
         * @param git the git:// port
         * @return this builder
         */
        public Builder ports(int http, int ssh, int git) {
            httpPort = http;
            sshPort = ssh;
            gitPort = git;
            return this;
        }

        /** @return this builder; the in-JVM backend then speaks only protocol v0 */
        public Builder protocolV0Only() {
            v0Only = true;
            return this;
        }

        /**
         * @param directory where the bare repositories live (kept on close); default a temporary directory
         * @return this builder
         */
        public Builder root(Path directory) {
            root = directory;
            return this;
        }

        /**
         * @return the server, not started yet (for {@link dev.gitsource.testkit.junit.StartStop} fields)
         * @throws IllegalStateException if the C git backend was asked for and git is not installed
         */
        public GitServer build() {
            if (!http && !https && !ssh && !git) {
                http = true;
            }
            if (backend == Backend.C_GIT && !isCGitAvailable()) {
                throw new IllegalStateException("the C git backend needs git on the PATH");
            }
            try {
                return new GitServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * @return the started server
         * @throws IllegalStateException if the C git backend was asked for and git is not installed
         */
        public GitServer start() {
            GitServer s = build();
            try {
                s.start();
                return s;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Starts the servers. Called by {@link Builder#start()}; calling it again does nothing.
     *
     * @throws IOException if a server cannot start
     */
    public synchronized void start() throws IOException {
        if (stopped) {
            throw new IllegalStateException("a GitServer cannot be restarted once stopped");
        }
        if (started) {
            return;
        }
        started = true;
        try {
            if (spec.http || spec.https) {
                if (spec.https) {
                    tls = new Tls();
                }
                jakarta.servlet.Servlet servlet = spec.backend == Backend.C_GIT ? new CgiBridge(root) : gitServlet();
                http = new HttpFront(this, servlet, spec.http, spec.httpPort, tls == null ? null : tls.serverKeyStore,
                        spec.clientCertificates, tls == null ? null : tls.trustStore);
                http.start();
            }
            if (spec.git) {
                startGitDaemon();
            }
            if (spec.ssh) {
                ssh = new SshFront(this, spec);
                ssh.start();
            }
        } catch (Exception e) {
            stop();
            throw e instanceof IOException io ? io : new IOException("cannot start the git server", e);
        }
    }

    private GitServlet gitServlet() {
        GitServlet servlet = new GitServlet();
        servlet.setRepositoryResolver((req, name) -> open(name));
        servlet.setUploadPackFactory((req, db) -> {
            UploadPack up = InJvmGit.uploadPack(db, null);
            String protocol = req.getHeader("Git-Protocol");
            if (protocol != null) {
                up.setExtraParameters(java.util.Arrays.asList(protocol.split(":")));
            }
            return up;
        });
        servlet.setReceivePackFactory((req, db) -> InJvmGit.receivePack(db, null, isReadOnly(db), spec.protectedRefs));
        return servlet;
    }

    private void startGitDaemon() throws IOException {
        if (spec.backend == Backend.IN_JVM) {
            jgitDaemon = new Daemon(new InetSocketAddress(InetAddress.getLoopbackAddress(), spec.gitPort));
            jgitDaemon.setRepositoryResolver((RepositoryResolver<org.eclipse.jgit.transport.DaemonClient>) (client, name) -> open(name));
            jgitDaemon.getService("git-receive-pack").setEnabled(true);
            jgitDaemon.setUploadPackFactory((client, db) -> InJvmGit.uploadPack(db,
                    () -> newExchange("git", "git-upload-pack", db, null)));
            jgitDaemon.setReceivePackFactory((client, db) -> InJvmGit.receivePack(db,
                    () -> newExchange("git", "git-receive-pack", db, null), isReadOnly(db), spec.protectedRefs));
            jgitDaemon.start();
            gitPort = jgitDaemon.getAddress().getPort();
            return;
        }
        gitPort = spec.gitPort > 0 ? spec.gitPort : freePort();
        cgitDaemon = new ProcessBuilder("git", "daemon", "--reuseaddr", "--listen=127.0.0.1", "--port=" + gitPort,
                "--base-path=" + root, "--export-all", "--enable=receive-pack", "--enable=upload-archive", "--informative-errors", root.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        awaitPort(gitPort);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void awaitPort(int port) throws IOException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", ie);
                }
            }
        }
        throw new IOException("server on port " + port + " did not start");
    }

    Exchange newExchange(String transport, String service, Repository db, String user) {
        Exchange ex = new Exchange(transport);
        ex.service = service;
        ex.repository = repositoryName(db);
        ex.user = user;
        ex.authScheme = user == null ? null : "publickey";
        record(ex);
        return ex;
    }

    private String repositoryName(Repository db) {
        String rel = root.relativize(db.getDirectory().toPath()).toString();
        return rel.endsWith(".git") ? rel.substring(0, rel.length() - 4) : rel;
    }

    private boolean isReadOnly(Repository db) {
        return spec.readOnly.contains(repositoryName(db));
    }

    /** Opens a repository of the root, creating it first on a push when auto-create is on. */
    Repository open(String name) throws RepositoryNotFoundException, ServiceNotEnabledException {
        String clean = name.replaceFirst("^/+", "").replaceFirst("/+$", "");
        if (clean.contains("..") || clean.isEmpty()) {
            throw new RepositoryNotFoundException(name);
        }
        Path dir = root.resolve(clean.endsWith(".git") ? clean : clean + ".git");
        if (!Files.isDirectory(dir)) {
            if (spec.autoCreate) {
                autoCreateIfAllowed(clean.replaceFirst("\\.git$", ""));
            } else {
                throw new RepositoryNotFoundException(name);
            }
        }
        try {
            return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
        } catch (IOException e) {
            throw new RepositoryNotFoundException(name, e);
        }
    }

    void autoCreateIfAllowed(String name) {
        if (spec.autoCreate && !Files.isDirectory(root.resolve(name + ".git"))) {
            repository(name);
        }
    }

    /**
     * The fixture builder of a repository, created (bare, empty) if it does not exist.
     *
     * @param name a path such as {@code org/app}
     * @return its fixture builder
     */
    public RepositoryFixture repository(String name) {
        return fixtures.computeIfAbsent(name, n -> {
            try {
                Path dir = root.resolve(n + ".git");
                Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
                if (!Files.isDirectory(dir)) {
                    repo.create(true);
                }
                configure(repo, n);
                return new RepositoryFixture(repo, n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void configure(Repository repo, String name) throws IOException {
        StoredConfig c = repo.getConfig();
        c.setString("protocol", null, "version", spec.v0Only ? "0" : "2");
        c.setBoolean("uploadpack", null, "allowAnySHA1InWant", true);
        c.setBoolean("uploadpack", null, "allowReachableSHA1InWant", true);
        c.setBoolean("http", null, "receivepack", true);
        c.setBoolean("receive", null, "advertisePushOptions", true);
        c.setString("core", null, "fsyncObjectFiles", "false");
        c.save();
        repo.updateRef("HEAD").link("refs/heads/main");
        if (spec.backend == Backend.C_GIT) {
            Path hooks = repo.getDirectory().toPath().resolve("hooks");
            Files.createDirectories(hooks);
            StringBuilder script = new StringBuilder("#!/bin/sh\n");
            if (spec.readOnly.contains(name)) {
                script.append("echo 'repository is read-only' >&2\nexit 1\n");
            }
            for (String ref : spec.protectedRefs) {
                script.append("while read old new ref; do if [ \"$ref\" = '").append(ref)
                        .append("' ]; then echo \"protected ref $ref\" >&2; exit 1; fi; done\n");
            }
            Path hook = hooks.resolve("pre-receive");
            Files.writeString(hook, script.toString());
            hook.toFile().setExecutable(true);
        }
    }

    /** @return the directory holding the bare repositories */
    public Path root() {
        return root;
    }

    /**
     * @param repository such as {@code org/app}
     * @return {@code http://127.0.0.1:PORT/org/app.git}
     */
    public URI httpUrl(String repository) {
        requireRunning(http != null && http.httpPort() > 0, "http");
        return URI.create("http://127.0.0.1:" + http.httpPort() + "/" + repository + ".git");
    }

    /**
     * @param repository such as {@code org/app}
     * @return {@code https://127.0.0.1:PORT/org/app.git}
     */
    public URI httpsUrl(String repository) {
        requireRunning(http != null && http.httpsPort() > 0, "https");
        return URI.create("https://127.0.0.1:" + http.httpsPort() + "/" + repository + ".git");
    }

    /**
     * @param repository such as {@code org/app}
     * @return {@code ssh://git@127.0.0.1:PORT/org/app.git}
     */
    public URI sshUrl(String repository) {
        requireRunning(ssh != null, "ssh");
        return URI.create("ssh://" + ssh.user() + "@127.0.0.1:" + ssh.port() + "/" + repository + ".git");
    }

    /**
     * @param repository such as {@code org/app}
     * @return {@code git://127.0.0.1:PORT/org/app.git}
     */
    public URI gitUrl(String repository) {
        requireRunning(gitPort > 0, "git");
        return URI.create("git://127.0.0.1:" + gitPort + "/" + repository + ".git");
    }

    private void requireRunning(boolean enabled, String transport) {
        if (!enabled) {
            throw new IllegalStateException(transport + " is not served: ask the builder for it");
        }
    }

    /** @return the PEM certificate of the CA that signed the HTTPS certificate */
    public String caCertificatePem() {
        requireRunning(tls != null, "https");
        try {
            return Tls.pem(tls.ca);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param commonName the client's name
     * @return a new client certificate signed by the server's CA: {PEM certificate, PEM PKCS#8 key}
     */
    public String[] clientCertificate(String commonName) {
        requireRunning(tls != null, "https");
        try {
            return tls.clientCertificate(commonName);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the SSH host key as a {@code known_hosts} line: {@code [127.0.0.1]:PORT type base64} */
    public String knownHostsLine() {
        requireRunning(ssh != null, "ssh");
        return ssh.knownHostsLine();
    }

    /**
     * @return a known_hosts line trusting the CA that signed this server's host certificate:
     *     {@code @cert-authority [127.0.0.1]:PORT <CA key>}
     * @throws IllegalStateException if the server was not built with {@link Builder#sshHostCertificate}
     */
    public String sshCertificateAuthorityLine() {
        requireRunning(ssh != null, "ssh");
        return ssh.certificateAuthorityLine();
    }

    /**
     * @return a known_hosts line for each host key the SSH server presents: ECDSA P-256 first
     *     (the one {@link #knownHostsLine()} gives), then RSA for the in-JVM backend
     */
    public List<String> knownHostsLines() {
        requireRunning(ssh != null, "ssh");
        return ssh.knownHostsLines();
    }

    /**
     * From now on accepts only these basic credentials, as when a token expires or is rotated.
     *
     * @param user the user name
     * @param password the password or token
     * @return this server
     */
    public GitServer acceptOnlyBasicAuth(String user, String password) {
        Objects.requireNonNull(password, "password");
        basicPassword = password::equals;
        basicUser = Objects.requireNonNull(user, "user");
        return this;
    }

    /**
     * From now on accepts only this bearer token, as when a token expires or is rotated.
     *
     * @param token the token
     * @return this server
     */
    public GitServer acceptOnlyBearerToken(String token) {
        Objects.requireNonNull(token, "token");
        bearerToken = token::equals;
        return this;
    }

    /**
     * Adds a fault for the next matching requests.
     *
     * @param fault what goes wrong
     * @return this server
     */
    public GitServer fault(Fault fault) {
        faults.add(fault);
        return this;
    }

    /** Removes every fault. */
    public void clearFaults() {
        faults.clear();
    }

    Fault takeFault(String command) {
        for (Fault f : faults) {
            if (!f.kind.name().contains("SSH") && f.take(command)) {
                return f;
            }
        }
        return null;
    }

    /** Takes one use of an SSH authentication fault of this kind, if there is one. */
    boolean sshAuthFault(Fault.Kind kind) {
        return faults.stream().anyMatch(f -> f.kind == kind && f.take(null));
    }

    void stallUntilStopped() {
        synchronized (stallLock) {
            while (!stopped) {
                try {
                    stallLock.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    void record(Exchange exchange) {
        all.add(exchange);
        queue.add(exchange);
    }

    /**
     * @return the next request not taken yet, waiting up to 5 seconds
     * @throws IllegalStateException if none arrives in that time
     */
    public RecordedRequest takeRequest() {
        return takeRequest(Duration.ofSeconds(5));
    }

    /**
     * @param wait how long to wait
     * @return the next request not taken yet
     * @throws IllegalStateException if none arrives in time
     */
    public RecordedRequest takeRequest(Duration wait) {
        try {
            Exchange e = queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (e == null) {
                throw new IllegalStateException("no request within " + wait);
            }
            return e.record();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** @return every request served so far, oldest first */
    public List<RecordedRequest> requests() {
        return all.stream().map(Exchange::record).toList();
    }

    /** Forgets the requests recorded so far. */
    public void clearRequests() {
        all.clear();
        queue.clear();
    }

    /** Stops every server and child process; deletes the root if the server made it. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        synchronized (stallLock) {
            stallLock.notifyAll();
        }
        try {
            if (http != null) {
                http.stop();
            }
        } catch (Exception ignored) {
            // stopping anyway
        }
        if (jgitDaemon != null) {
            try {
                jgitDaemon.stopAndWait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (cgitDaemon != null) {
            cgitDaemon.descendants().forEach(ProcessHandle::destroyForcibly);
            cgitDaemon.destroyForcibly();
            try {
                cgitDaemon.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ssh != null) {
            ssh.stop();
        }
        fixtures.values().forEach(RepositoryFixture::close);
        if (ownRoot) {
            try (Stream<Path> s = Files.walk(root)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory
            }
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }
}
