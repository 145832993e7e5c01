package dev.gitsource.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Something a {@link GitServer} does wrong on purpose, for the next requests that match:
 * answer with an HTTP status, delay the first byte, throttle, drop the connection after N
 * bytes of the response, stall forever, send another pack than the backend made, refuse
 * SSH authentication, rate-limit (a status with {@code Retry-After}), hold requests until
 * the test releases them (counting how many are held at once), pause a response after some
 * bytes until the test releases it, or (with {@code lfs()}) send a
 * corrupt Git LFS object or none.
 */
public final class Fault {
    /** What goes wrong. */
    public enum Kind {
        /** Answer with an HTTP status and no body. */
        HTTP_STATUS,
        /** Wait before the first byte of the response. */
        DELAY_FIRST_BYTE,
        /** Send the response at a limited rate. */
        THROTTLE,
        /** Close the connection after some bytes of the response. */
        DROP_AFTER_BYTES,
        /** Never answer, until the server stops. */
        STALL,
        /** Refuse every SSH authentication. */
        REFUSE_SSH_AUTH,
        /** Close the SSH connection while the client authenticates. */
        DROP_SSH_DURING_AUTH,
        /** Send a rewritten pack in place of the one the backend made (smart HTTP only). */
        REWRITE_PACK,
        /** Answer with an HTTP status (429, 503) and a {@code Retry-After} header (smart HTTP only). */
        RATE_LIMITED,
        /** Wait until a latch is released, then serve the request (smart HTTP only). */
        HOLD,
        /** Send some bytes of the response, wait until a latch is released, then send the rest (smart HTTP only). */
        PAUSE_AFTER_BYTES,
        /** Send Git LFS objects with one byte changed: the right size, the wrong SHA-256 (needs {@code lfs()}). */
        LFS_CORRUPT_OBJECT,
        /** Answer every object of a Git LFS batch request with error 404 (needs {@code lfs()}). */
        LFS_MISSING_OBJECT
    }

    final Kind kind;
    final long value;
    final String command;
    final UnaryOperator<byte[]> packRewrite;
    /** The {@code Retry-After} value of {@link Kind#RATE_LIMITED}. */
    final String retryAfter;
    /** What {@link Kind#HOLD} waits for. */
    private final CountDownLatch release;
    private final AtomicInteger remaining;
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger mostHeld = new AtomicInteger();

    private Fault(Kind kind, long value, String command, int times) {
        this(kind, value, command, times, null, null, null);
    }

    private Fault(Kind kind, long value, String command, int times, UnaryOperator<byte[]> packRewrite,
            String retryAfter, CountDownLatch release) {
        this.kind = kind;
        this.value = value;
        this.command = command;
        this.remaining = new AtomicInteger(times);
        this.packRewrite = packRewrite;
        this.retryAfter = retryAfter;
        this.release = release;
    }

    /**
     * @param status the HTTP status, such as 503
     * @return a fault that answers with it
     */
    public static Fault httpStatus(int status) {
        return new Fault(Kind.HTTP_STATUS, status, null, Integer.MAX_VALUE);
    }

    /** @return a fault that sends Git LFS objects with the right size and the wrong SHA-256 */
    public static Fault lfsCorruptObject() {
        return new Fault(Kind.LFS_CORRUPT_OBJECT, 0, "download", Integer.MAX_VALUE);
    }

    /** @return a fault that answers Git LFS batch requests as if the server had none of the objects */
    public static Fault lfsMissingObject() {
        return new Fault(Kind.LFS_MISSING_OBJECT, 0, "batch", Integer.MAX_VALUE);
    }

    /**
     * @param delay how long to wait
     * @return a fault that delays the response
     */
    public static Fault delayFirstByte(Duration delay) {
        return new Fault(Kind.DELAY_FIRST_BYTE, delay.toMillis(), null, Integer.MAX_VALUE);
    }

    /**
     * @param bytesPerSecond the rate
     * @return a fault that sends slowly
     */
    public static Fault throttle(long bytesPerSecond) {
        return new Fault(Kind.THROTTLE, bytesPerSecond, null, Integer.MAX_VALUE);
    }

    /**
     * @param bytes how many response bytes go out before the connection drops
     * @return a fault that cuts the response (use {@link #onFetch()} to cut the pack)
     */
    public static Fault dropAfterBytes(long bytes) {
        return new Fault(Kind.DROP_AFTER_BYTES, bytes, null, Integer.MAX_VALUE);
    }

    /** @return a fault that never answers */
    public static Fault stall() {
        return new Fault(Kind.STALL, 0, null, Integer.MAX_VALUE);
    }

