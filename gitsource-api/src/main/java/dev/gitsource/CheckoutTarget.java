package dev.gitsource;

import java.util.Objects;
import java.util.Optional;

/**
 * What a clone checks out. A sealed type, so only one target can be given and the
 * implementation handles every kind:
 * {@link #head()}, {@link #branch(String)}, {@link #tag(String)}, {@link #semver(String)},
 * {@link #commit(String)}, {@link #commit(String, String)} and {@link #refName(String)}.
 */
public sealed interface CheckoutTarget {

    /** The remote's default branch (what its {@code HEAD} points at), as {@code git clone} does. */
    record Head() implements CheckoutTarget {}

    /**
     * The tip of a branch.
     *
     * @param name the short branch name, such as {@code main}
     */
    record Branch(String name) implements CheckoutTarget {
        /**
         * Validates the name.
         *
         * @param name see the record component
         */
        public Branch {
            Names.refName("branch name", name);
            if (name.startsWith("refs/")) {
                throw new IllegalArgumentException("branch name must be short (main, not refs/heads/main): '" + name + "'");
            }
        }
    }

    /**
     * A tag, lightweight or annotated; the resulting commit reports the tag.
     *
     * @param name the short tag name, such as {@code v1.2.0}
     */
    record Tag(String name) implements CheckoutTarget {
        /**
         * Validates the name.
         *
         * @param name see the record component
         */
        public Tag {
            Names.refName("tag name", name);
            if (name.startsWith("refs/")) {
                throw new IllegalArgumentException("tag name must be short (v1, not refs/tags/v1): '" + name + "'");
            }
        }
    }

    /**
     * The highest tag whose name is a semantic version in the range.
     *
     * @param range the range of versions
     */
    record Semver(SemverRange range) implements CheckoutTarget {
        /**
         * Validates the range.
         *
         * @param range see the record component
         */
        public Semver {
            Objects.requireNonNull(range, "range");
        }
    }

    /**
     * A commit by id, optionally reached through a branch (then the clone may be shallow
     * along that branch and the revision names it).
     *
     * @param id the full commit id
     * @param branch the short branch name containing the commit, or null
     */
    record Commit(String id, String branch) implements CheckoutTarget {
        /**
         * Validates the id and branch.
         *
         * @param id see the record component
         * @param branch see the record component
         */
        public Commit {
            Names.commitId(id);
            if (branch != null) {
                new Branch(branch);
            }
        }

        /** @return the branch that contains the commit, if given */
        public Optional<String> branchIfAny() {
            return Optional.ofNullable(branch);
        }
    }

    /**
     * Any full ref name, such as {@code refs/pull/7/head} or {@code refs/merge-requests/3/head},
     * fetched directly even when no branch contains it.
     *
     * @param name the full ref name, starting with {@code refs/}
     */
    record RefName(String name) implements CheckoutTarget {
        /**
         * Validates the name.
         *
         * @param name see the record component
         */
        public RefName {
            Names.refName("ref name", name);
            if (!name.startsWith("refs/")) {
                throw new IllegalArgumentException("ref name must be a full name starting with refs/: '" + name + "'");
            }
        }
    }

    /** @return the remote's default branch */
    static CheckoutTarget head() {
        return new Head();
    }

    /**
     * @param name a short branch name
     * @return the tip of that branch
     */
    static CheckoutTarget branch(String name) {
        return new Branch(name);
    }

    /**
     * @param name a short tag name
     * @return that tag
     */
    static CheckoutTarget tag(String name) {
        return new Tag(name);
    }

    /**
     * @param range a semver range such as {@code >=1.2 <2}
     * @return the highest tag in the range; pre-releases excluded
     * @throws IllegalArgumentException when the range is malformed
     */
    static CheckoutTarget semver(String range) {
        return new Semver(SemverRange.parse(range));
    }

    /**
     * @param range a parsed range (use {@link SemverRange#includingPreReleases()} to admit pre-releases)
     * @return the highest tag in the range
     */
    static CheckoutTarget semver(SemverRange range) {
        return new Semver(range);
    }

    /**
     * @param id a full commit id
     * @return that commit
     */
    static CheckoutTarget commit(String id) {
        return new Commit(id, null);
    }

    /**
     * @param id a full commit id
     * @param branch a branch that contains it
     * @return that commit, reached through the branch
     */
    static CheckoutTarget commit(String id, String branch) {
        return new Commit(id, Objects.requireNonNull(branch, "branch"));
    }

    /**
     * @param name a full ref name such as {@code refs/pull/7/head}
     * @return the commit that ref points at
     */
    static CheckoutTarget refName(String name) {
        return new RefName(name);
    }
}
