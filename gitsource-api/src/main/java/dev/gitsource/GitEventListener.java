package dev.gitsource;

import java.net.URI;
import java.time.Duration;

/**
 * Observes a {@link GitSource}'s operations, for progress and metrics. Every method does
 * nothing by default; implementations override what they need and must be thread-safe and
 * quick (they run on the operation's thread). The remote is given without user information
 * (a token in the URL's user part never reaches a listener), otherwise as the caller gave it.
 */
public interface GitEventListener {
    /** A listener that ignores everything. */
    GitEventListener NONE = new GitEventListener() {};

    /**
     * A clone starts.
     *
     * @param remote the remote
     * @param target what is checked out
     */
    default void cloneStarted(URI remote, CheckoutTarget target) {}

    /**
     * Progress within a phase of an operation.
     *
     * @param phase a short name such as {@code receiving objects} or {@code checking out files}
     * @param done units done so far
     * @param total units in all, or 0 when unknown
     */
    default void progress(String phase, long done, long total) {}

    /**
     * A clone or update that sparse paths made partial (only the blobs under them fetched)
     * fetches the whole pack instead, because the server does not advertise {@code filter} or
     * refused to send blobs by id. The operation goes on; its {@link CloneStats#partialFallback()}
     * gives the same reason.
     *
     * @param remote the remote
     * @param reason why, naming the remote with credentials removed
     */
    default void partialFallback(URI remote, String reason) {}

    /**
     * An operation failed with a retryable error and its {@link RetryPolicy} tries again after
     * {@code wait} (the backoff, or the server's {@code Retry-After}).
     *
     * @param remote the remote
     * @param error the error of the attempt that failed
     * @param attempt the attempt that failed, starting at 1
     * @param wait how long the operation waits before the next attempt
     * @since 0.1.0
     */
    default void retrying(URI remote, GitTransportException error, int attempt, Duration wait) {}

    /**
     * A clone finished, or found the remote unchanged.
     *
     * @param remote the remote
     * @param result the outcome
     * @param stats what it took
     */
    default void cloneFinished(URI remote, CloneResult result, CloneStats stats) {}

    /**
     * A clone failed; nothing it wrote is left.
     *
     * @param remote the remote
     * @param error the error about to be thrown
     * @param stats what it took until the failure
     */
    default void cloneFailed(URI remote, GitSourceException error, CloneStats stats) {}

    /**
     * An update of a working copy starts.
     *
     * @param remote the remote
     * @param target what the copy moves to
     */
    default void updateStarted(URI remote, CheckoutTarget target) {}

    /**
     * An update finished, or found the remote unchanged.
     *
     * @param remote the remote
     * @param result the outcome
     * @param stats what it took ({@code filesWritten} counts files written and deleted)
     */
    default void updateFinished(URI remote, UpdateResult result, CloneStats stats) {}

    /**
     * An update failed.
     *
     * @param remote the remote
     * @param error the error about to be thrown
     * @param stats what it took until the failure
     */
    default void updateFailed(URI remote, GitSourceException error, CloneStats stats) {}

    /**
     * An ls-remote starts.
     *
     * @param remote the remote
     */
    default void lsRemoteStarted(URI remote) {}

    /**
     * An ls-remote finished.
     *
     * @param remote the remote
     * @param refs what the remote advertised
     */
    default void lsRemoteFinished(URI remote, RemoteRefs refs) {}

    /**
     * An ls-remote failed.
     *
     * @param remote the remote
     * @param error the error about to be thrown
     */
    default void lsRemoteFailed(URI remote, GitSourceException error) {}

    /**
     * A push starts.
     *
     * @param remote the remote
     */
    default void pushStarted(URI remote) {}

    /**
     * A push failed; local commits are kept.
     *
     * @param remote the remote
     * @param error the error about to be thrown
     */
    default void pushFailed(URI remote, GitSourceException error) {}

    /**
     * A push finished.
     *
     * @param remote the remote
     * @param result the outcome
     */
    default void pushFinished(URI remote, PushResult result) {}
}
