package dev.gitsource;

import dev.gitsource.spi.GitSourceConfig;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.auth.GitCredentialsProvider;
import dev.gitsource.spi.GitSourceFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * A long-lived, thread-safe Git client. Make one with {@link #builder()}, share it, and
 * {@link #close()} it when done. All settings are per client: two clients with different
 * credentials can work at once in one JVM.
 *
 * <pre>{@code
 * try (GitSource git = GitSource.builder().build()) {
 *     CloneResult r = git.clone(URI.create("https://example.com/org/app.git"), CloneOptions.builder()
 *             .target(CheckoutTarget.branch("main")).depth(1).directory(dir).build());
 *     System.out.println(r.revision()); // main@sha1:...
 * }
 * }</pre>
 */
public interface GitSource extends AutoCloseable {

    /**
     * Clones a remote into a new directory, or returns {@link CloneResult#unchanged()} when
     * the remote still points at the last observed revision. The clone is built beside the
     * directory and moved into place when complete: on failure the directory is left as it was.
     *
     * @param remote the remote URI ({@code https://}, {@code http://}, {@code ssh://}, {@code git://})
     * @param options what to clone and where
     * @return the revision and working copy
     * @throws AuthenticationException if the credentials or host key are refused
     * @throws RepositoryNotFoundException if the remote does not exist
     * @throws RefNotFoundException if the target does not exist on the remote
     * @throws GitTransportException if the connection fails
     * @throws DeadlineExceededException if the deadline passes
     * @throws UnsafeContentException if the tree would write outside the directory
     * @throws LocalFileSystemException if a local file cannot be written (disk full, permission denied)
     */
    CloneResult clone(URI remote, CloneOptions options);

    /**
     * Lists the remote's refs (protocol v2 {@code ls-refs} with these prefixes).
     *
     * @param remote the remote URI
     * @param refPrefixes prefixes such as {@code refs/heads/main}; none lists every ref
     * @return the advertised refs
     */
    RemoteRefs lsRemote(URI remote, String... refPrefixes);

    /**
     * Opens an existing working copy.
     *
     * @param directory the working copy's directory
     * @return a handle on it
     * @throws RepositoryNotFoundException if there is no repository there
     */
    Repository open(Path directory);

    /**
     * Creates an empty working copy whose {@code origin} is the remote; the first push creates the branch.
     *
     * @param directory a directory that is absent or empty
     * @param remote the remote URI
     * @param branch the initial branch
     * @return a handle on it
     * @throws LocalFileSystemException if the directory cannot be written
     */
    Repository init(Path directory, URI remote, String branch);

    /** @return a builder that starts from this client's settings */
    Builder newBuilder();

    /** Releases the client's resources. Operations in progress may fail. */
    @Override
    void close();

    /** @return a builder with secure defaults */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Builds {@link GitSource} clients. Defaults: credentials from provider plugins by host,
     * else anonymous; JVM trust store; no proxy; no trusted SSH host; 5 minute deadline;
     * credentials only over https and ssh; schemes https, http, ssh, git; objects up to 1 GiB.
     */
    final class Builder {
        /** The default {@link #maxObjectBytes(long)}: far above any source file, far below a pack bomb. */
        public static final long DEFAULT_MAX_OBJECT_BYTES = 1L << 30;
        private GitCredentialsProvider credentials;
        private String providerId;
        private final Map<String, String> providerSettings = new HashMap<>();
        private TlsOptions tls = TlsOptions.builder().build();
        private ProxyOptions proxy;
        private KnownHosts knownHosts = KnownHosts.parse("");
        private Duration timeout = Duration.ofMinutes(5);
        private GitEventListener listener = GitEventListener.NONE;
        private boolean allowCredentialsOverHttp;
        private final Set<String> schemes = new LinkedHashSet<>(List.of("https", "http", "ssh", "git"));
        private long maxPackBytes;
        private long maxObjectBytes = DEFAULT_MAX_OBJECT_BYTES;
        private RetryPolicy retry = RetryPolicy.none();
        private int maxConcurrentPerHost;

        Builder() {}

        /**
         * @param config settings to start from
         * @return a builder holding them (for implementations of {@link GitSource#newBuilder()})
         */
        public static Builder from(GitSourceConfig config) {
            Builder b = new Builder();
            b.credentials = config.credentials();
            b.providerId = config.providerId();
            b.providerSettings.putAll(config.providerSettings());
            b.tls = config.tls();
            b.proxy = config.proxy();
            b.knownHosts = config.knownHosts();
            b.timeout = config.timeout();
            b.listener = config.listener();
            b.allowCredentialsOverHttp = config.allowCredentialsOverHttp();
            b.schemes.clear();
            b.schemes.addAll(config.allowedSchemes());
            b.maxPackBytes = config.maxPackBytes();
            b.maxObjectBytes = config.maxObjectBytes();
            b.retry = config.retry();
            b.maxConcurrentPerHost = config.maxConcurrentPerHost();
            return b;
        }

        /**
         * @param provider supplies credentials for every remote; overrides plugins
         * @return this builder
         */
        public Builder credentials(GitCredentialsProvider provider) {
            this.credentials = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * Fixed credentials for every remote the caller names, and for submodules on the same
         * server (host and port); a submodule on another server never gets them (see
         * {@link GitCredentialsProvider#sameForEveryRemote()}).
         *
         * @param credentials fixed credentials for every remote
         * @return this builder
         */
        public Builder credentials(GitCredentials credentials) {
            return credentials(GitCredentialsProvider.of(credentials));
        }

        /**
         * Chooses a provider plugin by id instead of by host, and passes it settings. Like fixed
         * credentials, a plugin chosen by id serves the remotes the caller names (and submodules
         * on their servers); a submodule on another server gets plugins by its host only.
         *
         * @param id the plugin id, such as {@code github}, {@code azure} or {@code aws}
         * @param settings the plugin's settings
         * @return this builder
         */
        public Builder provider(String id, Map<String, String> settings) {
            this.providerId = Objects.requireNonNull(id, "id");
            this.providerSettings.clear();
            this.providerSettings.putAll(settings);
            return this;
        }

        /**
         * @param tls trust anchors and client certificate
         * @return this builder
         */
        public Builder tls(TlsOptions tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /**
         * @param proxy the proxy settings
         * @return this builder
         */
        public Builder proxy(ProxyOptions proxy) {
            this.proxy = Objects.requireNonNull(proxy, "proxy");
            return this;
        }

        /**
         * @param knownHosts the SSH host keys to trust; hosts not listed are refused
         * @return this builder
         */
        public Builder knownHosts(KnownHosts knownHosts) {
            this.knownHosts = Objects.requireNonNull(knownHosts, "knownHosts");
            return this;
        }

        /**
         * @param timeout the wall-clock deadline of each operation
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * @param listener observes operations
         * @return this builder
         */
        public Builder listener(GitEventListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * @param allow whether basic and bearer credentials may be sent over plain {@code http}
         * @return this builder
         */
        public Builder allowCredentialsOverHttp(boolean allow) {
            this.allowCredentialsOverHttp = allow;
            return this;
        }

        /**
         * @param extraSchemes more URL schemes to allow, such as {@code file}
         * @return this builder
         */
        public Builder allowSchemes(String... extraSchemes) {
            for (String s : extraSchemes) {
                if (!s.matches("[a-zA-Z][a-zA-Z0-9+.-]*")) {
                    throw new IllegalArgumentException("not a URL scheme: '" + s + "'");
                }
                schemes.add(s.toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /**
         * The largest pack a fetch may receive, counted as it arrives; a larger one stops the
         * fetch with a {@link SizeLimitExceededException} and nothing is written.
         *
         * @param bytes the largest pack a fetch may receive; 0 for no limit (the default)
         * @return this builder
         */
        public Builder maxPackBytes(long bytes) {
            this.maxPackBytes = limit("maxPackBytes", bytes);
            return this;
        }

        /**
         * The largest object (file, tree, commit) a fetch may receive, by the size the pack
         * declares before the object is inflated, so a small pack that would inflate to
         * gigabytes is stopped at once with a {@link SizeLimitExceededException}.
         *
         * @param bytes the largest inflated object; 0 for no limit; default 1 GiB
         * @return this builder
         */
        public Builder maxObjectBytes(long bytes) {
            this.maxObjectBytes = limit("maxObjectBytes", bytes);
            return this;
        }

        private static long limit(String name, long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException(name + " must be 0 (no limit) or positive: " + bytes);
            }
            return bytes;
        }

        /**
         * Retries after retryable transport errors. A server that rate-limits (HTTP 429 or 503
         * with {@code Retry-After}, in seconds or as an HTTP date) is retried after the wait it
         * asks for instead of the backoff; when that wait is longer than the policy's
         * {@link RetryPolicy#maxBackoff()} or would pass the operation's deadline, the
         * {@link GitTransportException} (with {@link GitTransportException#retryAfter()}) is
         * thrown at once rather than retrying sooner than asked or sleeping into the deadline.
         *
         * @param retry the policy (default: none, so every error is thrown at once)
         * @return this builder
         */
        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /**
         * At most this many operations (clone, update, ls-remote, push) of this client talk to
         * one host at once; the others wait for one to finish, within their own deadline (a
         * wait past it is a {@link DeadlineExceededException}). Clients derived by
         * {@link GitSource#newBuilder()} count on their own. A permit is held while the
         * operation talks to the host, not while it backs off between retries.
         *
         * @param operations the most at once per host name; 0 for no limit (the default)
         * @return this builder
         * @since 0.1.0
         */
        public Builder maxConcurrentPerHost(int operations) {
            if (operations < 0) {
                throw new IllegalArgumentException("maxConcurrentPerHost must be 0 (no limit) or positive: " + operations);
            }
            this.maxConcurrentPerHost = operations;
            return this;
        }

        /** @return the settings collected so far */
        public GitSourceConfig config() {
            return new GitSourceConfig(credentials, providerId, providerSettings, tls, proxy, knownHosts, timeout,
                    listener, allowCredentialsOverHttp, schemes, maxPackBytes, maxObjectBytes, retry,
                    maxConcurrentPerHost);
        }

        /**
         * @return a client
         * @throws IllegalStateException if no implementation (gitsource-jgit) is on the class path
         */
        public GitSource build() {
            return Implementation.FACTORY.create(config());
        }
    }
}

/** Finds the implementation once, lazily. */
final class Implementation {
    static final GitSourceFactory FACTORY = find();

    private Implementation() {}

    private static GitSourceFactory find() {
        Iterator<GitSourceFactory> it = ServiceLoader.load(GitSourceFactory.class, GitSource.class.getClassLoader())
                .iterator();
        try {
            if (it.hasNext()) {
                return it.next();
            }
        } catch (ServiceConfigurationError e) {
            return config -> {
                throw new IllegalStateException("the gitsource implementation on the class path is broken: "
                        + e.getMessage(), e);
            };
        }
        return config -> {
            throw new IllegalStateException("no gitsource implementation on the class path: "
                    + "add the artifact dev.gitsource:gitsource-jgit");
        };
    }
}
