package dev.gitsource.jgit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A temporary sibling of a clone's target: the clone is written there and moved into place
 * with one atomic rename only when complete, so a failed clone leaves no directory behind.
 */
final class StagingDirectory implements AutoCloseable {
    private final Path target;
    private final Path work;
    private boolean moved;

    private StagingDirectory(Path target, Path work) {
        this.target = target;
        this.work = work;
    }

    /** Creates the temporary sibling of {@code target} (and the parents it needs). */
    static StagingDirectory beside(Path target) throws IOException {
        Path parent = target.getParent();
        Files.createDirectories(parent);
        return new StagingDirectory(target, Files.createTempDirectory(parent, "." + target.getFileName() + ".gitsource-"));
    }

    /** The directory to write into. */
    Path path() {
        return work;
    }

    /** Moves the finished work into place; an empty existing target is replaced. */
    void moveIntoPlace() throws IOException {
        boolean existed = Files.isDirectory(target);
        if (existed) {
            Files.delete(target); // checked empty before the clone started
        }
        try {
            Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } catch (IOException e) {
            if (existed) {
                Files.createDirectories(target);
            }
            throw e;
        }
    }

    /** Deletes the work unless it was moved into place. */
    @Override
    public void close() {
        if (!moved) {
            deleteTree(work);
        }
    }

    /**
     * Deletes a directory tree. A pass can miss a file that a thread of a failed operation was
     * still closing, so it walks again until the directory is gone.
     */
    static void deleteTree(Path dir) {
        for (int attempt = 0; attempt < 20 && Files.exists(dir, LinkOption.NOFOLLOW_LINKS); attempt++) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(StagingDirectory::delete);
            } catch (IOException | RuntimeException e) {
                // parkNanos, not sleep: a deadline may have interrupted this thread, and the cleanup must still run
                LockSupport.parkNanos(25_000_000L);
            }
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (NoSuchFileException e) {
            // gone already
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
