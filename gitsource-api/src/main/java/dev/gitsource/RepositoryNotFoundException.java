package dev.gitsource;

/** The remote repository does not exist, or is not visible with the credentials given. */
public class RepositoryNotFoundException extends GitSourceException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the remote
     * @param cause the underlying exception, may be null
     */
    public RepositoryNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
