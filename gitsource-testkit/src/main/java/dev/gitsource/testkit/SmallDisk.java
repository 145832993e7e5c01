package dev.gitsource.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a directory, to see what a full or read-only disk does to a clone.
 * It needs Linux and the right to mount (root, or CAP_SYS_ADMIN in a container): where that
 * is missing, {@link #mount} throws, and a test can skip saying why.
 *
 * <pre>{@code
 * try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 2 << 20)) {
 *     git.clone(url, options(disk.directory().resolve("app")));   // No space left on device
 * }
 * }</pre>
 */
public final class SmallDisk implements AutoCloseable {
    private final Path directory;

    private SmallDisk(Path directory) {
        this.directory = directory;
    }

    /**
     * Mounts an empty tmpfs of the given size on the directory, creating it if needed.
     *
     * @param directory where to mount it
     * @param bytes its size
     * @return the mounted disk; close it to unmount
     * @throws IOException if it cannot be mounted here, with mount's own words
     */
    public static SmallDisk mount(Path directory, long bytes) throws IOException {
        Files.createDirectories(directory);
        run("mount", "-t", "tmpfs", "-o", "size=" + bytes, "gitsource-small-disk", directory.toString());
        return new SmallDisk(directory);
    }

    /** @return the directory the disk is mounted on */
    public Path directory() {
        return directory;
    }

    /**
     * Remounts the disk read-only: every later write fails with "Read-only file system".
     *
     * @return this disk
     * @throws IOException if the remount fails
     */
    public SmallDisk readOnly() throws IOException {
        run("mount", "-o", "remount,ro", directory.toString());
        return this;
    }

    /** Unmounts the disk; lazily if a file on it is still open, so that the directory is freed. */
    @Override
    public void close() throws IOException {
        try {
            run("umount", directory.toString());
        } catch (IOException busy) {
            run("umount", "-l", directory.toString());
        }
    }

    private static void run(String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        try {
            // mount says a line at most: the pipe cannot fill before it exits
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + output);
        }
    }
}
