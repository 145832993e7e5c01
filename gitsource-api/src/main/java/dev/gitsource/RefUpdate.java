package dev.gitsource;

import java.util.Objects;
import java.util.Optional;

/**
 * What a push did to one remote ref. A final class rather than a record so that parts can be
 * added without breaking code compiled against this one.
 */
public final class RefUpdate {
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

    private final String remoteRef;
    private final Status status;
    private final String message;

    /**
     * For implementations, which make the result; callers only read it.
     *
     * @param remoteRef the full remote ref name
     * @param status what happened
     * @param message the server's reason, or null
     */
    public RefUpdate(String remoteRef, Status status, String message) {
        this.remoteRef = Objects.requireNonNull(remoteRef, "remoteRef");
        this.status = Objects.requireNonNull(status, "status");
        this.message = message;
    }

    /** @return the full remote ref name */
    public String remoteRef() {
        return remoteRef;
    }

    /** @return what happened */
    public Status status() {
        return status;
    }

    /** @return the server's reason, or null */
    public String message() {
        return message;
    }

    /** @return the server's reason, if it gave one */
    public Optional<String> messageIfAny() {
        return Optional.ofNullable(message);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RefUpdate u && u.remoteRef.equals(remoteRef) && u.status == status
                && Objects.equals(u.message, message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(remoteRef, status, message);
    }

    @Override
    public String toString() {
        return "RefUpdate[remoteRef=" + remoteRef + ", status=" + status + ", message=" + message + "]";
    }
}
