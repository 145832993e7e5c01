package dev.gitsource;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to update a working copy in place ({@link Repository#update(UpdateOptions)}).
 * Immutable; made by {@link #builder()}.
 */
public final class UpdateOptions {
    private final CheckoutTarget target;
    private final boolean discardLocalChanges;
    private final Boolean lfs;
    private final Duration timeout;

    private UpdateOptions(Builder b) {
        this.target = b.target;
        this.discardLocalChanges = b.discardLocalChanges;
        this.lfs = b.lfs;
        this.timeout = b.timeout;
    }

    /** @return the defaults: the copy's own target, local changes refused, the client's timeout */
    public static UpdateOptions defaults() {
        return builder().build();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the target to move to; empty for the target the copy was cloned (or last updated) with */
    public Optional<CheckoutTarget> target() {
        return Optional.ofNullable(target);
    }

    /** @return whether uncommitted changes, untracked files and local commits are replaced */
    public boolean discardLocalChanges() {
        return discardLocalChanges;
    }

    /**
     * @return whether the files the update writes that are Git LFS pointers are replaced by their
     *     objects; empty: as the copy was cloned ({@link CloneOptions#lfs()})
     * @since 0.1.0
     */
    public Optional<Boolean> lfs() {
        return Optional.ofNullable(lfs);
    }

    /** @return the wall-clock deadline, if set; else the client's */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    @Override
    public String toString() {
        return "UpdateOptions[target=" + (target == null ? "recorded" : target) + ", discardLocalChanges="
                + discardLocalChanges + ", lfs=" + (lfs == null ? "recorded" : lfs) + ", timeout=" + timeout + "]";
    }

    /** Builds {@link UpdateOptions}. */
    public static final class Builder {
        private CheckoutTarget target;
        private boolean discardLocalChanges;
        private Boolean lfs;
        private Duration timeout;

        private Builder() {}

        /**
         * @param target where to move the copy (another branch, tag, semver range, commit or ref)
         * @return this builder
         */
        public Builder target(CheckoutTarget target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        /**
         * @param discard replace uncommitted changes, untracked files and local commits instead of
         *     refusing with {@link LocalChangesException}
         * @return this builder
         */
        public Builder discardLocalChanges(boolean discard) {
            this.discardLocalChanges = discard;
            return this;
        }

        /**
         * @param lfs whether files the update writes that are Git LFS pointers (under
         *     {@code filter=lfs}) are replaced by their objects; not set: as the copy was cloned
         * @return this builder
         * @since 0.1.0
         */
        public Builder lfs(boolean lfs) {
            this.lfs = lfs;
            return this;
        }

        /**
         * @param timeout the wall-clock deadline over the whole update; positive
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** @return the options */
        public UpdateOptions build() {
            return new UpdateOptions(this);
        }
    }
}
