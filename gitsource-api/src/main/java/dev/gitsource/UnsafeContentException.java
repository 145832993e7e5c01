package dev.gitsource;

/**
 * The repository holds content that would write outside the checkout directory or into
 * its {@code .git} directory (a {@code ..} or {@code .git} entry in any spelling, a
 * symlink that later entries would be written through, a submodule that escapes). Nothing
 * was written.
 */
public class UnsafeContentException extends GitSourceException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;
    /** Serialized with the exception. */
    private final String path;

    /**
     * @param message why the content is refused, naming the remote
     * @param path the offending path inside the repository
     */
    public UnsafeContentException(String message, String path) {
        super(message);
        this.path = path;
    }

    /** @return the offending path inside the repository, as found in the tree */
    public String path() {
        return path;
    }
}
