package dev.gitsource.testkit;

import static dev.gitsource.testkit.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.testkit.junit.EnabledIfCGit;
import dev.gitsource.testkit.junit.StartStop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Servers start in parallel on distinct ports, leave nothing behind, and the JUnit field annotation drives them. */
@EnabledIfCGit
class ServerLifecycleTest {
    /** Threads the JDK and JGit start once per JVM, not per server. */
    static final Set<String> JVM_WIDE = Set.of("process reaper", "JGit-WorkQueue");

    @StartStop static GitServer perClass = GitServer.builder().http().build();
    @StartStop GitServer perTest = GitServer.builder().git().build();
    @TempDir Path tmp;

    @Test
    void annotatedFieldsAreStarted() {
        String id = perClass.repository("a/b").file("x", "y").commit("c");
        assertThat(git(tmp, "ls-remote", perClass.httpUrl("a/b").toString())).contains(id);
        String other = perTest.repository("c/d").file("x", "z").commit("c");
        assertThat(git(tmp, "ls-remote", perTest.gitUrl("c/d").toString())).contains(other);
    }

    @Test
    void twentyServersInParallelWithoutClashOrLeak() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        long fdsBefore = openFiles();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<GitServer>> started = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            started.add(pool.submit(() -> GitServer.builder().http().git().ssh().start()));
        }
        List<GitServer> servers = new ArrayList<>();
        for (Future<GitServer> f : started) {
            servers.add(f.get());
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        Set<Integer> ports = new HashSet<>();
        List<Path> roots = new ArrayList<>();
        for (GitServer s : servers) {
            ports.add(s.httpUrl("r").getPort());
            ports.add(s.gitUrl("r").getPort());
            ports.add(s.sshUrl("r").getPort());
            roots.add(s.root());
            String id = s.repository("r").file("f", "f").commit("c");
            assertThat(git(tmp, "ls-remote", s.httpUrl("r").toString())).contains(id);
        }
        assertThat(ports).hasSize(60);
        servers.forEach(GitServer::close);
        roots.forEach(r -> assertThat(r).doesNotExist());
        // Threads a server started may still be on their way out: wait for each to end, then look again.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Thread t : newThreads(before)) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        assertThat(newThreads(before)).as("threads left after close").isEmpty();
        assertThat(openFiles()).isLessThanOrEqualTo(fdsBefore + 5);
        assertThatThrownBy(() -> servers.get(0).start()).isInstanceOf(IllegalStateException.class);
    }

    private static List<Thread> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && !JVM_WIDE.contains(t.getName())).toList();
    }

    private static long openFiles() throws Exception {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
