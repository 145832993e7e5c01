package dev.gitsource;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A local file or directory could not be written or read: the disk is full, permission is
 * denied, the file system is read-only, the process has too many open files. The remote is
 * not at fault and repeating the operation does not help until the local cause is fixed, so
 * this is never a {@link GitTransportException} or an {@link AuthenticationException}. The
 * message names the local path; a clone that fails this way leaves no directory behind.
 */
public class LocalFileSystemException extends GitSourceException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;
    /** Serialized as text: {@link Path} is not serializable. */
    private final String path;

    /**
     * @param message what failed, naming the local path
     * @param path the file or directory where it failed, null if neither the operating system
     *     nor the operation knew it
     * @param cause the underlying exception, may be null
     */
    public LocalFileSystemException(String message, Path path, Throwable cause) {
        super(message, cause);
        this.path = path == null ? null : path.toString();
    }

    /** @return the local file or directory where it failed, if known */
    public Optional<Path> path() {
        return Optional.ofNullable(path).map(Path::of);
    }
}
