package dev.gitsource.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A seeded repository packed into one pack, for the benchmarks that work without a network:
 * its pack file (index-pack) and its {@code file://} URL (local clone).
 */
final class LocalPack implements AutoCloseable {
    private final Fixture fixture;
    private final Path bare;

    private LocalPack(Fixture fixture) {
        this.fixture = fixture;
        this.bare = fixture.work.resolve("repos/bench/repo.git");
    }

    /** Seeds a {@link Shapes} by name. */
    static LocalPack seed(String shape) throws Exception {
        return new LocalPack(Fixture.start(Shapes.valueOf(shape)));
    }

    /** The bare repository as a {@code file://} URL. */
    URI url() {
        return bare.toUri();
    }

    /** The single pack file of the repository. */
    Path packFile() throws IOException {
        try (Stream<Path> s = Files.list(bare.resolve("objects/pack"))) {
            return s.filter(p -> p.toString().endsWith(".pack")).findFirst().orElseThrow();
        }
    }

    @Override
    public void close() {
        fixture.close();
    }
}
