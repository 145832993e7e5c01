package dev.gitsource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to push. With no refspec, the current branch is pushed to the branch of the same
 * name. Immutable; made by {@link #builder()}. A final class rather than a record so that
 * options can be added without breaking code compiled against this one.
 */
public final class PushOptions {
    private static final Pattern REFSPEC = Pattern.compile("\\+?[^:\\s]*(:[^:\\s]+)?");

    private final boolean force;
    private final List<String> refspecs;
    private final List<String> options;
    private final Duration timeout;

    private PushOptions(boolean force, List<String> refspecs, List<String> options, Duration timeout) {
        this.force = force;
        this.refspecs = List.copyOf(refspecs);
        this.options = List.copyOf(options);
        this.timeout = timeout;
    }

    /** @return whether to overwrite the remote refs even if that loses commits */
    public boolean force() {
        return force;
    }

    /** @return refspecs such as {@code HEAD:refs/heads/x} or {@code refs/tags/v1:refs/tags/v1} */
    public List<String> refspecs() {
        return refspecs;
    }

    /** @return push options sent to the server ({@code git push -o}) */
    public List<String> options() {
        return options;
    }

    /** @return the wall-clock deadline, or null for the client's default */
    public Duration timeout() {
        return timeout;
    }

    /** @return the defaults: push the current branch, no force, no options */
    public static PushOptions defaults() {
        return builder().build();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PushOptions p && p.force == force && p.refspecs.equals(refspecs)
                && p.options.equals(options) && Objects.equals(p.timeout, timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(force, refspecs, options, timeout);
    }

    @Override
    public String toString() {
        return "PushOptions[force=" + force + ", refspecs=" + refspecs + ", options=" + options + ", timeout="
                + timeout + "]";
    }

    /** Builds {@link PushOptions}. */
    public static final class Builder {
        private boolean force;
        private final List<String> refspecs = new ArrayList<>();
        private final List<String> options = new ArrayList<>();
        private Duration timeout;

        private Builder() {}

        /**
         * @param force overwrite remote refs even when not a fast-forward
         * @return this builder
         */
        public Builder force(boolean force) {
            this.force = force;
            return this;
        }

        /**
         * @param refspec {@code [+]<src>[:<dst>]}, such as {@code HEAD:refs/heads/x}
         * @return this builder
         * @throws IllegalArgumentException if the refspec is malformed
         */
        public Builder refspec(String refspec) {
            Objects.requireNonNull(refspec, "refspec");
            if (refspec.isEmpty() || !REFSPEC.matcher(refspec).matches() || refspec.contains("..")
                    || refspec.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("not a refspec: '" + refspec + "'");
            }
            refspecs.add(refspec);
            return this;
        }

        /**
         * @param option a push option ({@code git push -o}), such as {@code ci.skip}
         * @return this builder
         * @throws IllegalArgumentException if the option contains a newline or NUL
         */
        public Builder option(String option) {
            Objects.requireNonNull(option, "option");
            if (option.contains("\n") || option.contains("\0")) {
                throw new IllegalArgumentException("push option must be one line: '" + option + "'");
            }
            options.add(option);
            return this;
        }

        /**
         * @param timeout wall-clock deadline for the push
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** @return the options */
        public PushOptions build() {
            return new PushOptions(force, refspecs, options, timeout);
        }
    }
}
