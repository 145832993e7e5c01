package dev.gitsource;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries an operation that failed with a {@linkplain GitTransportException#retryable()
 * retryable} error, with exponential backoff and full jitter, within the operation's
 * deadline. Opt-in: the default is {@link #none()}. A server's {@code Retry-After} (HTTP 429,
 * 503) replaces the backoff, if it is at most {@code maxBackoff}; a longer one ends the retries.
 *
 * @param maxAttempts attempts in all, at least 1 (1 means no retry)
 * @param initialBackoff the backoff ceiling before the second attempt
 * @param maxBackoff the largest backoff ceiling
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    /**
     * Validates the parts.
     *
     * @param maxAttempts see the record component
     * @param initialBackoff see the record component
     * @param maxBackoff see the record component
     */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff: " + initialBackoff + ", "
                    + maxBackoff);
        }
    }

    /** @return no retries */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /**
     * @param maxAttempts attempts in all
     * @return a policy backing off from 200 ms up to 5 s
     */
    public static RetryPolicy attempts(int maxAttempts) {
        return new RetryPolicy(maxAttempts, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    /**
     * @param attempt the attempt that just failed, starting at 1
     * @return how long to wait before the next one: uniformly random up to the ceiling
     */
    public Duration backoff(int attempt) {
        long ceiling = initialBackoff.toMillis() << Math.min(20, attempt - 1);
        ceiling = Math.min(ceiling, maxBackoff.toMillis());
        return Duration.ofMillis(ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1));
    }
}
