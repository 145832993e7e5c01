package dev.gitsource;

/**
 * The root of every error gitsource raises. Unchecked: callers catch the subtypes they act
 * on and let the rest propagate.
 *
 * <p>Messages never contain a password, token or private key: any URL in the message has
 * its user information removed (see {@link Redaction}). The underlying library's exception
 * is kept as the {@linkplain #getCause() cause}.
 */
public class GitSourceException extends RuntimeException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message; URLs in it are redacted.
     *
     * @param message what went wrong, naming the remote where there is one
     */
    public GitSourceException(String message) {
        super(Redaction.redact(message));
    }

    /**
     * Creates an exception with a message and its cause; URLs in the message are redacted.
     *
     * @param message what went wrong, naming the remote where there is one
     * @param cause the underlying exception, may be null
     */
    public GitSourceException(String message, Throwable cause) {
        super(Redaction.redact(message), cause);
    }
}
