package dev.gitsource;

/**
 * The server refused the credentials, none were available, or the server could not be
 * trusted (unknown or revoked SSH host key, TLS certificate not trusted). Retrying with
 * the same settings does not help.
 */
public class AuthenticationException extends GitSourceException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was refused, naming the remote (never the secret)
     * @param cause the underlying exception, may be null
     */
    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
