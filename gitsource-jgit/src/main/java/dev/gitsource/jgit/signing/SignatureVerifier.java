package dev.gitsource.jgit.signing;

import dev.gitsource.Commit;
import dev.gitsource.Person;
import dev.gitsource.Tag;
import dev.gitsource.jgit.signing.SignatureVerificationException.Reason;
import dev.gitsource.jgit.signing.VerifiedSignature.Format;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.bouncycastle.bcpg.sig.IssuerFingerprint;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Verifies the OpenPGP and SSH signatures of commits and tags against keys the caller
 * trusts, the way {@code git verify-commit} and {@code git verify-tag} do (with every key in
 * the list fully trusted).
 *
 * <pre>{@code
 * SignatureVerifier verifier = SignatureVerifier.builder()
 *     .openPgpPublicKeys(Files.readString(Path.of("release-keys.asc")))
 *     .sshAllowedSigners(Files.readString(Path.of("allowed_signers")))
 *     .build();
 * VerifiedSignature v = verifier.verify(result.repository().head());   // or throws
 * }</pre>
 *
 * <p>OpenPGP: binary and text document signatures by any key or subkey of the given public
 * key rings; a revoked key is treated as unknown. Key expiry, trust levels and subkey
 * cross-certification are not checked. SSH: SSHSIG signatures in namespace {@code git} with
 * SHA-256 or SHA-512, by Ed25519, ECDSA or RSA keys ({@code rsa-sha2-256/512}); the
 * allowed-signers options {@code namespaces}, {@code valid-after} and {@code valid-before}
 * are honoured (the times against the committer's or tagger's date, as git does); SSH
 * certificates, security keys and DSA are not supported. X.509 (gpgsm) signatures are not
 * supported.
 *
 * <p>Immutable and thread-safe.
 */
public final class SignatureVerifier {
    private static final Pattern PGP_PUBLIC_BLOCK = Pattern.compile(
            "-----BEGIN PGP PUBLIC KEY BLOCK-----.*?-----END PGP PUBLIC KEY BLOCK-----", Pattern.DOTALL);
    private static final String PGP_BEGIN = "-----BEGIN PGP SIGNATURE-----";

    private final List<PGPPublicKeyRing> pgpKeys;
    private final List<SshAllowedSigners.Entry> sshKeys;

    private SignatureVerifier(Builder b) {
        this.pgpKeys = List.copyOf(b.pgpKeys);
        this.sshKeys = List.copyOf(b.sshKeys);
    }

