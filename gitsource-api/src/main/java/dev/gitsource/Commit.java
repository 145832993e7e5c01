package dev.gitsource;

import java.util.Objects;
import java.util.Optional;

/**
 * A commit, with what a caller needs to verify its signature. A final class rather than a
 * record so that parts can be added without breaking code compiled against this one.
 */
public final class Commit {
    private final String id;
    private final String reference;
    private final Person author;
    private final Person committer;
    private final String message;
    private final String signature;
    private final byte[] signedPayload;
    private final Tag tag;

    /**
     * For implementations, which read commits from a repository; checks the required parts.
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
    public Commit(String id, String reference, Person author, Person committer, String message, String signature,
            byte[] signedPayload, Tag tag) {
        this.id = Names.commitId(id);
        this.reference = reference;
        this.author = Objects.requireNonNull(author, "author");
        this.committer = Objects.requireNonNull(committer, "committer");
        this.message = Objects.requireNonNull(message, "message");
        this.signature = signature;
        this.signedPayload = signedPayload == null ? null : signedPayload.clone();
        this.tag = tag;
    }

    /** @return the commit id (hex) */
    public String id() {
        return id;
    }

    /** @return the ref it was reached through ({@code refs/heads/main}), or null */
    public String reference() {
        return reference;
    }

    /** @return the author */
    public Person author() {
        return author;
    }

    /** @return the committer */
    public Person committer() {
        return committer;
    }

    /** @return the full message */
    public String message() {
        return message;
    }

    /** @return the armored OpenPGP or SSH signature, or null if unsigned */
    public String signature() {
        return signature;
    }

    /** @return the tag it was checked out through, or null */
    public Tag tag() {
        return tag;
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

    /** @return a copy of the signed payload (the commit object without its signature), or null if unsigned */
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
