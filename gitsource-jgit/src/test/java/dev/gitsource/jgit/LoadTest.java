package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.CloneResult;
import dev.gitsource.GitSource;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.RepositoryFixture;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs in its own JVM with a 256 MiB heap (see the pom's {@code load} execution): many
 * clones and polls from one client, then heap, threads and file descriptors are back where
 * they started. The numbers are printed for the README.
 */
class LoadTest {
    private static final long MIB = 1 << 20;
    @TempDir Path tmp;

    @Test
    void twoHundredShallowClonesEightAtATimeIn256MiB() throws Exception {
        // -Dtest=LoadTest also runs it in the default execution's larger heap: only the load execution counts
        assumeTrue(Runtime.getRuntime().maxMemory() <= 260 * MIB, "runs in the pom's load execution (-Xmx256m)");
        GitServer.Backend backend = GitServer.isCGitAvailable() ? GitServer.Backend.C_GIT : GitServer.Backend.IN_JVM;
        try (GitServer server = GitServer.builder().http().backend(backend).start();
                GitSource git = GitSource.builder().timeout(Duration.ofMinutes(1)).build()) {
            RepositoryFixture repo = server.repository("org/app");
            for (int i = 0; i < 100; i++) {
                repo.file("src/f" + i + ".txt", ("line " + i + "\n").repeat(100));
            }
            repo.largeFile("blob.bin", 1_000_000).commit("one");
            repo.file("README", "two\n").commit("two");
            URI url = server.httpUrl("org/app");
            for (int i = 0; i < 8; i++) {
                cloneAndDelete(git, url, "warm" + i);
            }
            server.clearRequests();
            Sample before = Sample.now();

            ExecutorService pool = Executors.newFixedThreadPool(8);
            long start = System.nanoTime();
            List<Future<?>> clones = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String dir = "c" + i;
                clones.add(pool.submit(() -> cloneAndDelete(git, url, dir)));
            }
            for (Future<?> f : clones) {
                f.get(); // every clone succeeds
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            pool.shutdown();
            assertThat(pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            server.clearRequests();
            Sample after = Sample.settledAt(before);
            System.out.printf("LoadTest: 200 clones (%s backend), 8 at a time, in %d ms; %s -> %s%n",
                    backend, took.toMillis(), before, after);
            after.assertHeapNotAbove(before, 2 * MIB);
        }
    }

    @Test
    void twoThousandNoChangePollsDoNotGrowAnything() throws Exception {
        try (GitServer server = GitServer.builder().http().start(); GitSource git = GitSource.builder().build()) {
            server.repository("org/app").file("a.txt", "a\n").commit("one");
            URI url = server.httpUrl("org/app");
            CloneResult first = git.clone(url, options(tmp.resolve("first")));
            first.repository().close();
            CloneOptions poll = CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1)
                    .directory(tmp.resolve("never")).lastObservedRevision(first.revision()).build();
            for (int i = 0; i < 200; i++) {
                assertThat(git.clone(url, poll).unchanged()).isTrue();
            }
            server.clearRequests(); // the server's record of each exchange lives in this heap too
            Sample before = Sample.now();
            long start = System.nanoTime();
            for (int i = 0; i < 2_000; i++) {
                assertThat(git.clone(url, poll).unchanged()).isTrue();
            }
            long perPollMicros = (System.nanoTime() - start) / 2_000 / 1_000;
            server.clearRequests();
            Sample after = Sample.settledAt(before);
            System.out.printf("LoadTest: 2,000 no-change polls, %d us each; %s -> %s%n", perPollMicros, before, after);
            after.assertHeapNotAbove(before, MIB);
            assertThat(tmp.resolve("never")).doesNotExist();
        }
    }

    private void cloneAndDelete(GitSource git, URI url, String dir) {
        Path target = tmp.resolve(dir);
        CloneResult r = git.clone(url, options(target));
        r.repository().close();
        assertThat(target.resolve("blob.bin")).hasSize(1_000_000);
        try (Stream<Path> s = Files.walk(target)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static CloneOptions options(Path dir) {
        return CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1).directory(dir).build();
    }

    /** Heap in use after a full GC, and the client's threads and descriptors. */
    record Sample(long heapBytes, FaultMatrixTest.Resources resources) {
        static Sample now() throws IOException {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            return new Sample(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                    FaultMatrixTest.Resources.now());
        }

        /** Waits for connections and pools to wind down to {@code before}'s level (asserted), then samples. */
        static Sample settledAt(Sample before) throws Exception {
            FaultMatrixTest.Resources.awaitBackTo(before.resources);
            return now();
        }

        void assertHeapNotAbove(Sample before, long slack) {
            assertThat(heapBytes).as("heap after GC").isLessThanOrEqualTo(before.heapBytes + slack);
        }

        @Override
        public String toString() {
            return String.format("heap %.1f MiB, %d threads, %d fds", heapBytes / (double) MIB,
                    resources.threads().size(), resources.fds().size());
        }
    }
}
