package dev.gitsource.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Output read while the process runs, and a timeout that ends it and its children. */
class ProcessRunTest {
    @Test
    void aProcessThatFillsBothPipesDoesNotStall() {
        // 1 MiB on each stream, far more than a pipe holds, written before the process exits
        ProcessRun r = ProcessRun.run(new ProcessBuilder("sh", "-c",
                "head -c 1048576 /dev/zero | tr '\\0' o; head -c 1048576 /dev/zero | tr '\\0' e >&2; exit 3"),
                Duration.ofSeconds(60));
        assertThat(r.timedOut()).isFalse();
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).hasSize(1 << 20).matches("o+");
        assertThat(r.stderr()).hasSize(1 << 20).matches("e+");
    }

    @Test
    void theTimeoutEndsTheProcessAndItsChildrenAndKeepsWhatTheyWrote() throws Exception {
        long start = System.nanoTime();
        ProcessRun r = ProcessRun.run(new ProcessBuilder("sh", "-c", "sleep 600 & echo $!; wait"), Duration.ofMillis(500));
        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitCode()).isEqualTo(-1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
        long child = Long.parseLong(r.stdout().trim());
        ProcessHandle.of(child).ifPresent(h -> h.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
    }

    @Test
    void standardInputIsWrittenThenClosed() {
        ProcessRun r = ProcessRun.run(new ProcessBuilder("cat"), "piped".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(30));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo("piped");
    }
}
