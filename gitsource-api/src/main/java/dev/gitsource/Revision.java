package dev.gitsource;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A point in a repository's history as Flux prints it: {@code main@sha1:<40 hex>},
 * {@code v1.2.0@sha1:<hex>}, {@code refs/pull/7/head@sha1:<hex>}, or {@code sha1:<hex>} for
 * a bare commit. {@link #parse(String)} also accepts Flux's legacy {@code main/<hex>} and a
 * bare 40-hex id.
 *
 * <p>The name is the short branch or tag name for {@code refs/heads/} and {@code refs/tags/}
 * refs, and the full name for any other ref.
 *
 * @param name the branch, tag or ref name, or null for a bare commit
 * @param id the commit id, lower-case hex (40 for SHA-1, 64 for SHA-256)
 */
public record Revision(String name, String id) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    /**
     * Validates the parts.
     *
     * @param name see the record component
     * @param id see the record component
     */
    public Revision {
        Objects.requireNonNull(id, "id");
        if (!HEX.matcher(id).matches()) {
            throw new IllegalArgumentException("not a full commit id (40 or 64 lower-case hex): '" + id + "'");
        }
        if (name != null && (name.isBlank() || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == ' '))) {
            throw new IllegalArgumentException("not a valid revision name: '" + name + "'");
        }
    }

    /**
     * A revision of a commit reached through a ref.
     *
     * @param refName a full ref name ({@code refs/heads/main}) or a short name ({@code main})
     * @param id the commit id
     * @return the revision, with {@code refs/heads/} and {@code refs/tags/} shortened
     */
    public static Revision of(String refName, String id) {
        return new Revision(refName == null ? null : shortName(refName), id);
    }

    /**
     * A revision of a bare commit, printed {@code sha1:<hex>}.
     *
     * @param id the commit id
     * @return the revision
     */
    public static Revision ofCommit(String id) {
        return new Revision(null, id);
    }

    /**
     * Parses Flux's formats: {@code name@sha1:hex}, {@code sha1:hex}, legacy {@code name/hex}
     * and a bare hex id.
     *
     * @param text the revision text
     * @return the parsed revision
     * @throws IllegalArgumentException naming the text when it is none of those
     */
    public static Revision parse(String text) {
        Objects.requireNonNull(text, "revision");
        try {
            int at = text.lastIndexOf('@');
            if (at > 0) {
                return new Revision(text.substring(0, at), hashPart(text.substring(at + 1)));
            }
            if (text.contains(":")) {
                return new Revision(null, hashPart(text));
            }
            int slash = text.lastIndexOf('/');
            if (slash > 0) {
                return new Revision(text.substring(0, slash), text.substring(slash + 1));
            }
            return new Revision(null, text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a revision: '" + text
                    + "' (expected <name>@sha1:<hex>, sha1:<hex> or <name>/<hex>)", e);
        }
    }

    private static String hashPart(String s) {
        if (s.startsWith("sha1:") && s.length() == 45) {
            return s.substring(5);
        }
        if (s.startsWith("sha256:") && s.length() == 71) {
            return s.substring(7);
        }
        throw new IllegalArgumentException("bad digest '" + s + "'");
    }

    /**
     * @param refName a full or short ref name
     * @return the name as a revision prints it
     */
    static String shortName(String refName) {
        if (refName.startsWith("refs/heads/")) {
            return refName.substring("refs/heads/".length());
        }
        if (refName.startsWith("refs/tags/")) {
            return refName.substring("refs/tags/".length());
        }
        return refName;
    }

    /** @return the name, if the revision was reached through a ref */
    public Optional<String> nameIfAny() {
        return Optional.ofNullable(name);
    }

    /** @return Flux's format: {@code name@sha1:hex} or {@code sha1:hex} */
    @Override
    public String toString() {
        String digest = (id.length() == 40 ? "sha1:" : "sha256:") + id;
        return name == null ? digest : name + "@" + digest;
    }
}
