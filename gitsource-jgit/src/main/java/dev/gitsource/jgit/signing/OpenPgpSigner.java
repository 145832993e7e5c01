package dev.gitsource.jgit.signing;

import dev.gitsource.CommitSigner;
import dev.gitsource.jgit.signing.SigningKeyException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.util.encoders.Hex;

/**
 * Signs commits with an OpenPGP key, as {@code git commit -S} does with gpg: an armored,
 * detached, binary-document signature with SHA-512.
 *
 * <p>The key is unlocked once, when the signer is made, so a wrong passphrase is reported
 * before anything is committed. The signer chooses the newest subkey that may sign (key
 * flags), is neither revoked nor expired and has its secret part, and else the primary key;
 * this is also what gpg picks. RSA keys verify with every gpg; EdDSA signatures are made too,
 * but check them with the gpg your verifiers run. DSA and ElGamal keys are not supported.
 *
 * <p>Thread-safe. The passphrase is not kept; {@link #toString()} shows the key id and
 * fingerprint only.
 */
public final class OpenPgpSigner implements CommitSigner {
    private static final String SECRET_BLOCK = "-----BEGIN PGP PRIVATE KEY BLOCK-----";
    private final PGPPublicKey publicKey;
    private final PGPPrivateKey privateKey;

    private OpenPgpSigner(PGPPublicKey publicKey, PGPPrivateKey privateKey) {
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    /**
     * Reads an armored secret key ({@code gpg --armor --export-secret-keys KEYID}, or
     * {@code --export-secret-subkeys}) and unlocks its signing key.
     *
     * @param armoredSecretKey one secret key ring, {@code -----BEGIN PGP PRIVATE KEY BLOCK-----}
     * @param passphrase the passphrase, or null or empty for an unprotected key; not kept, so
     *     the caller may clear the array afterwards
     * @return a signer
     * @throws SigningKeyException with {@link Reason#MALFORMED_KEY} if the text is not exactly one
     *     secret key ring, {@link Reason#WRONG_PASSPHRASE} if it cannot be unlocked,
     *     {@link Reason#CANNOT_SIGN} if no (sub)key with a secret part may sign, and
     *     {@link Reason#UNSUPPORTED_KEY} for DSA and other algorithms not supported
     */
    public static OpenPgpSigner fromArmoredSecretKey(String armoredSecretKey, char[] passphrase) {
        Objects.requireNonNull(armoredSecretKey, "armoredSecretKey");
        PGPSecretKeyRing ring = readRing(armoredSecretKey);
        PGPSecretKey key = signingKey(ring);
        int algorithm = key.getPublicKey().getAlgorithm();
        if (!isSupported(algorithm)) {
            throw new SigningKeyException(Reason.UNSUPPORTED_KEY, "the OpenPGP signing key "
                    + keyId(key.getPublicKey()) + " uses algorithm " + algorithm
                    + ", which is not supported for signing (use RSA, ECDSA or EdDSA)", null);
        }
        char[] pass = passphrase == null ? new char[0] : passphrase;
        PGPPrivateKey privateKey;
        try {
            privateKey = key.extractPrivateKey(
                    new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(pass));
        } catch (PGPException | RuntimeException e) {
            if (key.getKeyEncryptionAlgorithm() != SymmetricKeyAlgorithmTags.NULL) {
                throw new SigningKeyException(Reason.WRONG_PASSPHRASE, pass.length == 0
                        ? "the OpenPGP key " + keyId(key.getPublicKey()) + " is protected and no passphrase was given"
                        : "wrong passphrase for the OpenPGP key " + keyId(key.getPublicKey()), e);
            }
            throw new SigningKeyException(Reason.MALFORMED_KEY,
                    "cannot read the secret part of the OpenPGP key " + keyId(key.getPublicKey()), e);
        }
        if (privateKey == null) {
            throw new SigningKeyException(Reason.CANNOT_SIGN,
                    "the OpenPGP key " + keyId(key.getPublicKey()) + " has no secret part", null);
        }
        return new OpenPgpSigner(key.getPublicKey(), privateKey);
    }

    /**
     * Signs the payload.
     *
     * @param payload the commit object without a signature
     * @return an armored detached signature, {@code -----BEGIN PGP SIGNATURE-----}, with
     *     {@code \n} line ends and a final newline
     * @throws SigningKeyException with {@link Reason#SIGNING_FAILED} if the key cannot sign
     */
    @Override
    public String sign(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        try {
            PGPSignatureGenerator generator = new PGPSignatureGenerator(
                    new BcPGPContentSignerBuilder(publicKey.getAlgorithm(), HashAlgorithmTags.SHA512), publicKey);
            generator.init(PGPSignature.BINARY_DOCUMENT, privateKey);
            PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
            hashed.setSignatureCreationTime(false, new Date());
            hashed.setIssuerFingerprint(false, publicKey);
            generator.setHashedSubpackets(hashed.generate());
            generator.update(payload);
            PGPSignature signature = generator.generate();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(out)) {
                signature.encode(armor);
            }
            return out.toString(StandardCharsets.US_ASCII).replace("\r\n", "\n");
        } catch (PGPException | IOException e) {
            throw new SigningKeyException(Reason.SIGNING_FAILED,
                    "signing with the OpenPGP key " + keyId(publicKey) + " failed", e);
        }
    }

