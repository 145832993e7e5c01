package dev.gitsource.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A process run to its end or to its timeout, for tests that run programs (C git, the CLI's
 * jar). Standard output and error are read while it runs, each on a thread of its own, so a
 * full pipe cannot stall it; at the timeout the process and its children are killed, and what
 * they wrote until then is kept.
 *
 * @param exitCode the exit status, or -1 if the timeout ended the process
 * @param stdout standard output (with standard error when the builder merges them), as UTF-8
 * @param stderr standard error, as UTF-8; empty when merged into {@code stdout}
 * @param timedOut whether the timeout ended the process
 */
public record ProcessRun(int exitCode, String stdout, String stderr, boolean timedOut) {
    /** How long the output may still come after the process ended: a child may hold the pipes. */
    private static final Duration DRAIN = Duration.ofSeconds(10);

    /**
     * Runs a process with nothing on its standard input.
     *
     * @param process what to run, where, with which environment and redirections
     * @param timeout how long it may run
     * @return how it ended and what it wrote
     * @throws UncheckedIOException if it cannot be started
     */
    public static ProcessRun run(ProcessBuilder process, Duration timeout) {
        return run(process, null, timeout);
    }

    /**
     * Runs a process, writing bytes to its standard input (on a thread, as it may write output
     * before it reads them all) and then closing it.
     *
     * @param process what to run, where, with which environment and redirections
     * @param stdin the bytes for its standard input, or null for none
     * @param timeout how long it may run
     * @return how it ended and what it wrote
     * @throws UncheckedIOException if it cannot be started
     */
    public static ProcessRun run(ProcessBuilder process, byte[] stdin, Duration timeout) {
        Process p;
        try {
            p = process.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + process.command(), e);
        }
        Drain out = new Drain(p.getInputStream(), "stdout");
        Drain err = new Drain(p.getErrorStream(), "stderr");
        Thread writer = new Thread(() -> {
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            } catch (IOException ignored) {
                // the process stopped reading; its exit status tells why
            }
        }, "process-stdin");
        writer.setDaemon(true);
        writer.start();
        try {
            boolean exited = p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (!exited) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(DRAIN.toNanos(), TimeUnit.NANOSECONDS);
            }
            writer.join(DRAIN.toMillis());
            out.await();
            err.await();
            return new ProcessRun(exited ? p.exitValue() : -1, out.text(), err.text(), !exited);
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + process.command(), e);
        }
    }

    /** Reads one stream to its end on a thread of its own, keeping what arrived so far. */
    private static final class Drain {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread thread;

        Drain(InputStream in, String name) {
            thread = new Thread(() -> {
                byte[] buf = new byte[8192];
                try (in) {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        synchronized (bytes) {
                            bytes.write(buf, 0, n);
                        }
                    }
                } catch (IOException ignored) {
                    // the stream ended with the process
                }
            }, "process-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        void await() throws InterruptedException {
            thread.join(DRAIN.toMillis());
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
