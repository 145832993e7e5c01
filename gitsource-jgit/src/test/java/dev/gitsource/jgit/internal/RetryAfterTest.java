package dev.gitsource.jgit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Retry-After as RFC 9110 defines it: delay seconds or an HTTP date. */
class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void delaySecondsAndHttpDates() {
        assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofMinutes(2));
        assertThat(RetryAfter.parse(" 0 ", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("Tue, 01 Dec 2026 10:00:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Tue, 01 Dec 2026 09:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void whatIsNotUnderstoodIsNoWait() {
        assertThat(RetryAfter.parse(null, NOW)).isNull();
        assertThat(RetryAfter.parse("", NOW)).isNull();
        assertThat(RetryAfter.parse("-5", NOW)).isNull();
        assertThat(RetryAfter.parse("1.5", NOW)).isNull();
        assertThat(RetryAfter.parse("99999999999999999999", NOW)).isNull();
        assertThat(RetryAfter.parse("soon", NOW)).isNull();
    }

    @Test
    void onlyRateLimitingAnswersCount() {
        RetryAfter r = new RetryAfter();
        r.seen(500, "5");
        assertThat(r.asked()).isNull();
        r.seen(429, "5");
        assertThat(r.asked()).isEqualTo(Duration.ofSeconds(5));
    }
}
