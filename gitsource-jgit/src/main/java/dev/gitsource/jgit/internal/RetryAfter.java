package dev.gitsource.jgit.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The wait a rate-limiting server asked for: HTTP 429 or 503 with {@code Retry-After}, in
 * seconds or as an HTTP date (RFC 9110, section 10.2.3). One per attempt, filled in by its
 * connections ({@link JdkConnection}) as JGit reads their status, so the error the attempt
 * ends with can carry the wait (JGit's exception keeps only the status line).
 */
final class RetryAfter {
    /** Longer than any server means: a number this long is no wait we would honour. */
    private static final int MAX_DIGITS = 9;
    private volatile Duration asked;

    /** Notes the answer of one response. */
    void seen(int status, String retryAfter) {
        if (status == 429 || status == 503) {
            Duration d = parse(retryAfter, Instant.now());
            if (d != null) {
                asked = d;
            }
        }
    }

    /** @return the wait the last rate-limited answer asked for, or null if none did */
    Duration asked() {
        return asked;
    }

    /**
     * @param value a {@code Retry-After} value: delay seconds or an HTTP date
     * @param now the time the answer came
     * @return the wait (zero for a date in the past), or null if the value is absent or not understood
     */
    static Duration parse(String value, Instant now) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (!v.isEmpty() && v.length() <= MAX_DIGITS && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