    /** @return the signing (sub)key's id: 16 upper-case hex digits */
    public String keyId() {
        return keyId(publicKey);
    }

    /** @return the signing (sub)key's fingerprint in upper-case hex */
    public String fingerprint() {
        return Hex.toHexString(publicKey.getFingerprint()).toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "OpenPgpSigner[key " + keyId() + ", fingerprint " + fingerprint() + "]";
    }

    static String keyId(PGPPublicKey key) {
        return String.format(Locale.ROOT, "%016X", key.getKeyID());
    }

    private static PGPSecretKeyRing readRing(String armored) {
        // BouncyCastle reads only the first armored block; more than one is refused, not ignored.
        int blocks = armored.split(Pattern.quote(SECRET_BLOCK), -1).length - 1;
        if (blocks > 1) {
            throw new SigningKeyException(Reason.MALFORMED_KEY,
                    "expected one OpenPGP secret key, found " + blocks + " armored blocks", null);
        }
        List<PGPSecretKeyRing> rings = new ArrayList<>();
        try (InputStream in = PGPUtil.getDecoderStream(
                new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            new PGPSecretKeyRingCollection(in, new BcKeyFingerprintCalculator()).forEach(rings::add);
        } catch (IOException | PGPException | RuntimeException e) {
            // The cause is dropped on purpose: parser messages may quote the input.
            throw new SigningKeyException(Reason.MALFORMED_KEY,
                    "not an OpenPGP secret key (expected -----BEGIN PGP PRIVATE KEY BLOCK-----): "
                            + e.getClass().getSimpleName(), null);
        }
        if (rings.size() != 1) {
            throw new SigningKeyException(Reason.MALFORMED_KEY,
                    "expected one OpenPGP secret key, found " + rings.size(), null);
        }
        return rings.get(0);
    }

    /** The newest usable signing subkey, else the primary key if it may sign. */
    private static PGPSecretKey signingKey(PGPSecretKeyRing ring) {
        PGPSecretKey primary = ring.getSecretKey();
        PGPSecretKey chosen = null;
        for (Iterator<PGPSecretKey> it = ring.getSecretKeys(); it.hasNext(); ) {
            PGPSecretKey k = it.next();
            if (!k.isMasterKey() && usable(k) && (flags(k.getPublicKey(), primary.getKeyID()) & KeyFlags.SIGN_DATA) != 0
                    && (chosen == null
                            || k.getPublicKey().getCreationTime().after(chosen.getPublicKey().getCreationTime()))) {
                chosen = k;
            }
        }
        if (chosen != null) {
            return chosen;
        }
        if (usable(primary)) {
            int flags = flags(primary.getPublicKey(), primary.getKeyID());
            if ((flags & KeyFlags.SIGN_DATA) != 0 || (flags == 0 && isSupported(primary.getPublicKey().getAlgorithm()))) {
                return primary;
            }
        }
        throw new SigningKeyException(Reason.CANNOT_SIGN, "the OpenPGP key " + keyId(primary.getPublicKey())
                + " has no key or subkey that may sign, is valid and has its secret part", null);
    }

    private static boolean usable(PGPSecretKey key) {
        PGPPublicKey pub = key.getPublicKey();
        long valid = pub.getValidSeconds();
        boolean expired = valid > 0 && pub.getCreationTime().getTime() + valid * 1000 < System.currentTimeMillis();
        return !key.isPrivateKeyEmpty() && !pub.hasRevocation() && !expired;
    }

    /** The key flags from the key's self-signatures (binding signatures for a subkey), 0 if none. */
    private static int flags(PGPPublicKey key, long primaryKeyId) {
        int flags = 0;
        for (Iterator<PGPSignature> it = key.getSignatures(); it.hasNext(); ) {
            PGPSignature sig = it.next();
            PGPSignatureSubpacketVector hashed = sig.getHashedSubPackets();
            if (sig.getKeyID() == primaryKeyId && hashed != null && isSelfSignatureType(sig.getSignatureType())) {
                flags |= hashed.getKeyFlags();
            }
        }
        return flags;
    }

    private static boolean isSelfSignatureType(int type) {
        return type == PGPSignature.SUBKEY_BINDING || type == PGPSignature.DIRECT_KEY
                || type == PGPSignature.POSITIVE_CERTIFICATION || type == PGPSignature.CASUAL_CERTIFICATION
                || type == PGPSignature.NO_CERTIFICATION || type == PGPSignature.DEFAULT_CERTIFICATION;
    }

    private static boolean isSupported(int algorithm) {
        return algorithm == PublicKeyAlgorithmTags.RSA_GENERAL || algorithm == PublicKeyAlgorithmTags.RSA_SIGN
                || algorithm == PublicKeyAlgorithmTags.ECDSA || algorithm == PublicKeyAlgorithmTags.EDDSA_LEGACY
                || algorithm == PublicKeyAlgorithmTags.Ed25519 || algorithm == PublicKeyAlgorithmTags.Ed448;
    }
}