    /** @return a builder with no trusted keys */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Verifies a commit's signature over its signed payload. The committer's date is the time
     * for SSH {@code valid-after}/{@code valid-before} restrictions.
     *
     * @param commit a commit with {@link Commit#signature()} and {@link Commit#signedPayload()}
     * @return which trusted key made the signature
     * @throws SignatureVerificationException if the commit is unsigned or the signature is not good
     * @throws IllegalArgumentException if the commit has a signature but no signed payload
     */
    public VerifiedSignature verify(Commit commit) {
        Objects.requireNonNull(commit, "commit");
        return verify("commit " + commit.id(), commit.signedPayload(), commit.signature(), time(commit.committer()));
    }

    /**
     * Verifies an annotated tag's signature over its signed payload. The tagger's date is the
     * time for SSH {@code valid-after}/{@code valid-before} restrictions.
     *
     * @param tag an annotated tag with {@link Tag#signature()} and {@link Tag#signedPayload()}
     * @return which trusted key made the signature
     * @throws SignatureVerificationException if the tag is unsigned or the signature is not good
     * @throws IllegalArgumentException if the tag has a signature but no signed payload
     */
    public VerifiedSignature verify(Tag tag) {
        Objects.requireNonNull(tag, "tag");
        return verify("tag " + tag.name(), tag.signedPayload(), tag.signature(), time(tag.tagger()));
    }

    /**
     * Verifies a signature over a payload, for example the parts {@link SignedObjects#split}
     * returns. SSH validity restrictions are checked against the current time.
     *
     * @param payload the signed bytes
     * @param armoredSignature the armored OpenPGP or SSH signature, or null
     * @return which trusted key made the signature
     * @throws SignatureVerificationException if there is no signature or it is not good
     */
    public VerifiedSignature verify(byte[] payload, String armoredSignature) {
        return verify("the payload", payload, armoredSignature, Instant.now());
    }

    private VerifiedSignature verify(String what, byte[] payload, String signature, Instant when) {
        if (signature == null || signature.isBlank()) {
            throw new SignatureVerificationException(Reason.NO_SIGNATURE, what + " is not signed", null);
        }
        if (payload == null) {
            throw new IllegalArgumentException(what + " has a signature but no signed payload");
        }
        String text = signature.strip();
        if (text.startsWith(PGP_BEGIN)) {
            return verifyPgp(what, payload, text);
        }
        if (text.startsWith(SshSig.BEGIN)) {
            return verifySsh(what, payload, text, when);
        }
        String firstLine = text.lines().findFirst().orElse("");
        throw new SignatureVerificationException(Reason.UNSUPPORTED, what + " has a signature of a format that is not"
                + " supported: " + (firstLine.startsWith("-----BEGIN ") ? firstLine : "not an armored signature"), null);
    }

    private VerifiedSignature verifyPgp(String what, byte[] payload, String armored) {
        if (armored.indexOf(PGP_BEGIN, 1) >= 0) {
            throw new SignatureVerificationException(Reason.BAD_SIGNATURE, what + " has more than one signature block", null);
        }
        Object packet;
        try (InputStream in = PGPUtil.getDecoderStream(
                new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            packet = new BcPGPObjectFactory(in).nextObject();
        } catch (IOException | RuntimeException e) {
            throw new SignatureVerificationException(Reason.BAD_SIGNATURE, what + " has a malformed OpenPGP signature", e);
        }
        if (!(packet instanceof PGPSignatureList signatures) || signatures.isEmpty()) {
            throw new SignatureVerificationException(Reason.BAD_SIGNATURE,
                    what + " has a malformed OpenPGP signature: no signature packet", null);
        }
        if (signatures.size() != 1) {
            throw new SignatureVerificationException(Reason.BAD_SIGNATURE,
                    what + " has " + signatures.size() + " OpenPGP signatures; expected one", null);
        }
        PGPSignature sig = signatures.get(0);
        long keyId = issuerKeyId(sig);
        String hexId = String.format(Locale.ROOT, "%016X", keyId);
        PGPPublicKeyRing ring = null;
        PGPPublicKey key = null;
        for (PGPPublicKeyRing r : pgpKeys) {
            if (r.getPublicKey(keyId) != null) {
                ring = r;
                key = r.getPublicKey(keyId);
                break;
            }
        }
        if (key == null) {
            throw new SignatureVerificationException(Reason.UNKNOWN_KEY,
                    what + " is signed by OpenPGP key " + hexId + ", which is not trusted", null);
        }
        if (key.hasRevocation() || ring.getPublicKey().hasRevocation()) {
            throw new SignatureVerificationException(Reason.UNKNOWN_KEY,
                    what + " is signed by OpenPGP key " + hexId + ", which is revoked", null);
        }
        if (sig.getSignatureType() != PGPSignature.BINARY_DOCUMENT
                && sig.getSignatureType() != PGPSignature.CANONICAL_TEXT_DOCUMENT) {
            throw new SignatureVerificationException(Reason.UNSUPPORTED,
                    what + " has an OpenPGP signature of type " + sig.getSignatureType() + ", not a document signature", null);
        }
        boolean good;
        try {
            sig.init(new BcPGPContentVerifierBuilderProvider(), key);
            sig.update(payload);
            good = sig.verify();
        } catch (PGPException | RuntimeException e) {
            throw new SignatureVerificationException(Reason.BAD_SIGNATURE,
                    what + " has an OpenPGP signature by key " + hexId + " that cannot be checked", e);
        }
        if (!good) {
            throw new SignatureVerificationException(Reason.BAD_SIGNATURE,
                    what + " has a BAD OpenPGP signature by key " + hexId + ": the content was changed after signing", null);
        }
        Iterator<String> userIds = ring.getPublicKey().getUserIDs();
        return new VerifiedSignature(Format.OPENPGP, hexId, userIds.hasNext() ? userIds.next() : "");
    }

    private static long issuerKeyId(PGPSignature sig) {
        if (sig.getKeyID() != 0) {
            return sig.getKeyID();
        }
        IssuerFingerprint fpr = sig.getHashedSubPackets() == null ? null : sig.getHashedSubPackets().getIssuerFingerprint();
        if (fpr != null && fpr.getKeyVersion() == 4 && fpr.getFingerprint().length == 20) {
            long id = 0;
            for (int i = 12; i < 20; i++) {
                id = (id << 8) | (fpr.getFingerprint()[i] & 0xff);
            }
            return id;
        }
        return 0;
    }

    private VerifiedSignature verifySsh(String what, byte[] payload, String armored, Instant when) {
        SshSig.Blob sig;
        try {
            sig = SshSig.decode(SshSig.dearmor(armored));
        } catch (UnsupportedOperationException e) {
            throw new SignatureVerificationException(Reason.UNSUPPORTED, what + ": " + e.getMessage(), null);
        } catch (IllegalArgumentException e) {
            throw new SignatureVerificationException(Reason.BAD_SIGNATURE,
                    what + " has a malformed SSH signature: " + e.getMessage(), null);
        }
        String fingerprint = SshSig.fingerprint(sig.publicKey());
        String keyType = SshSig.keyType(sig.publicKey());
        List<SshAllowedSigners.Entry> entries = new ArrayList<>();
        for (SshAllowedSigners.Entry e : sshKeys) {
            if (e.matches(sig.publicKey())) {
                entries.add(e);
            }
        }
        if (entries.isEmpty()) {
            throw new SignatureVerificationException(Reason.UNKNOWN_KEY,
                    what + " is signed by SSH key " + keyType + " " + fingerprint + ", which is not trusted", null);
        }
        boolean rsa = keyType.equals("ssh-rsa");
        if (rsa ? !sig.signatureAlgorithm().matches("rsa-sha2-(256|512)") : !sig.signatureAlgorithm().equals(keyType)) {
            throw new SignatureVerificationException(Reason.UNSUPPORTED, what + " has an SSH signature with algorithm "
                    + sig.signatureAlgorithm() + " by a " + keyType + " key, which is not supported", null);
        }
        BuiltinSignatures algorithm = BuiltinSignatures.fromFactoryName(sig.signatureAlgorithm());
        if (algorithm == null || !algorithm.isSupported() || keyType.equals("ssh-dss") || keyType.startsWith("sk-")
                || keyType.contains("-cert-")) {
            throw new SignatureVerificationException(Reason.UNSUPPORTED,
                    what + ": SSH key type " + keyType + " is not supported", null);
        }
        boolean good;
        try {
            byte[] signed = SshSig.signedData(sig.namespace(), sig.hashAlgorithm(), payload);
            PublicKey key = new ByteArrayBuffer(sig.publicKey()).getRawPublicKey();
            Signature verifier = algorithm.create();
            verifier.initVerifier(null, key);
            verifier.update(null, signed);
            good = verifier.verify(null, sig.signature());
        } catch (UnsupportedOperationException e) {
            throw new SignatureVerificationException(Reason.UNSUPPORTED, what + ": " + e.getMessage(), null);
        } catch (Exception e) {
            throw new SignatureVerificationException(Reason.BAD_SIGNATURE,
                    what + " has an SSH signature by key " + fingerprint + " that cannot be checked", e);
        }
        if (!good) {
            throw new SignatureVerificationException(Reason.BAD_SIGNATURE,
                    what + " has a BAD SSH signature by key " + fingerprint + ": the content was changed after signing", null);
        }
        if (!sig.namespace().equals(SshSigner.NAMESPACE)) {
            throw new SignatureVerificationException(Reason.WRONG_NAMESPACE, what + " has an SSH signature by key "
                    + fingerprint + " made for namespace '" + sig.namespace() + "', not 'git'", null);
        }
        for (SshAllowedSigners.Entry e : entries) {
            if (e.allows(SshSigner.NAMESPACE, when)) {
                return new VerifiedSignature(Format.SSH, fingerprint, e.principals());
            }
        }
        throw new SignatureVerificationException(Reason.UNKNOWN_KEY, what + " is signed by SSH key " + fingerprint
                + ", which is trusted only with" + entries.get(0).restrictions() + " (signed at " + when + ")", null);
    }

    private static Instant time(Person person) {
        return person == null || person.when() == null ? Instant.now() : person.when().toInstant();
    }

    @Override
    public String toString() {
        return "SignatureVerifier[" + pgpKeys.size() + " OpenPGP keys, " + sshKeys.size() + " SSH keys]";
    }

    /** Collects the trusted keys. Not thread-safe; {@link #build()} makes an immutable verifier. */
    public static final class Builder {
        private final List<PGPPublicKeyRing> pgpKeys = new ArrayList<>();
        private final List<SshAllowedSigners.Entry> sshKeys = new ArrayList<>();

        private Builder() {}

        /**
         * Trusts OpenPGP public keys ({@code gpg --armor --export}); the text may hold several
         * armored blocks, each with one or more keys.
         *
         * @param armored one or more {@code -----BEGIN PGP PUBLIC KEY BLOCK-----} blocks
         * @return this builder
         * @throws IllegalArgumentException if the text holds no block or a block cannot be read
         */
        public Builder openPgpPublicKeys(String armored) {
            Objects.requireNonNull(armored, "armored");
            Matcher m = PGP_PUBLIC_BLOCK.matcher(armored);
            int blocks = 0;
            while (m.find()) {
                blocks++;
                try (InputStream in = PGPUtil.getDecoderStream(
                        new ByteArrayInputStream(m.group().getBytes(StandardCharsets.US_ASCII)))) {
                    new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator()).forEach(pgpKeys::add);
                } catch (IOException | PGPException | RuntimeException e) {
                    throw new IllegalArgumentException("OpenPGP public key block " + blocks + " cannot be read", e);
                }
            }
            if (blocks == 0) {
                throw new IllegalArgumentException("no -----BEGIN PGP PUBLIC KEY BLOCK----- found");
            }
            return this;
        }

        /**
         * Trusts SSH public keys given as {@code git}'s {@code gpg.ssh.allowedSignersFile} or
         * as {@code authorized_keys} lines.
         *
         * @param text lines of {@code principals [options] type base64 [comment]} or
         *     {@code [options] type base64 [comment]}; blank lines and {@code #} comments are skipped
         * @return this builder
         * @throws IllegalArgumentException naming the line if a line holds no public key
         */
        public Builder sshAllowedSigners(String text) {
            sshKeys.addAll(SshAllowedSigners.parse(Objects.requireNonNull(text, "text")));
            return this;
        }

        /** @return a verifier that trusts the keys given so far */
        public SignatureVerifier build() {
            return new SignatureVerifier(this);
        }
    }
}
