package dev.gitsource;

/**
 * The Git LFS server does not have the object that a pointer file names (the batch API's
 * error 404 or 410 for it, or a 404 on its download). Nothing was written: a clone leaves no
 * directory, an update leaves the copy as it was.
 *
 * @since 0.1.0
 */
public class LfsObjectNotFoundException extends GitSourceException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;
    /** The pointer file's path. */
    private final String path;
    /** The object's SHA-256. */
    private final String oid;

    /**
     * @param message names the path, the object and the LFS server
     * @param path the pointer file's path in the tree
     * @param oid the object's SHA-256 in hex
     */
    public LfsObjectNotFoundException(String message, String path, String oid) {
        super(message);
        this.path = path;
        this.oid = oid;
    }

    /** @return the pointer file's path in the tree */
    public String path() {
        return path;
    }

    /** @return the object's SHA-256 in hex */
    public String oid() {
        return oid;
    }
}
