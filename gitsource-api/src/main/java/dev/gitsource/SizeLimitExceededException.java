package dev.gitsource;

/**
 * A fetch was stopped because the pack, or an object in it, is larger than the client's
 * limit ({@link GitSource.Builder#maxPackBytes(long)}, {@link GitSource.Builder#maxObjectBytes(long)}).
 * Nothing was written to the target. Repeating the operation does not help; raising the
 * limit may.
 */
public class SizeLimitExceededException extends GitSourceException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;
    /** Serialized with the exception. */
    private final long limitBytes;

    /**
     * @param message what exceeded which limit, naming the remote
     * @param limitBytes the limit that was exceeded
     * @param cause the underlying exception, may be null
     */
    public SizeLimitExceededException(String message, long limitBytes, Throwable cause) {
        super(message, cause);
        this.limitBytes = limitBytes;
    }

    /** @return the limit that was exceeded, in bytes */
    public long limitBytes() {
        return limitBytes;
    }
}
