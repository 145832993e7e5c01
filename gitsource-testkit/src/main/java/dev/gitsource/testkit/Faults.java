package dev.gitsource.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * The faults a test asked a server for, taken one use at a time by the requests they match,
 * and the stall they may call for, which lasts until the server stops.
 */
final class Faults {
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    void add(Fault fault) {
        faults.add(fault);
    }

    void clear() {
        faults.clear();
    }

    /**
     * @param command the request's command ({@code advertise}, {@code ls-refs}, {@code fetch}, ...)
     * @return the first request fault that applies to it, one use taken, or null
     */
    Fault takeForRequest(String command) {
        for (Fault f : faults) {
            if (!f.isSshAuthentication() && f.take(command)) {
                return f;
            }
        }
        return null;
    }

    /**
     * @param kind {@link Fault.Kind#REFUSE_SSH_AUTH} or {@link Fault.Kind#DROP_SSH_DURING_AUTH}
     * @return whether a fault of that kind had a use left, now taken
     */
    boolean takeSshAuthentication(Fault.Kind kind) {
        return faults.stream().anyMatch(f -> f.kind == kind && f.take(null));
    }

    /** Blocks the calling request until the server stops (or the thread is interrupted). */
    void stall() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends every stall and hold, now and later: the server is stopping. */
    void releaseStalls() {
        stopped.countDown();
        faults.forEach(Fault::release);
    }
}
