package dev.gitsource.micrometer;

import dev.gitsource.CloneResult;
import dev.gitsource.CloneStats;
import dev.gitsource.GitEventListener;
import dev.gitsource.GitSourceException;
import dev.gitsource.GitTransportException;
import dev.gitsource.PushResult;
import dev.gitsource.RemoteRefs;
import dev.gitsource.UpdateResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Records a {@link dev.gitsource.GitSource}'s operations as Micrometer meters. Give it to the
 * builder: {@code GitSource.builder().listener(new GitSourceMetrics(registry))}.
 *
 * <table>
 * <caption>The meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th></tr>
 * <tr><td>{@value #OPERATIONS}</td><td>timer</td><td>operation, outcome, host</td></tr>
 * <tr><td>{@value #BYTES_RECEIVED}</td><td>counter (bytes)</td><td>operation, host</td></tr>
 * <tr><td>{@value #FILES_WRITTEN}</td><td>counter</td><td>operation, host</td></tr>
 * <tr><td>{@value #UNCHANGED}</td><td>counter</td><td>operation, host</td></tr>
 * <tr><td>{@value #RETRIES}</td><td>counter</td><td>host, error</td></tr>
 * <tr><td>{@value #FAILURES}</td><td>counter</td><td>operation, host, error</td></tr>
 * </table>
 *
 * <p>{@code operation} is {@code clone}, {@code update}, {@code ls-remote} or {@code push};
 * {@code outcome} is {@code success}, {@code unchanged} (the remote had not moved: nothing
 * fetched or written) or {@code failure}; {@code error} is the simple name of the public
 * gitsource exception type ({@code GitTransportException}, {@code AuthenticationException}, ...).
 * {@code host} is the remote's host name only, never its URL, path, user information or a
 * secret, so the number of series stays bounded by the hosts a client talks to.
 *
 * <p>Thread-safe. Clone and update durations are the operation's own ({@link CloneStats#total()});
 * ls-remote and push are timed here, from their start event to their end event on the same thread.
 */
public final class GitSourceMetrics implements GitEventListener {
    /** Timer of operations by kind, outcome and host. */
    public static final String OPERATIONS = "gitsource.operations";
    /** Bytes received by clones and updates. */
    public static final String BYTES_RECEIVED = "gitsource.bytes.received";
    /** Files written (for an update: written and deleted). */
    public static final String FILES_WRITTEN = "gitsource.files.written";
    /** Clones and updates that found the remote unchanged. */
    public static final String UNCHANGED = "gitsource.unchanged";
    /** Attempts retried after a retryable error. */
    public static final String RETRIES = "gitsource.retries";
    /** Operations that failed, by error type. */
    public static final String FAILURES = "gitsource.failures";

    private final MeterRegistry registry;
    private final TimedHere lsRemote = new TimedHere("ls-remote");
    private final TimedHere push = new TimedHere("push");

    /** @param registry where the meters are registered */
    public GitSourceMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void cloneFinished(URI remote, CloneResult result, CloneStats stats) {
        finished("clone", remote, result.unchanged(), stats);
    }

    @Override
    public void cloneFailed(URI remote, GitSourceException error, CloneStats stats) {
        failed("clone", remote, error, stats.total());
        transferred("clone", remote, stats);
    }

    @Override
    public void updateFinished(URI remote, UpdateResult result, CloneStats stats) {
        finished("update", remote, result.unchanged(), stats);
    }

    @Override
    public void updateFailed(URI remote, GitSourceException error, CloneStats stats) {
        failed("update", remote, error, stats.total());
        transferred("update", remote, stats);
    }

    @Override
    public void lsRemoteStarted(URI remote) {
        lsRemote.started();
    }

    @Override
    public void lsRemoteFinished(URI remote, RemoteRefs refs) {
        lsRemote.finished(remote);
    }

    @Override
    public void lsRemoteFailed(URI remote, GitSourceException error) {
        lsRemote.failed(remote, error);
    }

    @Override
    public void pushStarted(URI remote) {
        push.started();
    }

    @Override
    public void pushFinished(URI remote, PushResult result) {
        push.finished(remote);
    }

    @Override
    public void pushFailed(URI remote, GitSourceException error) {
        push.failed(remote, error);
    }

    @Override
    public void retrying(URI remote, GitTransportException error, int attempt, Duration wait) {
        registry.counter(RETRIES, Tags.of("host", host(remote), "error", errorType(error))).increment();
    }

    private void finished(String operation, URI remote, boolean unchanged, CloneStats stats) {
        timer(operation, unchanged ? "unchanged" : "success", remote).record(duration(stats.total()));
        if (unchanged) {
            registry.counter(UNCHANGED, tags(operation, remote)).increment();
        }
        transferred(operation, remote, stats);
    }

    private void transferred(String operation, URI remote, CloneStats stats) {
        Tags tags = tags(operation, remote);
        Counter.builder(BYTES_RECEIVED).baseUnit("bytes").tags(tags).register(registry).increment(stats.bytesReceived());
        registry.counter(FILES_WRITTEN, tags).increment(stats.filesWritten());
    }

    private void failed(String operation, URI remote, GitSourceException error, Duration took) {
        timer(operation, "failure", remote).record(duration(took));
        registry.counter(FAILURES, tags(operation, remote).and("error", errorType(error))).increment();
    }

    private Timer timer(String operation, String outcome, URI remote) {
        return Timer.builder(OPERATIONS).description("gitsource operations by kind, outcome and host")
                .tags(tags(operation, remote).and("outcome", outcome)).register(registry);
    }

    private static Tags tags(String operation, URI remote) {
        return Tags.of("operation", operation, "host", host(remote));
    }

    /** The host name alone: a remote-helper URL ({@code codecommit::...}) has none. */
    static String host(URI remote) {
        String host = remote == null ? null : remote.getHost();
        return host == null ? "none" : host.toLowerCase(Locale.ROOT);
    }

    /** The public type: an implementation's own subclass is named by the gitsource type it extends. */
    static String errorType(GitSourceException error) {
        Class<?> c = error.getClass();
        while (!c.getPackageName().equals("dev.gitsource")) {
            c = c.getSuperclass();
        }
        return c.getSimpleName();
    }

    /** An operation whose events carry no duration: timed from its start to its end, which come on one thread. */
    private final class TimedHere {
        private final String operation;
        private final ThreadLocal<Long> start = new ThreadLocal<>();

        TimedHere(String operation) {
            this.operation = operation;
        }

        void started() {
            start.set(System.nanoTime());
        }

        void finished(URI remote) {
            timer(operation, "success", remote).record(since());
        }

        void failed(URI remote, GitSourceException error) {
            GitSourceMetrics.this.failed(operation, remote, error, since());
        }

        private Duration since() {
            Long at = start.get();
            start.remove();
            return at == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - at);
        }
    }

    private static Duration duration(Duration d) {
        return d == null ? Duration.ZERO : d;
    }
}
