package dev.gitsource.testkit;

import static dev.gitsource.testkit.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Taking, awaiting and asserting the absence of requests: on a condition, in order, with nothing lost. */
class RequestRecorderTest {
    private static final Duration LONG = Duration.ofSeconds(30);
    private final RequestRecorder recorder = new RequestRecorder();
    @TempDir Path tmp;

    private static Exchange exchange(String command) {
        Exchange e = new Exchange("http");
        e.service = "git-upload-pack";
        e.command = command;
        return e;
    }

    @Test
    void takeGivesTheOldestAndTimesOutWithIllegalState() {
        recorder.record(exchange("advertise"));
        recorder.record(exchange("ls-refs"));
        assertThat(recorder.take(LONG).command()).isEqualTo("advertise");
        assertThat(recorder.take(LONG).command()).isEqualTo("ls-refs");
        assertThatThrownBy(() -> recorder.take(Duration.ZERO)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no request");
        assertThat(recorder.all()).extracting(RecordedRequest::command).containsExactly("advertise", "ls-refs");
    }

    @Test
    void awaitTakesTheFirstMatchAndLeavesTheOthers() {
        recorder.record(exchange("advertise"));
        recorder.record(exchange("fetch"));
        recorder.record(exchange("fetch"));
        assertThat(recorder.await(RecordedRequest::isFetch, LONG).command()).isEqualTo("fetch");
        assertThat(recorder.take(LONG).command()).isEqualTo("advertise");
        assertThat(recorder.take(LONG).command()).isEqualTo("fetch");
    }

    @Test
    void awaitReturnsARequestRecordedWhileItWaits() throws Exception {
        CompletableFuture<RecordedRequest> awaited = CompletableFuture.supplyAsync(
                () -> recorder.await(RecordedRequest::isLsRefs, LONG));
        recorder.record(exchange("advertise"));
        recorder.record(exchange("ls-refs"));
        assertThat(awaited.get().command()).isEqualTo("ls-refs");
    }

    @Test
    void awaitFailsWithAnAssertionNamingWhatCame() {
        recorder.record(exchange("advertise"));
        assertThatThrownBy(() -> recorder.await(RecordedRequest::isFetch, Duration.ofMillis(20)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("advertise");
    }

    @Test
    void assertNoMoreFailsAtOnceForALeftoverAndPassesWhenNothingCame() {
        recorder.assertNoMore(Duration.ofMillis(20));
        recorder.record(exchange("fetch"));
        long start = System.nanoTime();
        assertThatThrownBy(() -> recorder.assertNoMore(LONG)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("fetch");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LONG);
        recorder.take(LONG);
        recorder.assertNoMore(Duration.ZERO);
    }

    @Test
    void assertNoMoreFailsWhenARequestArrivesDuringTheWindow() throws Exception {
        CompletableFuture<Throwable> window = CompletableFuture.supplyAsync(() -> {
            try {
                recorder.assertNoMore(LONG);
                return null;
            } catch (AssertionError e) {
                return e;
            }
        });
        recorder.record(exchange("push"));
        assertThat(window.get()).isInstanceOf(AssertionError.class).hasMessageContaining("push");
    }

    @Test
    void clearForgetsTakenAndUntaken() {
        recorder.record(exchange("fetch"));
        recorder.clear();
        assertThat(recorder.all()).isEmpty();
        recorder.assertNoMore(Duration.ZERO);
    }

    /** The server's promise: once the client has the whole response, its request is recorded. */
    @Test
    @dev.gitsource.testkit.junit.EnabledIfCGit
    void aServedRequestIsRecordedBeforeTheClientHasItsResponse() {
        try (GitServer server = GitServer.builder().http().start()) {
            String id = server.repository("org/app").file("a", "a").commit("c");
            String url = server.httpUrl("org/app").toString();
            for (int i = 0; i < 10; i++) {
                server.clearRequests();
                assertThat(git(tmp, "-c", "protocol.version=2", "ls-remote", url)).contains(id);
                assertThat(server.requests()).extracting(RecordedRequest::command).containsExactly("advertise", "ls-refs");
            }
            assertThat(server.awaitRequest(RecordedRequest::isLsRefs, LONG).refPrefixes()).isEmpty();
            assertThat(server.takeRequest().command()).isEqualTo("advertise");
            server.assertNoMoreRequests(Duration.ofMillis(50));
        }
    }
}
