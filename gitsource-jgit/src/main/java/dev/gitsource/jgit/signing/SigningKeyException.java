package dev.gitsource.jgit.signing;

import dev.gitsource.GitSourceException;
import java.util.Objects;

/**
 * A signing key could not be used: it is malformed, the passphrase is wrong or missing, it
 * cannot make signatures, or its type is not supported. {@link OpenPgpSigner} and
 * {@link SshSigner} throw it when they are created, so a bad key or passphrase is found
 * before anything is committed; {@link #reason()} says which case it is.
 *
 * <p>The message never contains the key, the passphrase or any part of them.
 */
public class SigningKeyException extends GitSourceException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** Why the key cannot be used. */
    public enum Reason {
        /** The text is not a key of the expected format, or holds none or several. */
        MALFORMED_KEY,
        /** The key is encrypted and the passphrase is wrong or was not given. */
        WRONG_PASSPHRASE,
        /** The key (or every subkey) is not allowed to sign, or its secret part is absent. */
        CANNOT_SIGN,
        /** The key's algorithm or size is not supported for signing. */
        UNSUPPORTED_KEY,
        /** Signing failed after the key was loaded. */
        SIGNING_FAILED,
    }

    /** Serialized with the exception. */
    private final Reason reason;

    /**
     * @param reason why the key cannot be used
     * @param message what went wrong; must not contain key material or the passphrase
     * @param cause the underlying exception, may be null
     */
    public SigningKeyException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** @return why the key cannot be used */
    public Reason reason() {
        return reason;
    }
}
