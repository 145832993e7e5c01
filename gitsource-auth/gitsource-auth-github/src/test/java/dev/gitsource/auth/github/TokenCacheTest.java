package dev.gitsource.auth.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.GitTransportException;
import dev.gitsource.auth.GitCredentials;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When the cache mints, and that it mints once however many threads ask, with a hand-moved clock. */
class TokenCacheTest {
    private static final Duration MARGIN = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    /** The afterRefusal flag of each mint, in order. */
    private final List<Boolean> mints = new CopyOnWriteArrayList<>();
    /** Each mint's token lives this long; null: no expiry. */
    private volatile Duration lifetime = Duration.ofHours(1);
    /** Non-null: the mint counts down {@code entered}, then waits for this before it answers. */
    private volatile CountDownLatch release;
    private final CountDownLatch entered = new CountDownLatch(1);
    /** Non-null: the mint throws this (once) instead of answering. */
    private final AtomicReference<RuntimeException> failNext = new AtomicReference<>();
    private final List<Thread> started = new ArrayList<>();

    private final TokenCache cache = new TokenCache(clock, MARGIN, afterRefusal -> {
        mints.add(afterRefusal);
        CountDownLatch gate = release;
        if (gate != null) {
            entered.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        RuntimeException failure = failNext.getAndSet(null);
        if (failure != null) {
            throw failure;
        }
        Duration life = lifetime;
        return new GitCredentials.Basic("x-access-token", "token-" + mints.size(),
                life == null ? null : clock.instant().plus(life));
    });

    @AfterEach
    void stopThreads() throws InterruptedException {
        CountDownLatch gate = release;
        if (gate != null) {
            gate.countDown();
        }
        for (Thread t : started) {
            t.interrupt();
            t.join(10_000);
        }
    }

    private static String password(GitCredentials.Basic c) {
        return c.password();
    }

    /** Calls the cache on a thread of its own. */
    private FutureTask<GitCredentials.Basic> call(boolean refused) {
        FutureTask<GitCredentials.Basic> task = new FutureTask<>(() -> cache.get(refused));
        Thread t = new Thread(task, "token-cache-test-" + started.size());
        started.add(t);
        t.start();
        return task;
    }

    /**
     * Waits until a mint is held at {@link #release} and {@code callers} more threads are parked
     * (on the mint in flight: the only other place a caller can wait).
     */
    private void awaitParked(int callers) throws InterruptedException {
        assertThat(entered.await(10, TimeUnit.SECONDS)).as("a mint started").isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (started.stream().filter(t -> t.getState() == Thread.State.WAITING).count() < callers + 1) {
            assertThat(System.nanoTime()).as("callers parked").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void aTokenIsKeptUntilItIsWithinTheMarginOfItsExpiry() {
        GitCredentials.Basic first = cache.get(false);
        clock.advance(Duration.ofMinutes(54).plusSeconds(59));
        assertThat(cache.get(false)).isSameAs(first);

        clock.advance(Duration.ofSeconds(1)); // exactly the margin left
        GitCredentials.Basic second = cache.get(false);

        assertThat(password(second)).isEqualTo("token-2");
        assertThat(mints).containsExactly(false, false);
    }

    @Test
    void aRefusalForcesANewTokenAndTheMintIsToldSo() {
        cache.get(false);
        GitCredentials.Basic fresh = cache.get(true);

        assertThat(password(fresh)).isEqualTo("token-2");
        assertThat(cache.get(false)).isSameAs(fresh);
        assertThat(mints).containsExactly(false, true);
    }

    @Test
    void aTokenWithoutExpiryIsKeptUntilRefused() {
        lifetime = null;
        GitCredentials.Basic first = cache.get(false);
        clock.advance(Duration.ofDays(400));

        assertThat(cache.get(false)).isSameAs(first);
        assertThat(password(cache.get(true))).isEqualTo("token-2");
    }

    @Test
    void aTokenShorterThanTheMarginIsMintedEachTime() {
        lifetime = MARGIN.minusSeconds(1);

        assertThat(password(cache.get(false))).isEqualTo("token-1");
        assertThat(password(cache.get(false))).isEqualTo("token-2");
    }

    @Test
    void aFailedMintIsNotKept() {
        GitTransportException down = new GitTransportException("GitHub is down", true, null);
        failNext.set(down);

        assertThatThrownBy(() -> cache.get(false)).isSameAs(down);
        assertThat(password(cache.get(false))).isEqualTo("token-2");
        assertThat(mints).hasSize(2);
    }

    @Test
    void aFailedRefreshDropsTheExpiringToken() {
        cache.get(false);
        clock.advance(Duration.ofMinutes(56));
        failNext.set(new GitTransportException("GitHub is down", true, null));

        assertThatThrownBy(() -> cache.get(false)).isInstanceOf(GitTransportException.class);
        assertThat(password(cache.get(false))).isEqualTo("token-3");
    }

    @Test
    void concurrentCallersShareOneMint() throws Exception {
        release = new CountDownLatch(1);
        List<FutureTask<GitCredentials.Basic>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(call(false));
        }
        awaitParked(7);
        release.countDown();

        for (FutureTask<GitCredentials.Basic> c : calls) {
            assertThat(password(c.get(10, TimeUnit.SECONDS))).isEqualTo("token-1");
        }
        assertThat(mints).containsExactly(false);
    }

    @Test
    void aRefusalDuringAMintTakesThatMintsToken() throws Exception {
        release = new CountDownLatch(1);
        FutureTask<GitCredentials.Basic> expiring = call(false);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        FutureTask<GitCredentials.Basic> refused = call(true);
        awaitParked(1);
        release.countDown();

        // The token in flight was never handed out, so it cannot be the refused one.
        assertThat(refused.get(10, TimeUnit.SECONDS)).isSameAs(expiring.get(10, TimeUnit.SECONDS));
        assertThat(mints).containsExactly(false);
    }

    @Test
    void waitersGetTheMintsFailureAndTheNextCallMintsAgain() throws Exception {
        release = new CountDownLatch(1);
        GitTransportException down = new GitTransportException("GitHub is down", true, null);
        failNext.set(down);
        FutureTask<GitCredentials.Basic> minting = call(false);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        FutureTask<GitCredentials.Basic> waiting = call(false);
        awaitParked(1);
        release.countDown();

        for (FutureTask<GitCredentials.Basic> c : List.of(minting, waiting)) {
            assertThatThrownBy(() -> c.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).satisfies(e -> assertThat(e.getCause()).isSameAs(down));
        }
        assertThat(password(cache.get(false))).isEqualTo("token-2");
    }

    @Test
    void anInterruptedWaiterStopsWaitingAndKeepsItsInterrupt() throws Exception {
        release = new CountDownLatch(1);
        call(false);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue(); // else the waiter could be the one minting
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> interrupted = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                cache.get(false);
            } catch (RuntimeException e) {
                thrown.set(e);
                interrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        started.add(waiter);
        waiter.start();
        awaitParked(1);

        waiter.interrupt();
        waiter.join(10_000);

        assertThat(thrown.get()).isInstanceOf(GitTransportException.class).hasMessageContaining("interrupted");
        assertThat(interrupted.get()).isTrue();
    }
}
