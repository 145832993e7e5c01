package dev.gitsource;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A working copy made by {@link GitSource#clone}, {@link GitSource#open} or
 * {@link GitSource#init}. Not thread-safe: use one handle from one thread at a time.
 * Operations that talk to the remote use the settings of the {@link GitSource} that made
 * the handle.
 */
public interface Repository extends AutoCloseable {

    /** @return the working copy's directory */
    Path directory();

    /**
     * @return the commit {@code HEAD} points at
     * @throws RefNotFoundException if the repository has no commit yet
     */
    Commit head();

    /** @return the current branch's short name, or empty when {@code HEAD} is detached */
    Optional<String> currentBranch();

    /** @return true if the working tree and index match {@code HEAD} (untracked files count as changes) */
    boolean isClean();

    /**
     * Updates the working copy in place: one ls-refs for the target; if the remote moved,
     * fetches only the objects the copy lacks (keeping its depth), then writes only the files
     * that differ and deletes those that are gone. A failure before the write phase leaves the
     * copy as it was; a failure during it leaves a copy that the next update repairs.
     *
     * @param options the target (default: the copy's own) and how to treat local changes
     * @return what changed
     * @throws LocalChangesException if the copy has uncommitted changes, untracked files or
     *     local commits and {@code discardLocalChanges} is false; nothing is changed
     * @throws UnsafeContentException if the new tree holds a path that may not be written; nothing is changed
     */
    UpdateResult update(UpdateOptions options);

    /**
     * Updates the working copy to the latest commit of the target it was cloned with.
     *
     * @return what changed
     * @see #update(UpdateOptions)
     */
    default UpdateResult update() {
        return update(UpdateOptions.defaults());
    }

    /**
     * Switches to a branch: the local branch if it exists, else one made from the remote
     * branch of that name (fetched if needed), else a new branch at {@code HEAD}. Sparse
     * paths of the clone are kept.
     *
     * @param branch the short branch name
     * @throws IllegalArgumentException if the name is not a valid branch name
     */
    void switchBranch(String branch);

    /**
     * Writes the request's files, stages every change in the working tree and commits.
     *
     * @param request what to commit
     * @return the new commit
     * @throws NothingToCommitException if nothing changed
     * @throws UnsafeContentException if a path would be written through a symlink
     */
    Commit commit(CommitRequest request);

    /**
     * Pushes to the remote the repository was cloned from.
     *
     * @param options what and how to push
     * @return the status of every updated ref
     * @throws PushRejectedException if the server refused any ref; local commits are untouched
     */
    PushResult push(PushOptions options);

    /**
     * Pushes the current branch to the branch of the same name.
     *
     * @return the status of the updated ref
     * @throws PushRejectedException if the server refused it
     */
    default PushResult push() {
        return push(PushOptions.defaults());
    }

    /** Releases the handle's resources; the working copy stays on disk. */
    @Override
    void close();
}
