package dev.gitsource.jgit.internal;

import dev.gitsource.Revision;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;

/**
 * What a checkout target resolved to on the remote.
 *
 * @param refName the ref to fetch, {@code HEAD} for a detached remote HEAD, or null for a bare commit
 * @param commit the commit to check out
 * @param revision the revision to report
 * @param branch the branch the working copy will be on, or null for a detached HEAD
 * @param tag the advertised tag ref when a tag was checked out, else null
 * @param branchTip for a commit on a branch, the branch's advertised tip, else null
 */
record ResolvedTarget(String refName, ObjectId commit, Revision revision, String branch, Ref tag, ObjectId branchTip) {
    ResolvedTarget(String refName, ObjectId commit, Revision revision, String branch, Ref tag) {
        this(refName, commit, revision, branch, tag, null);
    }
}
