package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitEventListener;
import dev.gitsource.GitSource;
import dev.gitsource.GitTransportException;
import dev.gitsource.RetryPolicy;
import dev.gitsource.testkit.Fault;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.RecordedRequest;
import dev.gitsource.testkit.junit.StartStop;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP 429 and 503 with Retry-After: retried after the server's wait, within the policy and the deadline. */
class RateLimitTest {
    /** A policy whose own backoff is zero: any wait the clone takes is the server's. */
    private static final RetryPolicy NO_BACKOFF = new RetryPolicy(3, Duration.ZERO, Duration.ofSeconds(5));
    @StartStop GitServer server = GitServer.builder().http().build();
    @TempDir Path tmp;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final GitEventListener listener = new GitEventListener() {
        @Override
        public void retrying(URI remote, GitTransportException error, int attempt, Duration wait) {
            waits.add(wait);
        }
    };
    private URI url;

    @BeforeEach
    void repository() {
        server.repository("org/app").file("a.txt", "1").commit("one");
        url = server.httpUrl("org/app");
    }

    private CloneOptions clone(String dir) {
        return CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1).directory(tmp.resolve(dir)).build();
    }

    private GitSource client(RetryPolicy retry, Duration timeout) {
        return GitSource.builder().retry(retry).timeout(timeout).listener(listener).build();
    }

    private List<Integer> statuses() {
        return server.requests().stream().map(RecordedRequest::status).toList();
    }

    @Test
    void a429IsRetriedAfterTheSecondsTheServerAsks() {
        server.fault(Fault.rateLimited(429, "1").times(1));
        try (GitSource git = client(NO_BACKOFF, Duration.ofSeconds(30))) {
            long start = System.nanoTime();
            git.clone(url, clone("c")).repository().close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(waits).containsExactly(Duration.ofSeconds(1));
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofSeconds(6));
            List<Integer> statuses = statuses();
            assertThat(statuses.get(0)).isEqualTo(429);
            assertThat(statuses.subList(1, statuses.size())).isNotEmpty().containsOnly(200);
            assertThat(tmp.resolve("c/a.txt")).hasContent("1");
        }
    }

    @Test
    void a503OnTheFetchIsRetriedAfterTheHttpDateTheServerNames() {
        // An HTTP date has whole seconds: 3 s from now is a wait of 2 to 3 s.
        String at = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3));
        server.fault(Fault.rateLimited(503, at).onFetch().times(1));
        try (GitSource git = client(NO_BACKOFF, Duration.ofSeconds(30))) {
            long start = System.nanoTime();
            git.clone(url, clone("c")).repository().close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(waits).hasSize(1);
            assertThat(waits.get(0)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
            assertThat(took).isGreaterThanOrEqualTo(waits.get(0));
            assertThat(server.requests().stream().filter(RecordedRequest::isFetch).map(RecordedRequest::status))
                    .containsExactly(503, 200);
        }
    }

    @Test
    void withoutARetryPolicyTheErrorCarriesTheWait() {
        server.fault(Fault.rateLimited(429, "30"));
        try (GitSource git = client(RetryPolicy.none(), Duration.ofSeconds(30))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> git.clone(url, clone("c")))
                    .isInstanceOfSatisfying(GitTransportException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
                        assertThat(e.getMessage()).contains("429", "retry after 30 s");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(statuses()).containsExactly(429);
            assertThat(waits).isEmpty();
            assertThat(tmp.resolve("c")).doesNotExist();
        }
    }

    @Test
    void aWaitPastTheDeadlineFailsAtOnceInsteadOfSleepingIntoIt() {
        assertFailsAtOnce(Fault.rateLimited(503, "20"), new RetryPolicy(3, Duration.ZERO, Duration.ofMinutes(1)),
                Duration.ofSeconds(10), Duration.ofSeconds(20), "retry after 20 s", "not retried", "deadline of 10 s");
    }

    @Test
    void aWaitLongerThanThePolicysMaxBackoffIsNotWaitedFor() {
        assertFailsAtOnce(Fault.rateLimited(429, "3"), new RetryPolicy(3, Duration.ZERO, Duration.ofSeconds(1)),
                Duration.ofSeconds(30), Duration.ofSeconds(3), "not retried", "maxBackoff of 1 s");
    }

    private void assertFailsAtOnce(Fault fault, RetryPolicy policy, Duration timeout, Duration asked, String... message) {
        server.fault(fault);
        try (GitSource git = client(policy, timeout)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> git.clone(url, clone("c")))
                    .isInstanceOfSatisfying(GitTransportException.class, e -> {
                        assertThat(e.retryAfter()).contains(asked);
                        assertThat(e.getMessage()).contains(message);
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(asked);
            assertThat(statuses()).hasSize(1);
            assertThat(waits).isEmpty();
            assertThat(tmp.resolve("c")).doesNotExist();
        }
    }
}
