package dev.gitsource;

/**
 * A path asked for (a sparse path) does not exist in the tree of the commit checked out.
 * Nothing was written.
 */
public class PathNotFoundException extends GitSourceException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;
    /** The path asked for. */
    private final String path;

    /**
     * @param message names the path, the commit and the remote
     * @param path the path asked for
     */
    public PathNotFoundException(String message, String path) {
        super(message);
        this.path = path;
    }

    /** @return the path asked for */
    public String path() {
        return path;
    }
}
