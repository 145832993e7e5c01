package dev.gitsource.jgit.signing;

import dev.gitsource.GitSourceException;
import java.util.Objects;

/**
 * A commit or tag signature did not verify. {@link #reason()} says why, so callers can tell
 * an unsigned object from an unknown signer or a forgery.
 */
public class SignatureVerificationException extends GitSourceException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** Why the signature was not accepted. */
    public enum Reason {
        /** The object carries no signature. */
        NO_SIGNATURE,
        /** The signature was made by a key that is not among the trusted keys. */
        UNKNOWN_KEY,
        /** The signature is malformed or does not match the payload: the object was changed. */
        BAD_SIGNATURE,
        /** A valid SSH signature made for another purpose than git (namespace is not {@code git}). */
        WRONG_NAMESPACE,
        /** The signature's format, algorithm or key type is not supported (X.509, DSA, SSH certificates...). */
        UNSUPPORTED,
    }

    /** Serialized with the exception. */
    private final Reason reason;

    /**
     * @param reason why the signature was not accepted
     * @param message what was found, naming the key where one is known
     * @param cause the underlying exception, may be null
     */
    public SignatureVerificationException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** @return why the signature was not accepted */
    public Reason reason() {
        return reason;
    }
}
