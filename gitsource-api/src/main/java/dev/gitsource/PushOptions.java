package dev.gitsource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to push. With no refspec, the current branch is pushed to the branch of the same
 * name. Immutable; made by {@link #builder()}.
 *
 * @param force whether to overwrite the remote refs even if that loses commits
 * @param refspecs refspecs such as {@code HEAD:refs/heads/x} or {@code refs/tags/v1:refs/tags/v1}
 * @param options push options sent to the server ({@code git push -o})
 * @param timeout the wall-clock deadline, or null for the client's default
 */
public record PushOptions(boolean force, List<String> refspecs, List<String> options, Duration timeout) {
    private static final Pattern REFSPEC = Pattern.compile("\\+?[^:\\s]*(:[^:\\s]+)?");

    /**
     * Validates the options.
     *
     * @param force see the record component
     * @param refspecs see the record component
     * @param options see the record component
     * @param timeout see the record component
     */
    public PushOptions {
        refspecs = List.copyOf(refspecs);
        options = List.copyOf(options);
    }

    /** @return the defaults: push the current branch, no force, no options */
    public static PushOptions defaults() {
        return builder().build();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
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
