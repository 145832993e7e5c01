package dev.gitsource;

import java.time.Duration;

/**
 * The operation did not finish within its wall-clock deadline and was cancelled; nothing
 * it was writing is left on disk.
 */
public class DeadlineExceededException extends GitSourceException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;
    /** Serialized with the exception. */
    private final Duration timeout;

    /**
     * @param message what was cancelled, naming the remote
     * @param timeout the deadline that passed
     * @param cause the underlying exception, may be null
     */
    public DeadlineExceededException(String message, Duration timeout, Throwable cause) {
        super(message, cause);
        this.timeout = timeout;
    }

    /** @return the deadline that passed */
    public Duration timeout() {
        return timeout;
    }
}
