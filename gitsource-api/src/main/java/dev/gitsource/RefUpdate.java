package dev.gitsource;

import java.util.Objects;
import java.util.Optional;

/**
 * What a push did to one remote ref.
 *
 * @param remoteRef the full remote ref name
 * @param status what happened
 * @param message the server's reason, or null
 */
public record RefUpdate(String remoteRef, Status status, String message) {
    /** What happened to a remote ref. */
    public enum Status {
        /** Updated, created or deleted. */
        OK,
        /** Already pointed at the pushed commit. */
        UP_TO_DATE,
        /** Refused because it is not a fast-forward (use force). */
        REJECTED_NON_FAST_FORWARD,
        /** Refused by the server (a hook, a protected branch, a permission). */
        REJECTED_BY_SERVER,
        /** Refused for another reason (stale info, missing objects). */
        REJECTED_OTHER;

        /** @return true for a rejection */
        public boolean rejected() {
            return this != OK && this != UP_TO_DATE;
        }
    }

    /**
     * Checks the parts.
     *
     * @param remoteRef see the record component
     * @param status see the record component
     * @param message see the record component
     */
    public RefUpdate {
        Objects.requireNonNull(remoteRef, "remoteRef");
        Objects.requireNonNull(status, "status");
    }

    /** @return the server's reason, if it gave one */
    public Optional<String> messageIfAny() {
        return Optional.ofNullable(message);
    }
}
