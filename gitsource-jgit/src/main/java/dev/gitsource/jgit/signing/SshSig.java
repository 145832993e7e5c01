package dev.gitsource.jgit.signing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The SSHSIG format of OpenSSH ({@code PROTOCOL.sshsig}): what is signed, the binary
 * signature blob, and its armor. Only encoding; no keys and no cryptography here.
 */
final class SshSig {
    static final String BEGIN = "-----BEGIN SSH SIGNATURE-----";
    static final String END = "-----END SSH SIGNATURE-----";
    private static final byte[] MAGIC = "SSHSIG".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    /** ssh-keygen wraps the base64 at 70 columns. */
    private static final int LINE = 70;

    private SshSig() {}

    /**
     * A parsed signature blob.
     *
     * @param publicKey the signer's public key blob
     * @param namespace what the signature is for ({@code git} for commits and tags)
     * @param hashAlgorithm {@code sha256} or {@code sha512}
     * @param signatureAlgorithm the algorithm of the inner signature ({@code ssh-ed25519}, {@code rsa-sha2-512}, ...)
     * @param signature the inner signature bytes (for ECDSA the SSH encoding of r and s)
     */
    record Blob(byte[] publicKey, String namespace, String hashAlgorithm, String signatureAlgorithm,
            byte[] signature) {}

    /** The bytes the key signs: magic, namespace, reserved, hash algorithm and the message's hash. */
    static byte[] signedData(String namespace, String hashAlgorithm, byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        putString(out, namespace.getBytes(StandardCharsets.UTF_8));
        putString(out, new byte[0]);
        putString(out, hashAlgorithm.getBytes(StandardCharsets.US_ASCII));
        putString(out, digest(hashAlgorithm, message));
        return out.toByteArray();
    }

    static byte[] encode(Blob blob) {
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        putString(inner, blob.signatureAlgorithm().getBytes(StandardCharsets.US_ASCII));
        putString(inner, blob.signature());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.writeBytes(ByteBuffer.allocate(4).putInt(VERSION).array());
        putString(out, blob.publicKey());
        putString(out, blob.namespace().getBytes(StandardCharsets.UTF_8));
        putString(out, new byte[0]);
        putString(out, blob.hashAlgorithm().getBytes(StandardCharsets.US_ASCII));
        putString(out, inner.toByteArray());
        return out.toByteArray();
    }

    /**
     * Parses a signature blob.
     *
     * @throws IllegalArgumentException if it is malformed
     * @throws UnsupportedOperationException if its version is not 1
     */
    static Blob decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte[] magic = new byte[MAGIC.length];
        if (in.remaining() < MAGIC.length + 4) {
            throw new IllegalArgumentException("too short for an SSH signature");
        }
        in.get(magic);
        if (!MessageDigest.isEqual(magic, MAGIC)) {
            throw new IllegalArgumentException("not an SSHSIG signature");
        }
        int version = in.getInt();
        if (version != VERSION) {
            throw new UnsupportedOperationException("SSHSIG version " + version + " is not supported");
        }
        byte[] publicKey = getString(in);
        String namespace = new String(getString(in), StandardCharsets.UTF_8);
        getString(in); // reserved
        String hash = new String(getString(in), StandardCharsets.US_ASCII);
        ByteBuffer inner = ByteBuffer.wrap(getString(in));
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("trailing bytes after the SSH signature");
        }
        String algorithm = new String(getString(inner), StandardCharsets.US_ASCII);
        byte[] signature = getString(inner);
        if (inner.hasRemaining()) {
            throw new IllegalArgumentException("trailing bytes after the inner signature");
        }
        return new Blob(publicKey, namespace, hash, algorithm, signature);
    }

    /** Armors a blob as ssh-keygen does: 70-column base64, final newline. */
    static String armor(byte[] blob) {
        String b64 = Base64.getEncoder().encodeToString(blob);
        StringBuilder s = new StringBuilder(BEGIN).append('\n');
        for (int i = 0; i < b64.length(); i += LINE) {
            s.append(b64, i, Math.min(b64.length(), i + LINE)).append('\n');
        }
        return s.append(END).append('\n').toString();
    }

    /**
     * Removes the armor.
     *
     * @throws IllegalArgumentException if the text is not exactly one armored SSH signature
     */
    static byte[] dearmor(String armored) {
        String text = armored.strip();
        if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
            throw new IllegalArgumentException("not an armored SSH signature");
        }
        String body = text.substring(BEGIN.length(), text.length() - END.length());
        if (body.contains("-----")) {
            throw new IllegalArgumentException("more than one armored block");
        }
        return Base64.getDecoder().decode(body.replaceAll("\\s+", ""));
    }

    /** The key's fingerprint as {@code ssh-keygen -l} prints it. */
    static String fingerprint(byte[] publicKeyBlob) {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest("sha256", publicKeyBlob));
    }

    /** The key type named at the start of a public key blob, or "" if there is none. */
    static String keyType(byte[] publicKeyBlob) {
        try {
            return new String(getString(ByteBuffer.wrap(publicKeyBlob)), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    static byte[] digest(String sshName, byte[] data) {
        String jca = switch (sshName) {
            case "sha256" -> "SHA-256";
            case "sha512" -> "SHA-512";
            default -> throw new UnsupportedOperationException("hash algorithm '" + sshName + "' is not supported");
        };
        try {
            return MessageDigest.getInstance(jca).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jca + " is missing from this Java runtime", e);
        }
    }

    private static void putString(ByteArrayOutputStream out, byte[] value) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
        out.writeBytes(value);
    }

    private static byte[] getString(ByteBuffer in) {
        if (in.remaining() < 4) {
            throw new IllegalArgumentException("truncated SSH string");
        }
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("truncated SSH string");
        }
        byte[] value = new byte[length];
        in.get(value);
        return value;
    }
}
