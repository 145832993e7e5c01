package dev.gitsource.jgit.internal;

import java.io.IOException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/** Points a working copy's HEAD (and its branch) at a checked-out commit. */
final class LocalRefs {
    private LocalRefs() {}

    /**
     * @param branch the local branch HEAD is linked to, or null for a detached HEAD
     */
    static void setHead(Repository repo, String branch, ObjectId commit) throws IOException {
        RefUpdate head = repo.updateRef("HEAD", branch == null);
        if (branch != null) {
            RefUpdate ref = repo.updateRef("refs/heads/" + branch);
            ref.setNewObjectId(commit);
            ref.setForceUpdate(true);
            check(ref.update(), "refs/heads/" + branch);
            check(head.link("refs/heads/" + branch), "HEAD");
        } else {
            head.setNewObjectId(commit);
            head.setForceUpdate(true);
            check(head.update(), "HEAD");
        }
        delete(repo, Fetch.SCRATCH_REF);
    }

    static void delete(Repository repo, String name) throws IOException {
        if (repo.exactRef(name) != null) {
            RefUpdate u = repo.updateRef(name);
            u.setForceUpdate(true);
            u.delete();
        }
    }

    private static void check(RefUpdate.Result r, String ref) throws IOException {
        switch (r) {
            case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> { }
            default -> throw new IOException("cannot update " + ref + ": " + r);
        }
    }
}
