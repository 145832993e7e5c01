package dev.gitsource.jgit.signing;

import java.util.Objects;

/**
 * A signature that verified, and which trusted key made it.
 *
 * @param format OpenPGP or SSH
 * @param keyId the key that made the signature: for OpenPGP its 16-digit key id in
 *     upper-case hex (a subkey's id if a subkey signed); for SSH its fingerprint as
 *     {@code ssh-keygen -l} prints it ({@code SHA256:} and unpadded base64)
 * @param signer who the key belongs to, as the trusted keys say: the primary user id of the
 *     OpenPGP key, or the principals field of the allowed-signers line (the comment of an
 *     {@code authorized_keys} line); may be empty, never null
 */
public record VerifiedSignature(Format format, String keyId, String signer) {
    /** The two signature formats git writes and this library reads. */
    public enum Format {
        /** {@code -----BEGIN PGP SIGNATURE-----} */
        OPENPGP,
        /** {@code -----BEGIN SSH SIGNATURE-----} (SSHSIG) */
        SSH,
    }

    /**
     * Checks the parts.
     *
     * @param format see the record component
     * @param keyId see the record component
     * @param signer see the record component
     */
    public VerifiedSignature {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(keyId, "keyId");
        signer = signer == null ? "" : signer;
    }
}