    /**
     * A hostile or broken server: the pack the backend made for a fetch is handed to
     * {@code rewrite} and what it returns is sent instead, in the same protocol framing.
     * See {@link CraftedPacks} for corrupt, truncated and oversized packs. Smart HTTP only.
     *
     * @param rewrite turns the real pack (starting with {@code PACK}) into the one to send
     * @return a fault for requests that fetch a pack
     */
    public static Fault rewritePack(UnaryOperator<byte[]> rewrite) {
        return new Fault(Kind.REWRITE_PACK, 0, "fetch", Integer.MAX_VALUE, Objects.requireNonNull(rewrite, "rewrite"),
                null, null);
    }

    /**
     * A server that rate-limits: answers with the status and {@code Retry-After: retryAfter}.
     *
     * @param status the HTTP status, such as 429 or 503
     * @param retryAfter the header's value: delay seconds ({@code "2"}) or an HTTP date
     * @return a fault for every matching request (limit it with {@link #times(int)})
     */
    public static Fault rateLimited(int status, String retryAfter) {
        return new Fault(Kind.RATE_LIMITED, status, null, Integer.MAX_VALUE, null,
                Objects.requireNonNull(retryAfter, "retryAfter"), null);
    }

    /**
     * Holds each matching request until {@code release} is counted down (or the server stops),
     * then serves it; {@link #held()} and {@link #mostHeld()} count the requests it holds, for
     * tests of how many a client sends at once. Requests that arrive after the release pass
     * straight through, still counted while they are served.
     *
     * @param release the latch the test counts down
     * @return a fault for every matching request
     */
    public static Fault hold(CountDownLatch release) {
        return new Fault(Kind.HOLD, 0, null, Integer.MAX_VALUE, null, null, Objects.requireNonNull(release, "release"));
    }

    /**
     * Sends the first {@code bytes} of each matching response, then holds the rest until
     * {@code release} is counted down (or the server stops): a test sees what a client does
     * with part of a pack. {@link #held()} counts the responses paused now.
     *
     * @param bytes how many response bytes go out before the pause
     * @param release the latch the test counts down
     * @return a fault for every matching request (use {@link #onFetch()} to pause the pack)
     */
    public static Fault pauseAfterBytes(long bytes, CountDownLatch release) {
        return new Fault(Kind.PAUSE_AFTER_BYTES, bytes, null, Integer.MAX_VALUE, null, null,
                Objects.requireNonNull(release, "release"));
    }

    /** @return the requests this fault holds or serves now */
    public int held() {
        return held.get();
    }

    /** @return the most requests this fault held or served at once */
    public int mostHeld() {
        return mostHeld.get();
    }

    /**
     * Waits until this fault holds at least {@code n} requests.
     *
     * @param n how many
     * @param timeout how long to wait at most
     * @throws AssertionError if fewer are held when the time is up
     */
    public void awaitHeld(int n, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (held) {
            while (held.get() < n) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + n + " held requests within " + timeout + ", have " + held.get());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(held, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for held requests", e);
                }
            }
        }
    }

    /** A request enters: counted, and held until the release (which the server's stop also gives). */
    void enter() {
        synchronized (held) {
            mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
            held.notifyAll();
        }
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A request that {@link #enter} let through is done. */
    void exit() {
        held.decrementAndGet();
    }

    /** Lets every held request go: the server is stopping. */
    void release() {
        if (release != null) {
            release.countDown();
        }
    }

    /** @return a fault that closes the SSH connection in the middle of the client's authentication */
    public static Fault dropSshDuringAuth() {
        return new Fault(Kind.DROP_SSH_DURING_AUTH, 0, null, Integer.MAX_VALUE);
    }

    /** @return a fault that refuses every SSH login */
    public static Fault refuseSshAuth() {
        return new Fault(Kind.REFUSE_SSH_AUTH, 0, null, Integer.MAX_VALUE);
    }

    /**
     * @param n how many matching requests get the fault; later ones are served normally
     * @return the same fault, limited
     */
    public Fault times(int n) {
        return new Fault(kind, value, command, n, packRewrite, retryAfter, release);
    }

    /** @return the same fault, only for requests that fetch a pack */
    public Fault onFetch() {
        return on("fetch");
    }

    /** @return the same fault, only for Git LFS batch requests */
    public Fault onLfsBatch() {
        return on("batch");
    }

    /** @return the same fault, only for Git LFS object downloads */
    public Fault onLfsDownload() {
        return on("download");
    }

    private Fault on(String requestCommand) {
        return new Fault(kind, value, requestCommand, remaining.get(), packRewrite, retryAfter, release);
    }

    /** @return whether the fault is about SSH authentication rather than a request */
    boolean isSshAuthentication() {
        return kind == Kind.REFUSE_SSH_AUTH || kind == Kind.DROP_SSH_DURING_AUTH;
    }

    /** Takes one use of the fault if it applies to a request with this command. */
    boolean take(String requestCommand) {
        if (command != null && !command.equals(requestCommand)) {
            return false;
        }
        return remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    /** @return the kind */
    public Kind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return "Fault[" + kind + " " + value + (retryAfter == null ? "" : " Retry-After " + retryAfter)
                + (command == null ? "" : " on " + command) + "]";
    }
}
