package dev.gitsource.jgit.signing;

import dev.gitsource.CommitSigner;
import dev.gitsource.jgit.signing.SigningKeyException.Reason;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Signs commits with an SSH key, as {@code git -c gpg.format=ssh commit -S} does through
 * {@code ssh-keygen -Y sign}: an SSHSIG signature in namespace {@code git} over the SHA-512
 * hash of the commit, armored as {@code -----BEGIN SSH SIGNATURE-----} with 70-column lines.
 *
 * <p>Key types: Ed25519, ECDSA on P-256, P-384 and P-521, and RSA of at least 2048 bits
 * (signed with {@code rsa-sha2-512}). DSA and security-key ({@code sk-}) keys are not
 * supported. The private key is read with Apache MINA SSHD, in OpenSSH format (encrypted or
 * not) or the PEM formats it reads.
 *
 * <p>Thread-safe. The passphrase is not kept; {@link #toString()} shows the key type and
 * fingerprint only.
 */
public final class SshSigner implements CommitSigner {
    /** The namespace git signs and verifies commits and tags in. */
    static final String NAMESPACE = "git";
    private static final String HASH = "sha512";
    private static final int MIN_RSA_BITS = 2048;

    private final KeyPair keyPair;
    private final byte[] publicKeyBlob;
    private final String signatureAlgorithm;

    private SshSigner(KeyPair keyPair, byte[] publicKeyBlob, String signatureAlgorithm) {
        this.keyPair = keyPair;
        this.publicKeyBlob = publicKeyBlob;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /**
     * Reads a private key ({@code -----BEGIN OPENSSH PRIVATE KEY-----}) and decrypts it.
     *
     * @param privateKey the private key file's text; exactly one key
     * @param passphrase the passphrase of an encrypted key, or null; not kept, so the caller
     *     may clear the array afterwards (MINA SSHD needs it as a String for a moment)
     * @return a signer
     * @throws SigningKeyException with {@link Reason#MALFORMED_KEY} if the text is not one
     *     private key, {@link Reason#WRONG_PASSPHRASE} if the key is encrypted and the
     *     passphrase is wrong or missing, {@link Reason#UNSUPPORTED_KEY} for DSA, security-key
     *     and RSA keys shorter than 2048 bits
     */
    public static SshSigner fromPrivateKey(String privateKey, char[] passphrase) {
        Objects.requireNonNull(privateKey, "privateKey");
        AtomicBoolean asked = new AtomicBoolean();
        FilePasswordProvider passwords = (session, resource, retry) -> {
            asked.set(true);
            return passphrase == null ? null : new String(passphrase);
        };
        List<KeyPair> keys = new ArrayList<>();
        try (InputStream in = new ByteArrayInputStream(privateKey.getBytes(StandardCharsets.UTF_8))) {
            Iterable<KeyPair> loaded =
                    SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("SSH private key"), in, passwords);
            if (loaded != null) {
                loaded.forEach(keys::add);
            }
        } catch (Exception e) {
            if (asked.get()) {
                throw new SigningKeyException(Reason.WRONG_PASSPHRASE, passphrase == null || passphrase.length == 0
                        ? "the SSH private key is encrypted and no passphrase was given"
                        : "wrong passphrase for the SSH private key (or the key is corrupt)", e);
            }
            // The cause is dropped on purpose: parser messages may quote the input.
            throw new SigningKeyException(Reason.MALFORMED_KEY,
                    "not a readable SSH private key: " + e.getClass().getSimpleName(), null);
        }
        if (keys.size() != 1) {
            throw new SigningKeyException(Reason.MALFORMED_KEY,
                    "expected one SSH private key (-----BEGIN OPENSSH PRIVATE KEY-----), found " + keys.size(), null);
        }
        KeyPair pair = keys.get(0);
        String type = KeyUtils.getKeyType(pair);
        String algorithm = signatureAlgorithm(type, pair.getPublic());
        ByteArrayBuffer blob = new ByteArrayBuffer();
        blob.putRawPublicKey(pair.getPublic());
        return new SshSigner(pair, blob.getCompactData(), algorithm);
    }

    private static String signatureAlgorithm(String keyType, PublicKey key) {
        if (keyType == null) {
            throw new SigningKeyException(Reason.UNSUPPORTED_KEY, "unknown SSH key type " + key.getAlgorithm(), null);
        }
        switch (keyType) {
            case "ssh-ed25519":
            case "ecdsa-sha2-nistp256":
            case "ecdsa-sha2-nistp384":
            case "ecdsa-sha2-nistp521":
                return keyType;
            case "ssh-rsa":
                int bits = ((RSAKey) key).getModulus().bitLength();
                if (bits < MIN_RSA_BITS) {
                    throw new SigningKeyException(Reason.UNSUPPORTED_KEY,
                            "the RSA key has " + bits + " bits; at least " + MIN_RSA_BITS + " are needed", null);
                }
                return "rsa-sha2-512";
            default:
                throw new SigningKeyException(Reason.UNSUPPORTED_KEY, "SSH key type " + keyType
                        + " cannot sign commits here (use ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa)", null);
        }
    }

    /**
     * Signs the payload.
     *
     * @param payload the commit object without a signature
     * @return an armored SSHSIG signature with a final newline
     * @throws SigningKeyException with {@link Reason#SIGNING_FAILED} if the key cannot sign
     */
    @Override
    public String sign(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        try {
            Signature signer = BuiltinSignatures.fromFactoryName(signatureAlgorithm).create();
            signer.initSigner(null, keyPair.getPrivate());
            signer.update(null, SshSig.signedData(NAMESPACE, HASH, payload));
            byte[] signature = signer.sign(null);
            return SshSig.armor(SshSig.encode(
                    new SshSig.Blob(publicKeyBlob, NAMESPACE, HASH, signatureAlgorithm, signature)));
        } catch (Exception e) {
            throw new SigningKeyException(Reason.SIGNING_FAILED, "signing with the SSH key " + fingerprint() + " failed", e);
        }
    }

    /** @return the key's fingerprint as {@code ssh-keygen -l} prints it ({@code SHA256:...}) */
    public String fingerprint() {
        return SshSig.fingerprint(publicKeyBlob);
    }

    /** @return the public key as one {@code authorized_keys} line: type and base64 blob */
    public String publicKey() {
        return SshSig.keyType(publicKeyBlob) + " " + Base64.getEncoder().encodeToString(publicKeyBlob);
    }

    @Override
    public String toString() {
        return "SshSigner[" + SshSig.keyType(publicKeyBlob) + " " + fingerprint() + "]";
    }
}
