package dev.gitsource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to clone and where. Immutable; made by {@link #builder()}. A final class rather than a
 * record so that options can be added without breaking code compiled against this one.
 */
public final class CloneOptions {
    private final CheckoutTarget target;
    private final int depth;
    private final Path directory;
    private final Revision lastObservedRevision;
    private final List<String> sparsePaths;
    private final boolean submodules;
    private final boolean export;
    private final boolean lfs;
    private final Duration timeout;

    private CloneOptions(CheckoutTarget target, int depth, Path directory, Revision lastObservedRevision,
            List<String> sparsePaths, boolean submodules, boolean export, boolean lfs, Duration timeout) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(directory, "directory");
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be 0 (full history) or positive: " + depth);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (export && submodules) {
            throw new IllegalArgumentException("export mode does not support submodules");
        }
        this.target = target;
        this.depth = depth;
        this.directory = directory;
        this.lastObservedRevision = lastObservedRevision;
        this.sparsePaths = List.copyOf(sparsePaths);
        this.submodules = submodules;
        this.export = export;
        this.lfs = lfs;
        this.timeout = timeout;
    }

    /** @return what to check out (default: the remote's default branch) */
    public CheckoutTarget target() {
        return target;
    }

    /** @return how many commits of history to fetch; 0 means all */
    public int depth() {
        return depth;
    }

    /** @return where the working copy goes; must be absent or an empty directory */
    public Path directory() {
        return directory;
    }

    /** @return if the remote still points at this revision, nothing is fetched; or null */
    public Revision lastObservedRevision() {
        return lastObservedRevision;
    }

    /** @return if not empty, only these directories (or files) are written */
    public List<String> sparsePaths() {
        return sparsePaths;
    }

    /** @return whether submodules are cloned too (recursively, with the same credentials) */
    public boolean submodules() {
        return submodules;
    }

    /** @return whether to write only the files, without a {@code .git} directory */
    public boolean export() {
        return export;
    }

    /**
     * @return whether files that {@code .gitattributes} give {@code filter=lfs} and that hold a Git
     *     LFS pointer are replaced by their objects, fetched from the LFS server with the client's
     *     credentials (default false: the pointer files are written as they are)
     * @since 0.1.0
     */
    public boolean lfs() {
        return lfs;
    }

    /** @return the wall-clock deadline for this clone, or null for the client's default */
    public Duration timeout() {
        return timeout;
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

    @Override
    public boolean equals(Object o) {
        return o instanceof CloneOptions c && c.target.equals(target) && c.depth == depth
                && c.directory.equals(directory) && Objects.equals(c.lastObservedRevision, lastObservedRevision)
                && c.sparsePaths.equals(sparsePaths) && c.submodules == submodules && c.export == export
                && c.lfs == lfs && Objects.equals(c.timeout, timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(target, depth, directory, lastObservedRevision, sparsePaths, submodules, export, lfs, timeout);
    }

    @Override
    public String toString() {
        return "CloneOptions[target=" + target + ", depth=" + depth + ", directory=" + directory
                + ", lastObservedRevision=" + lastObservedRevision + ", sparsePaths=" + sparsePaths
                + ", submodules=" + submodules + ", export=" + export + ", lfs=" + lfs + ", timeout=" + timeout + "]";
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
        private boolean lfs;
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
         * Git LFS: files whose attributes say {@code filter=lfs} and whose content is an LFS
         * pointer are replaced by their objects (batch API, the client's credentials, TLS and
         * proxy; SHA-256 and size verified; in parallel), only inside the sparse paths. Off,
         * the pointer files are written as they are.
         *
         * @param lfs whether to fetch Git LFS objects
         * @return this builder
         * @since 0.1.0
         */
        public Builder lfs(boolean lfs) {
            this.lfs = lfs;
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
            return new CloneOptions(target, depth, directory, lastObserved, sparsePaths, submodules, export, lfs, timeout);
        }
    }
}
