package dev.gitsource.jgit.internal;

import dev.gitsource.CloneOptions;
import dev.gitsource.CloneResult;
import dev.gitsource.GitSource;
import dev.gitsource.spi.GitSourceConfig;
import dev.gitsource.GitSourceException;
import dev.gitsource.GitTransportException;
import dev.gitsource.RemoteRefs;
import dev.gitsource.Repository;
import dev.gitsource.RepositoryNotFoundException;
import dev.gitsource.RetryPolicy;
import dev.gitsource.auth.GitCredentials;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLException;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.Transport;

/** The JGit client: shared, thread-safe; every operation configures its own transports. */
public final class JGitSource implements GitSource {
    /** How long a failed HTTPS request waits for a TLS server's refusal of the client certificate. */
    private static final Duration TLS_PROBE = Duration.ofSeconds(2);
    private final GitSourceConfig config;
    private final Credentials credentials;
    private final HttpConnections http;
    private final KnownHostsDatabase knownHosts;
    private final ScheduledExecutorService timer;
    private final HostPermits hostPermits;

    /** @param config the client's settings */
    public JGitSource(GitSourceConfig config) {
        Isolation.install();
        this.config = config;
        this.http = new HttpConnections(config.tls(), config.proxy());
        this.credentials = new Credentials(config, new dev.gitsource.auth.ProviderContext(new PluginHttp(http),
                config.tls(), config.proxy()));
        this.knownHosts = new KnownHostsDatabase(config.knownHosts());
        this.hostPermits = new HostPermits(config.maxConcurrentPerHost());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gitsource-deadline");
            t.setDaemon(true);
            return t;
        });
    }

    GitSourceConfig config() {
        return config;
    }

    /** @return this client's HTTP connections (its TLS options and proxy), for Git LFS */
    HttpConnections http() {
        return http;
    }

    /** Work done against a remote with one set of credentials. */
    @FunctionalInterface
    interface RemoteWork<T> {
        T run(TransportSetup setup, Deadline deadline) throws Exception;
    }

    /**
     * Runs work against a remote under a deadline, with credentials; if the server refuses
     * them and the provider then offers different ones (a refreshed token), runs it once more.
     * Each attempt holds one of the host's permits ({@link HostPermits}); retryable errors
     * are retried as the {@link dev.gitsource.RetryPolicy} says, after the server's
     * {@code Retry-After} where it gave one.
     */
    <T> T withRemote(Remote remote, Duration timeout, RemoteWork<T> work) {
        Deadline deadline = new Deadline(timeout == null ? config.timeout() : timeout, timer);
        try {
            for (int attempt = 1; ; attempt++) {
                try (HostPermits.Permit permit = hostPermits.acquire(remote, deadline)) {
                    return withCredentials(remote, deadline, work);
                } catch (GitTransportException e) {
                    Duration wait = retryWait(e, attempt, deadline);
                    config.listener().retrying(remote.forListeners(), e, attempt, wait);
                    sleep(wait, e);
                }
            }
        } finally {
            deadline.close();
        }
    }

    /**
     * How long to wait before the next attempt: the server's {@code Retry-After} if it gave
     * one, else the policy's backoff.
     *
     * @throws GitTransportException the error, when it is not to be retried: not retryable, no
     *     attempts left, or a wait longer than the policy's {@code maxBackoff} or past the deadline
     *     (at once, never a sleep into the deadline)
     */
    private Duration retryWait(GitTransportException e, int attempt, Deadline deadline) {
        RetryPolicy policy = config.retry();
        if (!e.retryable() || attempt >= policy.maxAttempts()) {
            throw e;
        }
        Duration asked = e.retryAfter().orElse(null);
        if (asked == null) {
            Duration wait = policy.backoff(attempt);
            if (deadline.expiresWithin(wait)) {
                throw e;
            }
            return wait;
        }
        if (asked.compareTo(policy.maxBackoff()) > 0) {
            throw Errors.notRetried(e, "longer than the retry policy's maxBackoff of "
                    + Errors.seconds(policy.maxBackoff()));
        }
        if (deadline.expiresWithin(asked)) {
            throw Errors.notRetried(e, "the operation's deadline of " + Errors.seconds(deadline.timeout())
                    + " passes before then");
        }
        return asked;
    }

    private static void sleep(Duration wait, GitTransportException cause) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw cause;
        }
    }

    private <T> T withCredentials(Remote remote, Deadline deadline, RemoteWork<T> work) {
        GitCredentials creds = credentials.resolve(remote, false);
        try {
            return attempt(remote, creds, deadline, work);
        } catch (CredentialsRefusedException refused) { // only the server's refusal: a new token may help
            GitCredentials fresh;
            try {
                fresh = credentials.resolve(remote, true);
            } catch (GitSourceException e) {
                refused.addSuppressed(e);
                throw refused;
            }
            if (fresh.equals(creds) || deadline.expired()) {
                throw refused;
            }
            return attempt(remote, fresh, deadline, work);
        }
    }

    private <T> T attempt(Remote remote, GitCredentials creds, Deadline deadline, RemoteWork<T> work) {
        TransportSetup setup = new TransportSetup(config, http, knownHosts, creds);
        try (setup) {
            return work.run(setup, deadline);
        } catch (Exception failure) {
            Exception e = setup.withProxyFailure(failure);
            GitSourceException translated = Errors.translate(e, remote.redacted(), deadline, config,
                    setup.localDirectory());
            if (translated instanceof GitTransportException && Errors.mentions(e, "error writing to server")
                    && !deadline.expiresWithin(TLS_PROBE)) {
                SSLException refusal = http.clientCertificateRefusal(remote.uri(), (int) TLS_PROBE.toMillis());
                if (refusal != null) {
                    refusal.addSuppressed(e);
                    throw Errors.translate(refusal, remote.redacted(), deadline, config);
                }
            }
            Duration retryAfter = setup.retryAfter();
            throw retryAfter != null && translated instanceof GitTransportException t && t.retryable()
                    ? Errors.rateLimited(t, retryAfter) : translated;
        }
    }

    /** Opens a transport with the remote's settings, closed by the deadline if it passes. */
    Transport open(org.eclipse.jgit.lib.Repository local, Remote remote, TransportSetup setup, Deadline deadline)
            throws IOException {
        if (local != null) {
            setup.writingInto(local.isBare() ? local.getDirectory().toPath() : local.getWorkTree().toPath());
        }
        Transport t = local == null ? Transport.open(setup.uri(remote.uriish()))
                : Transport.open(local, setup.uri(remote.uriish()));
        setup.configure(t, deadline);
        if (t instanceof org.eclipse.jgit.transport.SshTransport) {
            deadline.onExpiryInterrupting(t);
        } else {
            deadline.onExpiry(t);
        }
        return t;
    }

    /**
     * The remote for a URL the caller gave: as it is, or, for a scheme the client does not
     * speak, the Git URL a plugin translates it into (git-remote-codecommit's {@code codecommit::}).
     */
    Remote remote(URI given) {
        String scheme = given.getScheme() == null ? "" : given.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!config.allowedSchemes().contains(scheme) && !scheme.isEmpty()) {
            Optional<URI> url = credentials.gitUrl(given);
            if (url.isPresent()) {
                return Remote.of(url.get(), config).withHelper(given);
            }
        }
        return Remote.of(given, config);
    }

    /** The remote for a URL a repository's configuration holds: scp-style, a URL, or a remote helper's. */
    Remote remote(String stored) {
        return Remote.scp(stored, null) != null ? Remote.parse(stored, config) : remote(URI.create(stored));
    }

    @Override
    public CloneResult clone(URI remote, CloneOptions options) {
        return new CloneOperation(this, remote(remote), options).run();
    }

    @Override
    public RemoteRefs lsRemote(URI remote, String... refPrefixes) {
        Remote r = remote(remote);
        config.listener().lsRemoteStarted(r.forListeners());
        try {
            RemoteRefs refs = toRemoteRefs(withRemote(r, null, (setup, deadline) -> listRefs(r, setup, deadline,
                    Arrays.asList(refPrefixes))));
            config.listener().lsRemoteFinished(r.forListeners(), refs);
            return refs;
        } catch (RuntimeException e) {
            config.listener().lsRemoteFailed(r.forListeners(), Errors.forListener(e, "ls-remote of " + r.redacted()));
            throw e;
        }
    }

    /** One ls-refs round trip (protocol v2), asking only for these prefixes. */
    Map<String, Ref> listRefs(Remote remote, TransportSetup setup, Deadline deadline, List<String> prefixes)
            throws IOException {
        try (Transport t = open(null, remote, setup, deadline);
                FetchConnection c = t.openFetch(List.of(), prefixes.toArray(new String[0]))) {
            return listed(c, prefixes);
        }
    }

    /** The refs a connection opened with these prefixes lists; a v0 server lists all, so the rest are dropped. */
    static Map<String, Ref> listed(FetchConnection c, List<String> prefixes) {
        Map<String, Ref> out = new HashMap<>(c.getRefsMap());
        if (!prefixes.isEmpty()) {
            out.keySet().removeIf(name -> prefixes.stream().noneMatch(name::startsWith));
        }
        return out;
    }

    /** Resolves a target on the remote: one ls-refs for its prefixes, none for a bare commit. */
    ResolvedTarget resolve(Remote remote, TransportSetup setup, Deadline deadline, dev.gitsource.CheckoutTarget target)
            throws IOException {
        List<String> prefixes = TargetResolver.prefixes(target);
        Map<String, Ref> refs = prefixes.isEmpty() ? Map.of() : listRefs(remote, setup, deadline, prefixes);
        return new TargetResolver(remote.redacted()).resolve(target, refs);
    }

    static RemoteRefs toRemoteRefs(Map<String, Ref> refs) {
        Map<String, String> ids = new HashMap<>();
        Map<String, String> peeled = new HashMap<>();
        String head = null;
        for (Ref ref : refs.values()) {
            if (ref.isSymbolic() && ref.getName().equals("HEAD")) {
                head = ref.getTarget().getName();
            }
            if (ref.getObjectId() != null) {
                ids.put(ref.getName(), ref.getObjectId().name());
            }
            if (ref.getPeeledObjectId() != null) {
                peeled.put(ref.getName(), ref.getPeeledObjectId().name());
            }
        }
        return new RemoteRefs(ids, peeled, head);
    }

    @Override
    public Repository open(Path directory) {
        File gitDir = directory.resolve(".git").toFile();
        if (!gitDir.isDirectory()) {
            throw new RepositoryNotFoundException("no git repository at " + directory, null);
        }
        try {
            org.eclipse.jgit.lib.Repository repo = LimitedRepository.build(new FileRepositoryBuilder().setGitDir(gitDir)
                    .setWorkTree(directory.toFile()).setMustExist(true), config);
            return new JGitRepository(this, repo, null, List.of());
        } catch (IOException e) {
            if (LocalFiles.cause(e) != null) {
                throw LocalFiles.failure(directory, e);
            }
            throw new RepositoryNotFoundException("cannot open the git repository at " + directory, e);
        }
    }

    @Override
    public Repository init(Path directory, URI remote, String branch) {
        Remote r = remote(remote);
        dev.gitsource.CheckoutTarget.branch(branch); // validates the name
        try {
            if (Files.exists(directory)) {
                try (var s = Files.list(directory)) {
                    if (s.findAny().isPresent()) {
                        throw new IllegalArgumentException("directory is not empty: " + directory);
                    }
                }
            }
            Files.createDirectories(directory);
            org.eclipse.jgit.lib.Repository repo = LimitedRepository.build(new FileRepositoryBuilder()
                    .setGitDir(directory.resolve(".git").toFile()).setWorkTree(directory.toFile())
                    .setInitialBranch(branch), config);
            repo.create();
            RepositoryLayout.configureOrigin(repo, r, null, branch);
            return new JGitRepository(this, repo, null, List.of());
        } catch (IOException e) {
            throw LocalFiles.failure(directory, e);
        } catch (org.eclipse.jgit.api.errors.InvalidRefNameException e) {
            throw new GitSourceException("cannot create a repository at " + directory, e);
        }
    }

    @Override
    public Builder newBuilder() {
        return GitSource.Builder.from(config);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    @Override
    public String toString() {
        return "JGitSource" + config;
    }
}
