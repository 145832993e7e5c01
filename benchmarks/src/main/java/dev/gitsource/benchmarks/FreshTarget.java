package dev.gitsource.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A new empty directory for each invocation, deleted after it, so every clone, export or
 * index-pack starts from nothing and the disk does not fill up during a trial. Take it as a
 * parameter of the {@code @Benchmark} method; a subclass that needs more than an empty
 * directory overrides {@link #prepare(Path)} (a {@code @Setup} method of the benchmark taking
 * this state gets another instance than the benchmark method does).
 */
@State(Scope.Thread)
public class FreshTarget {
    private Path root;
    private Path dir;
    private int count;

    @Setup(Level.Trial)
    public void createRoot() throws IOException {
        root = Files.createTempDirectory("gitsource-bench-targets-");
    }

    @Setup(Level.Invocation)
    public void createDirectory() throws IOException, InterruptedException {
        dir = Files.createDirectory(root.resolve("t" + count++));
        prepare(dir);
    }

    /** Readies the new directory before the invocation; nothing by default. */
    protected void prepare(Path dir) throws IOException, InterruptedException {}

    @TearDown(Level.Invocation)
    public void deleteDirectory() throws IOException {
        deleteTree(dir);
    }

    @TearDown(Level.Trial)
    public void deleteRoot() throws IOException {
        deleteTree(root);
    }

    /** @return this invocation's directory: it exists and is empty */
    public Path dir() {
        return dir;
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
