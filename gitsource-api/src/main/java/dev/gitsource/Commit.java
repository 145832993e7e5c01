package dev.gitsource;

import java.util.Objects;
import java.util.Optional;

/**
 * A commit, with what a caller needs to verify its signature.
 *
 * @param id the commit id (hex)
 * @param reference the ref it was reached through ({@code refs/heads/main}), or null
 * @param author the author
 * @param committer the committer
 * @param message the full message
 * @param signature the armored OpenPGP or SSH signature, or null if unsigned
 * @param signedPayload the commit object without its signature (what was signed), or null
 * @param tag the tag it was checked out through, or null
 */
public record Commit(String id, String reference, Person author, Person committer, String message,
        String signature, byte[] signedPayload, Tag tag) {
    /**
     * Checks the required parts.
     *
     * @param id see the record component
     * @param reference see the record component
     * @param author see the record component
     * @param committer see the record component
     * @param message see the record component
     * @param signature see the record component
     * @param signedPayload see the record component
     * @param tag see the record component
     */
    public Commit {
        Names.commitId(id);
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(committer, "committer");
        Objects.requireNonNull(message, "message");
        signedPayload = signedPayload == null ? null : signedPayload.clone();
    }

    /** @return the revision in Flux's format: {@code main@sha1:<hex>}, or {@code sha1:<hex>} */
    public String revision() {
        if (tag != null) {
            return Revision.of("refs/tags/" + tag.name(), id).toString();
        }
        return Revision.of(reference, id).toString();
    }

    /** @return the armored signature, if signed */
    public Optional<String> signatureIfAny() {
        return Optional.ofNullable(signature);
    }

    /** @return the tag the commit was checked out through, if any */
    public Optional<Tag> tagIfAny() {
        return Optional.ofNullable(tag);
    }

    /** @return a copy of the signed payload, or null if unsigned */
    @Override
    public byte[] signedPayload() {
        return signedPayload == null ? null : signedPayload.clone();
    }

    /** @return the first line of the message */
    public String subject() {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Commit c && c.id.equals(id) && Objects.equals(c.reference, reference)
                && Objects.equals(c.tag == null ? null : c.tag.name(), tag == null ? null : tag.name());
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return revision() + " " + subject();
    }
}
