package dev.gitsource.jgit.signing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where git keeps the signature of a commit or an annotated tag, and what it signs. This
 * follows C git ({@code commit.c} {@code parse_buffer_signed_by_header}, {@code gpg-interface.c}
 * {@code parse_signed_buffer}) for SHA-1 repositories:
 *
 * <ul>
 *   <li>a <b>commit</b> carries its signature in a {@code gpgsig} header whose continuation
 *       lines start with one space; the signed payload is the commit without every header
 *       whose name starts with {@code gpgsig} (so also without {@code gpgsig-sha256}, the
 *       signature of the SHA-256 form);
 *   <li>an annotated <b>tag</b> carries its signature at the end of the message, from the last
 *       line that starts an armored signature; the signed payload is everything before it
 *       (again without {@code gpgsig*} headers).
 * </ul>
 *
 * <p>The clone code uses {@link #split(byte[])} to fill {@code Commit.signedPayload()} and
 * {@code Tag.signedPayload()}; the two {@code with...Signature} methods do the reverse.
 */
public final class SignedObjects {
    private static final String[] SIGNATURE_STARTS = {
        "-----BEGIN PGP SIGNATURE-----",
        "-----BEGIN PGP MESSAGE-----",
        "-----BEGIN SIGNED MESSAGE-----",
        "-----BEGIN SSH SIGNATURE-----",
    };
    private static final byte[] GPGSIG = "gpgsig".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GPGSIG_HEADER = "gpgsig ".getBytes(StandardCharsets.US_ASCII);

    private SignedObjects() {}

    /**
     * A raw object cut into what was signed and the signature.
     *
     * @param payload the object without its signature: exactly the bytes the signer signed
     * @param signature the armored signature (ending with a newline when the object had one),
     *     or null if the object is not signed; then {@code payload} is the whole object
     */
    public record Parts(byte[] payload, String signature) {
        /**
         * Copies the payload.
         *
         * @param payload see the record component
         * @param signature see the record component
         */
        public Parts {
            payload = Objects.requireNonNull(payload, "payload").clone();
        }

        /** @return a copy of the payload */
        @Override
        public byte[] payload() {
            return payload.clone();
        }

        /** @return whether the object carried a signature */
        public boolean signed() {
            return signature != null;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Parts p && Arrays.equals(p.payload, payload)
                    && Objects.equals(p.signature, signature);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(payload) * 31 + Objects.hashCode(signature);
        }

        @Override
        public String toString() {
            return "Parts[" + payload.length + " payload bytes, " + (signed() ? "signed" : "unsigned") + "]";
        }
    }

    /**
     * Splits a raw commit or tag object (the content {@code git cat-file commit|tag} prints,
     * without the {@code "commit <size>\0"} object header) into payload and signature. A commit
     * is recognised by its first line {@code tree ...}, a tag by {@code object ...}.
     *
     * @param rawObject the object's content
     * @return the payload and the signature, which is null if the object is unsigned
     * @throws IllegalArgumentException if the bytes are neither a commit nor a tag
     */
    public static Parts split(byte[] rawObject) {
        Objects.requireNonNull(rawObject, "rawObject");
        if (startsWith(rawObject, 0, "tree ".getBytes(StandardCharsets.US_ASCII))) {
            return splitCommit(rawObject);
        }
        if (startsWith(rawObject, 0, "object ".getBytes(StandardCharsets.US_ASCII))) {
            return splitTag(rawObject);
        }
        throw new IllegalArgumentException("not a raw commit or tag object (it must start with 'tree ' or 'object ')");
    }

    private static Parts splitCommit(byte[] raw) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream(raw.length);
        StringBuilder signature = null;
        boolean inSignature = false;
        boolean inOtherSignature = false;
        int pos = 0;
        while (pos < raw.length) {
            int next = lineEnd(raw, pos);
            if (raw[pos] == '\n') {
                payload.write(raw, pos, raw.length - pos); // end of headers: the message is kept whole
                break;
            }
            if (inSignature && raw[pos] == ' ') {
                signature.append(new String(raw, pos + 1, next - pos - 1, StandardCharsets.UTF_8));
                pos = next;
                continue;
            }
            inSignature = false;
            if (startsWith(raw, pos, GPGSIG_HEADER)) {
                // A second gpgsig header is appended, as C git does; verifiers refuse the result.
                signature = signature == null ? new StringBuilder() : signature;
                signature.append(new String(raw, pos + GPGSIG_HEADER.length,
                        next - pos - GPGSIG_HEADER.length, StandardCharsets.UTF_8));
                inSignature = true;
                inOtherSignature = false;
            } else if (startsWith(raw, pos, GPGSIG)) {
                inOtherSignature = true; // gpgsig-sha256 and the like: neither payload nor ours
            } else if (inOtherSignature && raw[pos] == ' ') {
                // continuation of the other signature
            } else {
                inOtherSignature = false;
                payload.write(raw, pos, next - pos);
            }
            pos = next;
        }
        return new Parts(payload.toByteArray(), signature == null ? null : signature.toString());
    }

    private static Parts splitTag(byte[] raw) {
        int start = -1;
        for (int pos = 0; pos < raw.length; pos = lineEnd(raw, pos)) {
            for (String marker : SIGNATURE_STARTS) {
                if (startsWith(raw, pos, marker.getBytes(StandardCharsets.US_ASCII))) {
                    start = pos;
                }
            }
        }
        if (start < 0) {
            return new Parts(raw, null);
        }
        byte[] signed = Arrays.copyOf(raw, start);
        byte[] payload = splitCommitStyleHeaders(signed);
        return new Parts(payload, new String(raw, start, raw.length - start, StandardCharsets.UTF_8));
    }

    /** Removes {@code gpgsig*} headers (with their continuation lines) from a tag's header. */
    private static byte[] splitCommitStyleHeaders(byte[] object) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(object.length);
        boolean dropping = false;
        int pos = 0;
        while (pos < object.length) {
            int next = lineEnd(object, pos);
            if (object[pos] == '\n') {
                out.write(object, pos, object.length - pos);
                break;
            }
            if (startsWith(object, pos, GPGSIG)) {
                dropping = true;
            } else if (!(dropping && object[pos] == ' ')) {
                dropping = false;
                out.write(object, pos, next - pos);
            }
            pos = next;
        }
        return out.toByteArray();
    }

    /**
     * Puts a signature into an unsigned commit as C git does: a {@code gpgsig} header at the
     * end of the header block (after the committer line of an ordinary commit), each further
     * line of the signature continued with one leading space.
     *
     * @param commitPayload the unsigned commit object, as passed to {@code CommitSigner.sign}
     * @param armoredSignature the signature the signer returned
     * @return the signed commit object, ready for {@code git hash-object -t commit}
     * @throws IllegalArgumentException if the payload is not an unsigned commit
     */
    public static byte[] withCommitSignature(byte[] commitPayload, String armoredSignature) {
        Objects.requireNonNull(armoredSignature, "armoredSignature");
        if (!startsWith(commitPayload, 0, "tree ".getBytes(StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("not a raw commit object (it must start with 'tree ')");
        }
        if (split(commitPayload).signed()) {
            throw new IllegalArgumentException("the commit is already signed");
        }
        int endOfHeaders = indexOf(commitPayload, "\n\n".getBytes(StandardCharsets.US_ASCII));
        int insertAt = endOfHeaders < 0 ? commitPayload.length : endOfHeaders + 1;
        String sig = armoredSignature.endsWith("\n") ? armoredSignature : armoredSignature + "\n";
        StringBuilder header = new StringBuilder("gpgsig");
        for (String line : sig.substring(0, sig.length() - 1).split("\n", -1)) {
            header.append(' ').append(line).append('\n');
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[commitPayload.length + h.length];
        System.arraycopy(commitPayload, 0, out, 0, insertAt);
        System.arraycopy(h, 0, out, insertAt, h.length);
        System.arraycopy(commitPayload, insertAt, out, insertAt + h.length, commitPayload.length - insertAt);
        return out;
    }

    /**
     * Appends a signature to an annotated tag, as {@code git tag -s} does in a SHA-1 repository.
     * Readers take the last armored block as the signature, so one quoted in the message does
     * not matter.
     *
     * @param tagPayload the unsigned tag object; its message must end with a newline
     * @param armoredSignature the signature
     * @return the signed tag object
     * @throws IllegalArgumentException if the payload is not a tag or does not end with a newline
     */
    public static byte[] withTagSignature(byte[] tagPayload, String armoredSignature) {
        Objects.requireNonNull(armoredSignature, "armoredSignature");
        if (!startsWith(tagPayload, 0, "object ".getBytes(StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("not a raw tag object (it must start with 'object ')");
        }
        if (tagPayload.length > 0 && tagPayload[tagPayload.length - 1] != '\n') {
            throw new IllegalArgumentException("the tag message must end with a newline");
        }
        byte[] s = armoredSignature.getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(tagPayload, tagPayload.length + s.length);
        System.arraycopy(s, 0, out, tagPayload.length, s.length);
        return out;
    }

    private static int lineEnd(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return b.length;
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (b == null || b.length - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, byte[] what) {
        for (int i = 0; i + what.length <= b.length; i++) {
            if (startsWith(b, i, what)) {
                return i;
            }
        }
        return -1;
    }
}
