package dev.gitsource.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The requests a server served: every one of them, oldest first, and a queue of those no test
 * has taken yet. The fronts record a request once all about it is known and before its
 * response ends, so a client that has read a whole response finds its request here. Waiting
 * is on a condition that each new record signals, never a sleep.
 */
final class RequestRecorder {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition recorded = lock.newCondition();
    private final List<RecordedRequest> all = new ArrayList<>();
    private final LinkedList<RecordedRequest> untaken = new LinkedList<>();

    /** Records a request whose exchange is complete: it is not read again. */
    void record(Exchange exchange) {
        RecordedRequest request = exchange.record();
        lock.lock();
        try {
            all.add(request);
            untaken.add(request);
            recorded.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param wait how long to wait
     * @return the oldest request not taken yet, now taken
     * @throws IllegalStateException if none arrives in time
     */
    RecordedRequest take(Duration wait) {
        RecordedRequest r = poll(request -> true, wait);
        if (r == null) {
            throw new IllegalStateException("no request within " + wait);
        }
        return r;
    }

    /**
     * @param matching what the request must be
     * @param wait how long to wait
     * @return the oldest request not taken yet that matches, now taken; the others stay
     * @throws AssertionError if none arrives in time
     */
    RecordedRequest await(Predicate<RecordedRequest> matching, Duration wait) {
        RecordedRequest r = poll(matching, wait);
        if (r == null) {
            throw new AssertionError("no matching request within " + wait + "; not taken: " + untaken());
        }
        return r;
    }

    /**
     * @param window how long nothing may arrive
     * @throws AssertionError as soon as a request that was not taken is there
     */
    void assertNoMore(Duration window) {
        long left = window.toNanos();
        lock.lock();
        try {
            while (untaken.isEmpty() && left > 0) {
                left = recorded.awaitNanos(left);
            }
            if (!untaken.isEmpty()) {
                throw new AssertionError("a request nobody took: " + untaken.getFirst()
                        + (untaken.size() > 1 ? " (and " + (untaken.size() - 1) + " more)" : ""));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            lock.unlock();
        }
    }

    private RecordedRequest poll(Predicate<RecordedRequest> matching, Duration wait) {
        long left = wait.toNanos();
        lock.lock();
        try {
            while (true) {
                for (Iterator<RecordedRequest> it = untaken.iterator(); it.hasNext(); ) {
                    RecordedRequest r = it.next();
                    if (matching.test(r)) {
                        it.remove();
                        return r;
                    }
                }
                if (left <= 0) {
                    return null;
                }
                left = recorded.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            lock.unlock();
        }
    }

    /** @return every request recorded since the last {@link #clear()}, oldest first */
    List<RecordedRequest> all() {
        lock.lock();
        try {
            return List.copyOf(all);
        } finally {
            lock.unlock();
        }
    }

    private List<RecordedRequest> untaken() {
        lock.lock();
        try {
            return List.copyOf(untaken);
        } finally {
            lock.unlock();
        }
    }

    /** Forgets every request, taken or not. */
    void clear() {
        lock.lock();
        try {
            all.clear();
            untaken.clear();
        } finally {
            lock.unlock();
        }
    }
}
