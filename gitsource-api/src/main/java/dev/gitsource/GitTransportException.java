package dev.gitsource;

/**
 * The conversation with the server failed: connection refused or dropped, a TLS or
 * protocol error, a server error status, a corrupt pack. {@link #retryable()} says whether
 * the same request may succeed later (a dropped connection, a 503) or not (a corrupt pack
 * from a server that will send it again is still retryable; a protocol the client cannot
 * speak is not).
 */
public class GitTransportException extends GitSourceException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;
    /** Serialized with the exception. */
    private final boolean retryable;

    /**
     * @param message what failed, naming the remote
     * @param retryable whether repeating the operation may help
     * @param cause the underlying exception, may be null
     */
    public GitTransportException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** @return true when repeating the same operation later may succeed */
    public boolean retryable() {
        return retryable;
    }
}
