package dev.gitsource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to clone and where. Immutable; made by {@link #builder()}.
 *
 * @param target what to check out (default: the remote's default branch)
 * @param depth how many commits of history to fetch; 0 means all
 * @param directory where the working copy goes; must be absent or an empty directory
 * @param lastObservedRevision if the remote still points at this revision, nothing is fetched
 * @param sparsePaths if not empty, only these directories (or files) are written
 * @param submodules whether submodules are cloned too (recursively, with the same credentials)
 * @param export whether to write only the files, without a {@code .git} directory
 * @param timeout the wall-clock deadline for this clone, or null for the client's default
 */
public record CloneOptions(CheckoutTarget target, int depth, Path directory, Revision lastObservedRevision,
        List<String> sparsePaths, boolean submodules, boolean export, Duration timeout) {

    /**
     * Validates the options.
     *
     * @param target see the record component
     * @param depth see the record component
     * @param directory see the record component
     * @param lastObservedRevision see the record component
     * @param sparsePaths see the record component
     * @param submodules see the record component
     * @param export see the record component
     * @param timeout see the record component
     */
    public CloneOptions {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(directory, "directory");
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be 0 (full history) or positive: " + depth);
        }
        sparsePaths = List.copyOf(sparsePaths);
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (export && submodules) {
            throw new IllegalArgumentException("export mode does not support submodules");
        }
    }

    /** @return a builder with the defaults: remote HEAD, full depth, no sparse paths */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the last observed revision, if one was given */
    public Optional<Revision> lastObserved() {
        return Optional.ofNullable(lastObservedRevision);
    }

    /** @return the per-clone deadline, if one was given */
    public Optional<Duration> timeoutIfAny() {
        return Optional.ofNullable(timeout);
    }

    /** Builds {@link CloneOptions}; each setter validates its argument at once. */
    public static final class Builder {
        private CheckoutTarget target = CheckoutTarget.head();
        private int depth;
        private Path directory;
        private Revision lastObserved;
        private final List<String> sparsePaths = new ArrayList<>();
        private boolean submodules;
        private boolean export;
        private Duration timeout;

        private Builder() {}

        /**
         * @param target what to check out
         * @return this builder
         */
        public Builder target(CheckoutTarget target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        /**
         * @param depth commits of history to fetch; 0 for the full history
         * @return this builder
         * @throws IllegalArgumentException if depth is negative
         */
        public Builder depth(int depth) {
            if (depth < 0) {
                throw new IllegalArgumentException("depth must be 0 (full history) or positive: " + depth);
            }
            this.depth = depth;
            return this;
        }

        /**
         * @param directory the working copy's directory; absent or empty
         * @return this builder
         */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * @param revision a revision returned by an earlier clone, such as {@code main@sha1:<hex>}
         * @return this builder
         * @throws IllegalArgumentException if the revision cannot be parsed
         */
        public Builder lastObservedRevision(String revision) {
            this.lastObserved = revision == null ? null : Revision.parse(revision);
            return this;
        }

        /**
         * @param paths relative directories or files to write; empty for all
         * @return this builder
         * @throws IllegalArgumentException naming a path that is absolute or contains {@code ..} or {@code .git}
         */
        public Builder sparsePaths(List<String> paths) {
            List<String> checked = new ArrayList<>();
            for (String p : paths) {
                checked.add(Names.relativePath("sparse path", p));
            }
            sparsePaths.clear();
            sparsePaths.addAll(checked);
            return this;
        }

        /**
         * @param submodules whether to clone submodules recursively
         * @return this builder
         */
        public Builder submodules(boolean submodules) {
            this.submodules = submodules;
            return this;
        }

        /**
         * @param export write the files only, without a {@code .git} directory (for callers
         *     that package the tree); the result then has no repository handle
         * @return this builder
         */
        public Builder export(boolean export) {
            this.export = export;
            return this;
        }

        /**
         * @param timeout wall-clock deadline over the whole clone
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * @return the options
         * @throws NullPointerException if no directory was given
         */
        public CloneOptions build() {
            if (directory == null) {
                throw new IllegalStateException("directory is required");
            }
            return new CloneOptions(target, depth, directory, lastObserved, sparsePaths, submodules, export, timeout);
        }
    }
}
