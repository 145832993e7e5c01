package dev.gitsource.jgit.signing;

import java.util.Objects;

/**
 * A signature that verified, and which trusted key made it. Made by {@link SignatureVerifier}.
 * A final class rather than a record so that parts can be added without breaking code compiled
 * against this one.
 */
public final class VerifiedSignature {
    /** The two signature formats git writes and this library reads. */
    public enum Format {
        /** {@code -----BEGIN PGP SIGNATURE-----} */
        OPENPGP,
        /** {@code -----BEGIN SSH SIGNATURE-----} (SSHSIG) */
        SSH,
    }

    private final Format format;
    private final String keyId;
    private final String signer;

    VerifiedSignature(Format format, String keyId, String signer) {
        this.format = Objects.requireNonNull(format, "format");
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        this.signer = signer == null ? "" : signer;
    }

    /** @return OpenPGP or SSH */
    public Format format() {
        return format;
    }

    /**
     * @return the key that made the signature: for OpenPGP its 16-digit key id in upper-case
     *     hex (a subkey's id if a subkey signed); for SSH its fingerprint as {@code ssh-keygen -l}
     *     prints it ({@code SHA256:} and unpadded base64)
     */
    public String keyId() {
        return keyId;
    }

    /**
     * @return who the key belongs to, as the trusted keys say: the primary user id of the
     *     OpenPGP key, or the principals field of the allowed-signers line (the comment of an
     *     {@code authorized_keys} line); may be empty, never null
     */
    public String signer() {
        return signer;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifiedSignature v && v.format == format && v.keyId.equals(keyId)
                && v.signer.equals(signer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(format, keyId, signer);
    }

    @Override
    public String toString() {
        return "VerifiedSignature[format=" + format + ", keyId=" + keyId + ", signer=" + signer + "]";
    }
}
