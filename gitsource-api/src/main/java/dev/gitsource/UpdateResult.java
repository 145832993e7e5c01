package dev.gitsource;

import java.util.Objects;

/**
 * The outcome of {@link Repository#update(UpdateOptions)}: either the remote had not moved
 * ({@link #unchanged()}: nothing fetched or written), or the copy now holds the new revision.
 */
public final class UpdateResult {
    private final Revision revision;
    private final Revision previousRevision;
    private final boolean unchanged;
    private final long filesWritten;
    private final long filesDeleted;

    private UpdateResult(Revision revision, Revision previousRevision, boolean unchanged, long filesWritten,
            long filesDeleted) {
        this.revision = Objects.requireNonNull(revision, "revision");
        this.previousRevision = Objects.requireNonNull(previousRevision, "previousRevision");
        this.unchanged = unchanged;
        this.filesWritten = filesWritten;
        this.filesDeleted = filesDeleted;
    }

    /**
     * @param revision the revision the copy holds, which the remote still points at
     * @return a result that says nothing was fetched or written
     */
    public static UpdateResult unchanged(Revision revision) {
        return new UpdateResult(revision, revision, true, 0, 0);
    }

    /**
     * @param revision the revision now checked out
     * @param previousRevision the revision checked out before
     * @param filesWritten files (and symlinks) written
     * @param filesDeleted files (and symlinks) deleted
     * @return a result for a completed update
     */
    public static UpdateResult updated(Revision revision, Revision previousRevision, long filesWritten,
            long filesDeleted) {
        return new UpdateResult(revision, previousRevision, false, filesWritten, filesDeleted);
    }

    /** @return true if the remote had not moved: nothing was fetched or written */
    public boolean unchanged() {
        return unchanged;
    }

    /** @return the revision now checked out, in Flux's format ({@code main@sha1:<hex>}) */
    public String revision() {
        return revision.toString();
    }

    /** @return the revision now checked out, as a value */
    public Revision parsedRevision() {
        return revision;
    }

    /** @return the revision checked out before the update */
    public String previousRevision() {
        return previousRevision.toString();
    }

    /** @return how many files and symlinks were written */
    public long filesWritten() {
        return filesWritten;
    }

    /** @return how many files and symlinks were deleted */
    public long filesDeleted() {
        return filesDeleted;
    }

    @Override
    public String toString() {
        return unchanged ? "unchanged " + revision
                : "updated " + previousRevision + " -> " + revision + " (" + filesWritten + " written, "
                        + filesDeleted + " deleted)";
    }
}
