package dev.gitsource.jgit.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ProgressMonitor;

/**
 * A wall-clock deadline over a whole operation. JGit's own timeout only notices idle
 * sockets, so the deadline cancels through the progress monitor (checked between work
 * units) and, for a server that stalls mid-read, runs a closer that shuts the transport.
 */
final class Deadline implements AutoCloseable {
    private final long endNanos;
    private final Duration timeout;
    private final ScheduledExecutorService timer;
    private volatile ScheduledFuture<?> closer;
    private volatile boolean fired;
    private final Thread owner = Thread.currentThread();
    private boolean closed; // guarded by this
    private boolean interruptedOwner; // guarded by this

    Deadline(Duration timeout, ScheduledExecutorService timer) {
        this.timeout = timeout;
        this.timer = timer;
        this.endNanos = System.nanoTime() + timeout.toNanos();
    }

    Duration timeout() {
        return timeout;
    }

    boolean expiresWithin(Duration d) {
        return System.nanoTime() + d.toNanos() - endNanos >= 0;
    }

    /** @return nanoseconds until the deadline, negative once it passed */
    long remainingNanos() {
        return endNanos - System.nanoTime();
    }

    boolean expired() {
        return fired || System.nanoTime() - endNanos >= 0;
    }

    /** Seconds left, at least 1, for JGit's idle timeout. */
    int remainingSeconds() {
        long left = endNanos - System.nanoTime();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toSeconds(left) + 1));
    }

    /**
     * Like {@link #onExpiry}, and then interrupts the thread that runs the operation: an SSH
     * handshake waits on a future that closing the transport does not complete (MINA's own
     * timeout is two minutes). The interrupt is cleared again by {@link #close()}.
     */
    void onExpiryInterrupting(AutoCloseable action) {
        onExpiry(() -> {
            action.close();
            synchronized (this) {
                if (!closed) {
                    interruptedOwner = true;
                    owner.interrupt();
                }
            }
        });
    }

    /** Runs {@code action} (closing a transport) when the deadline passes, until {@link #close()}. */
    void onExpiry(AutoCloseable action) {
        cancelCloser();
        long left = Math.max(0, endNanos - System.nanoTime());
        closer = timer.schedule(() -> {
            fired = true;
            try {
                action.close();
            } catch (Exception | Error ignored) {
                // the operation fails on its own; nothing to add
            }
        }, left, TimeUnit.NANOSECONDS);
    }

    private void cancelCloser() {
        ScheduledFuture<?> c = closer;
        if (c != null) {
            c.cancel(false);
        }
    }

    /** Wraps a monitor so JGit stops between work units once the deadline passed. */
    ProgressMonitor monitor(ProgressMonitor delegate) {
        return new ProgressMonitor() {
            @Override
            public void start(int totalTasks) {
                delegate.start(totalTasks);
            }

            @Override
            public void beginTask(String title, int totalWork) {
                delegate.beginTask(title, totalWork);
            }

            @Override
            public void update(int completed) {
                delegate.update(completed);
            }

            @Override
            public void endTask() {
                delegate.endTask();
            }

            @Override
            public boolean isCancelled() {
                return expired() || delegate.isCancelled();
            }

            @Override
            public void showDuration(boolean enabled) {
                delegate.showDuration(enabled);
            }
        };
    }

    @Override
    public void close() {
        cancelCloser();
        synchronized (this) {
            closed = true;
            if (interruptedOwner && Thread.currentThread() == owner) {
                Thread.interrupted(); // the interrupt was this deadline's, not the caller's
            }
        }
    }
}
