package dev.gitsource.benchmarks;

import dev.gitsource.testkit.GitServer;
import java.nio.file.Path;

/**
 * Writes one shape as a bare repository packed by {@code git gc}, for whole-process comparisons
 * (such as {@code cold-start.sh}) that serve it with C git.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.gitsource.benchmarks.SeedShape MEDIUM /tmp/repos}
 * (writes {@code /tmp/repos/medium.git}).
 */
public final class SeedShape {
    private SeedShape() {}

    public static void main(String[] args) throws Exception {
        Shapes shape = Shapes.valueOf(args[0]);
        Path root = Path.of(args[1]);
        String name = shape.name().toLowerCase(java.util.Locale.ROOT);
        try (GitServer server = GitServer.builder().root(root).http().start()) {
            shape.seed(server.repository(name));
        }
        GitServerGc.gc(root.resolve(name + ".git"));
    }
}
