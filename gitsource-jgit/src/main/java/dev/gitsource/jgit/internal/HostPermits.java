package dev.gitsource.jgit.internal;

import dev.gitsource.DeadlineExceededException;
import dev.gitsource.GitSourceException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most so many operations of one client talk to one host at once
 * ({@code GitSource.Builder.maxConcurrentPerHost}); the others wait in turn, within their
 * deadline. By host name, not port: what a controller is rate-limited by is the host.
 */
final class HostPermits {
    /** Held while an attempt talks to a host; closing it lets the next one in. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private static final Permit NONE = () -> { };
    private final int perHost;
    private final Map<String, Semaphore> hosts = new ConcurrentHashMap<>();

    /** @param perHost operations at once per host, or 0 for no limit */
    HostPermits(int perHost) {
        this.perHost = perHost;
    }

    /**
     * Waits for a permit for the remote's host, until the deadline.
     *
     * @throws DeadlineExceededException if none is free before the deadline
     */
    Permit acquire(Remote remote, Deadline deadline) {
        String host = remote.uri().getHost();
        // a submodule runs inside its superproject's attempt, under that permit: waiting for a second would deadlock at 1
        if (perHost == 0 || host == null || remote.superproject() != null) {
            return NONE;
        }
        Semaphore permits = hosts.computeIfAbsent(host.toLowerCase(Locale.ROOT), h -> new Semaphore(perHost, true));
        boolean acquired;
        try {
            acquired = permits.tryAcquire(Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitSourceException("interrupted while waiting to talk to " + remote.redacted(), e);
        }
        if (!acquired) {
            throw new DeadlineExceededException("deadline of " + deadline.timeout() + " exceeded waiting for one of the "
                    + perHost + " operations at once on " + host + " (maxConcurrentPerHost) to end, for "
                    + remote.redacted(), deadline.timeout(), null);
        }
        return permits::release;
    }
}
