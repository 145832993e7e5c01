package dev.gitsource;

/**
 * Signs commits. gitsource-jgit provides OpenPGP and SSH signers; any other scheme that
 * git verifies (an armored signature in the {@code gpgsig} header) can be plugged in.
 */
@FunctionalInterface
public interface CommitSigner {
    /**
     * Signs the commit object's bytes.
     *
     * @param payload the commit object without a signature, exactly as it will be stored
     * @return the armored signature ({@code -----BEGIN PGP SIGNATURE-----} or
     *     {@code -----BEGIN SSH SIGNATURE-----} block)
     * @throws GitSourceException if the key cannot sign
     */
    String sign(byte[] payload);
}
