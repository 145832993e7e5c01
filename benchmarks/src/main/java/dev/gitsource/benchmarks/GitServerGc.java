package dev.gitsource.benchmarks;

import java.io.IOException;
import java.nio.file.Path;

/** Packs a served repository with C git, so both servers start from the same single pack. */
final class GitServerGc {
    private GitServerGc() {}

    static void gc(Path bare) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("git", "-C", bare.toString(), "gc", "-q", "--prune=now")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IOException("git gc failed");
        }
    }
}
