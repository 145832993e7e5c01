package dev.gitsource.jgit.internal;

import dev.gitsource.LocalFileSystemException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.errors.LockFailedException;

/**
 * Local file-system failures (disk full, permission denied, read-only file system, too many
 * open files), told apart from the remote's by type, and raised as a
 * {@link LocalFileSystemException} that names the local path. Only where the JDK throws an
 * untyped {@link IOException} (every failed write, such as one to a full disk) is the
 * operating system's error text read.
 */
final class LocalFiles {
    /**
     * The operating system's texts (strerror) that the JDK puts in a plain IOException, or in a
     * FileNotFoundException as "path (text)", when a local file cannot be opened or written.
     */
    private static final List<String> ERRNO_TEXTS = List.of("No space left on device", "Disk quota exceeded",
            "Read-only file system", "Permission denied", "Operation not permitted", "Too many open files",
            "File too large", "Input/output error");

    private LocalFiles() {}

    /**
     * The error for a local failure under {@code directory}: the clone pipeline calls it where it
     * touches the file system, {@link Errors} for a failure that JGit wrapped.
     *
     * @param directory where the operation was writing (a repository, a clone target), null if unknown
     * @param failure what was thrown; its local cause, if found, gives the reason and the file
     */
    static LocalFileSystemException failure(Path directory, Throwable failure) {
        IOException local = cause(failure);
        Throwable shown = local != null ? local : failure;
        Path file = fileOf(shown);
        StringBuilder message = new StringBuilder("local file system failed");
        if (directory != null) {
            message.append(" in ").append(directory);
        }
        if (file != null && !file.equals(directory)) {
            message.append(" at ").append(directory != null && file.startsWith(directory)
                    ? directory.relativize(file) : file);
        }
        message.append(": ").append(reason(shown));
        return new LocalFileSystemException(message.toString(), file != null ? file : directory, failure);
    }

    /** The local file-system failure in the chain, or null if there is none. */
    static IOException cause(Throwable t) {
        for (Throwable c : Causes.of(t)) {
            if (c instanceof FileSystemException || c instanceof LockFailedException) {
                return (IOException) c;
            }
            // exact types only: JGit's TransportException, a SocketException, are IOExceptions too
            if ((c.getClass() == IOException.class || c.getClass() == FileNotFoundException.class)
                    && c.getMessage() != null && ERRNO_TEXTS.stream().anyMatch(c.getMessage()::contains)) {
                return (IOException) c;
            }
        }
        return null;
    }

    private static Path fileOf(Throwable t) {
        String name = null;
        if (t instanceof FileSystemException f) {
            name = f.getFile();
        } else if (t instanceof LockFailedException l) {
            return l.getFile().toPath();
        } else if (t instanceof FileNotFoundException && t.getMessage() != null && t.getMessage().endsWith(")")) {
            int open = t.getMessage().lastIndexOf(" (");
            name = open > 0 ? t.getMessage().substring(0, open) : null;
        }
        try {
            return name == null ? null : Path.of(name);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static String reason(Throwable t) {
        if (t instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (t instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (t instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (t instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (t instanceof DirectoryNotEmptyException) {
            return "Directory not empty";
        }
        if (t instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (t instanceof FileNotFoundException && fileOf(t) != null) {
            String m = t.getMessage();
            return m.substring(m.lastIndexOf(" (") + 2, m.length() - 1);
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
