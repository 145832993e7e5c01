package dev.gitsource;

import java.util.Objects;
import java.util.Optional;

/**
 * A tag through which a commit was checked out.
 *
 * @param name the short tag name
 * @param id the tag object's id for an annotated tag, the commit id for a lightweight one
 * @param annotated whether it is an annotated tag object
 * @param tagger who made an annotated tag, or null
 * @param message the annotated tag's message, or null
 * @param signature the armored signature of a signed tag, or null
 * @param signedPayload the tag object without its signature (what was signed), or null
 */
public record Tag(String name, String id, boolean annotated, Person tagger, String message, String signature,
        byte[] signedPayload) {
    /**
     * Checks the required parts.
     *
     * @param name see the record component
     * @param id see the record component
     * @param annotated see the record component
     * @param tagger see the record component
     * @param message see the record component
     * @param signature see the record component
     * @param signedPayload see the record component
     */
    public Tag {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        signedPayload = signedPayload == null ? null : signedPayload.clone();
    }

    /** @return the armored signature, if the tag is signed */
    public Optional<String> signatureIfAny() {
        return Optional.ofNullable(signature);
    }

    /** @return a copy of the signed payload, or null if unsigned */
    @Override
    public byte[] signedPayload() {
        return signedPayload == null ? null : signedPayload.clone();
    }

    @Override
    public String toString() {
        return (annotated ? "annotated tag " : "tag ") + name + " " + id;
    }
}
