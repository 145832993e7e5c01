package dev.gitsource.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Real Git servers on 127.0.0.1, started in one line: smart HTTP (protocol v0, v1 and v2),
 * HTTPS with a CA made at start, SSH with a host key made at start, and git://, served by
 * JGit in this JVM or by C git ({@code git http-backend}, {@code git daemon}, OpenSSH), with
 * fixtures, request recording and fault injection. Not reusable once closed.
 *
 * <pre>{@code
 * try (GitServer server = GitServer.builder().http().basicAuth("u", "p").start()) {
 *     String id = server.repository("org/app").file("README.md", "hi").commit("first");
 *     URI url = server.httpUrl("org/app");
 *     // ... run the client, then:
 *     RecordedRequest fetch = server.awaitRequest(RecordedRequest::isFetch, Duration.ofSeconds(5));
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

    private final ServerSpec spec;
    private final HttpAuth auth;
    private final RepositoryStore repositories;
    private final RequestRecorder recorder = new RequestRecorder();
    private final Faults faults = new Faults();
    private final Endpoints endpoints;
    private boolean started;
    private boolean stopped;

    private GitServer(ServerSpec spec) throws IOException {
        this.spec = spec;
        this.auth = new HttpAuth(spec.basicUser(), spec.basicPassword(), spec.bearerToken());
        this.repositories = new RepositoryStore(spec.root(), spec.autoCreate(),
                spec.backend() == Backend.C_GIT ? new PreReceiveHook(spec)::install : RepositoryStore.Preparer.NONE);
        ServerParts parts = new ServerParts(spec, repositories, recorder, faults, new LfsTickets());
        this.endpoints = new Endpoints(parts, auth,
                spec.backend() == Backend.C_GIT ? new CGitBackend(parts) : new InJvmBackend(parts));
    }

    /** @return a builder: in-JVM backend, and only HTTP unless other transports are picked */
    public static Builder builder() {
        return new Builder();
    }

    /** @return whether C git is installed (the C_GIT backend needs it) */
    public static boolean isCGitAvailable() {
        return CGitBackend.isAvailable();
    }

    /** @return whether OpenSSH's sshd is installed (SSH of the C_GIT backend needs it) */
    public static boolean isOpenSshAvailable() {
        return CGitBackend.isOpenSshAvailable();
    }

    /** Configures and starts a {@link GitServer}. */
    public static final class Builder extends ServerOptions {
        private Builder() {}

        /**
         * @return the server, not started yet (for {@link dev.gitsource.testkit.junit.StartStop} fields)
         * @throws IllegalArgumentException if the options do not go together
         * @throws IllegalStateException if the C git backend was asked for and git is not installed
         */
        public GitServer build() {
            ServerSpec spec = spec();
            if (spec.backend() == Backend.C_GIT && !isCGitAvailable()) {
                throw new IllegalStateException("the C git backend needs git on the PATH");
            }
            try {
                return new GitServer(spec);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * @return the started server
         * @throws IllegalArgumentException if the options do not go together
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
            endpoints.start();
        } catch (Exception e) {
            stop();
            throw e instanceof IOException io ? io : new IOException("cannot start the git server", e);
        }
    }

    /**
     * The fixture builder of a repository, created (bare, empty) if it does not exist.
     *
     * @param name a path such as {@code org/app}
     * @return its fixture builder
     */
    public RepositoryFixture repository(String name) {
        return repositories.repository(name);
    }

    /** @return the directory holding the bare repositories */
    public Path root() {
        return repositories.root();
    }

    /**
     * @param repository such as {@code org/app}
     * @return {@code http://127.0.0.1:PORT/org/app.git}
     */
    public URI httpUrl(String repository) {
        return endpoints.httpUrl(repository);
    }

    /**
     * @param repository such as {@code org/app}
     * @return {@code https://127.0.0.1:PORT/org/app.git}
     */
    public URI httpsUrl(String repository) {
        return endpoints.httpsUrl(repository);
    }

    /**
     * @param repository such as {@code org/app}
     * @return {@code ssh://git@127.0.0.1:PORT/org/app.git}
     */
    public URI sshUrl(String repository) {
        return endpoints.sshUrl(repository);
    }

    /**
     * @param repository such as {@code org/app}
     * @return {@code git://127.0.0.1:PORT/org/app.git}
     */
    public URI gitUrl(String repository) {
        return endpoints.gitUrl(repository);
    }

    /** @return the PEM certificate of the CA that signed the HTTPS certificate */
    public String caCertificatePem() {
        return endpoints.caCertificatePem();
    }

    /**
     * @param commonName the client's name
     * @return a new client certificate signed by the server's CA: {PEM certificate, PEM PKCS#8 key}
     */
    public String[] clientCertificate(String commonName) {
        return endpoints.clientCertificate(commonName);
    }

    /** @return the SSH host key as a {@code known_hosts} line: {@code [127.0.0.1]:PORT type base64} */
    public String knownHostsLine() {
        return endpoints.knownHostsLines().get(0);
    }

    /**
     * @return a known_hosts line trusting the CA that signed this server's host certificate:
     *     {@code @cert-authority [127.0.0.1]:PORT <CA key>}
     * @throws IllegalStateException if the server was not built with {@link Builder#sshHostCertificate(String...)}
     */
    public String sshCertificateAuthorityLine() {
        return endpoints.certificateAuthorityLine();
    }

    /**
     * @return a known_hosts line for each host key the SSH server presents: ECDSA P-256 first
     *     (the one {@link #knownHostsLine()} gives), then RSA for the in-JVM backend
     */
    public List<String> knownHostsLines() {
        return endpoints.knownHostsLines();
    }

    /**
     * From now on accepts only these basic credentials, as when a token expires or is rotated.
     *
     * @param user the user name
     * @param password the password or token
     * @return this server
     */
    public GitServer acceptOnlyBasicAuth(String user, String password) {
        auth.acceptOnlyBasic(user, password);
        return this;
    }

    /**
     * From now on accepts only this bearer token, as when a token expires or is rotated.
     *
     * @param token the token
     * @return this server
     */
    public GitServer acceptOnlyBearerToken(String token) {
        auth.acceptOnlyBearer(token);
        return this;
    }

    /**
     * Adds a fault for the next matching requests.
     *
     * @param fault what goes wrong
     * @return this server
     */
    public GitServer fault(Fault fault) {
        faults.add(Objects.requireNonNull(fault, "fault"));
        return this;
    }

    /** Removes every fault. */
    public void clearFaults() {
        faults.clear();
    }

    /**
     * @return the oldest request not taken yet, waiting up to 5 seconds
     * @throws IllegalStateException if none arrives in that time
     */
    public RecordedRequest takeRequest() {
        return takeRequest(Duration.ofSeconds(5));
    }

    /**
     * @param wait how long to wait
     * @return the oldest request not taken yet
     * @throws IllegalStateException if none arrives in time
     */
    public RecordedRequest takeRequest(Duration wait) {
        return recorder.take(wait);
    }

    /**
     * Waits for a request that matches, and takes it. A request is recorded before its
     * response ends, so once a client has read a whole response its request is here.
     *
     * @param matching what the request must be, such as {@code RecordedRequest::isFetch}
     * @param wait how long to wait for it
     * @return the oldest request not taken yet that matches; those before it that do not match
     *     stay for {@link #takeRequest()} and {@link #assertNoMoreRequests(Duration)}
     * @throws AssertionError if none arrives in time
     */
    public RecordedRequest awaitRequest(Predicate<RecordedRequest> matching, Duration wait) {
        return recorder.await(Objects.requireNonNull(matching, "matching"), wait);
    }

    /**
     * Asserts that no request is left that was not taken ({@link #takeRequest()},
     * {@link #awaitRequest(Predicate, Duration)}), now or during the window: fails as soon as
     * one is there, passes when the window has passed without one.
     *
     * @param window how long no further request may arrive
     * @throws AssertionError naming the first request nobody took
     */
    public void assertNoMoreRequests(Duration window) {
        recorder.assertNoMore(window);
    }

    /** @return every request served so far (taken or not), oldest first */
    public List<RecordedRequest> requests() {
        return recorder.all();
    }

    /** Forgets the requests recorded so far. */
    public void clearRequests() {
        recorder.clear();
    }

    /** Stops every server and child process; deletes the root if the server made it. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        faults.releaseStalls();
        endpoints.stop();
        repositories.close();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }
}
