package dev.gitsource;

import java.time.Duration;
import java.util.Optional;

/**
 * The conversation with the server failed: connection refused or dropped, a TLS or
 * protocol error, a server error status, a corrupt pack. {@link #retryable()} says whether
 * the same request may succeed later (a dropped connection, a 503) or not (a corrupt pack
 * from a server that will send it again is still retryable; a protocol the client cannot
 * speak is not). {@link #retryAfter()} is the wait a rate-limiting server asked for (HTTP 429
 * or 503 with {@code Retry-After}).
 */
public class GitTransportException extends GitSourceException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;
    /** Serialized with the exception. */
    private final boolean retryable;
    /** Serialized with the exception; null when the server asked for no wait. */
    private final Duration retryAfter;

    /**
     * @param message what failed, naming the remote
     * @param retryable whether repeating the operation may help
     * @param cause the underlying exception, may be null
     */
    public GitTransportException(String message, boolean retryable, Throwable cause) {
        this(message, retryable, null, cause);
    }

    /**
     * @param message what failed, naming the remote
     * @param retryable whether repeating the operation may help
     * @param retryAfter how long the server asked the client to wait before trying again, or null
     * @param cause the underlying exception, may be null
     * @since 0.1.0
     */
    public GitTransportException(String message, boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /**
     * @return how long the server asked the client to wait before trying again (its
     *     {@code Retry-After}, or GitHub's rate-limit reset), if it did
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** @return true when repeating the same operation later may succeed */
    public boolean retryable() {
        return retryable;
    }
}
