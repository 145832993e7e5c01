package dev.gitsource.jgit.internal;

import dev.gitsource.CheckoutTarget;
import java.io.IOException;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The fetch of a sparse checkout: the commit and its trees with {@code filter blob:none} (at the
 * copy's depth), then exactly the blobs the checkout reads ({@link SparseBlobs}), by id
 * ({@link BlobFetch}). A missing sparse path fails after the trees, before any blob is asked
 * for. A server that does not advertise {@code filter}, or that refuses blobs by id, gets
 * today's request for the whole pack instead: said to the listener and in the stats, never a
 * failure. JGit cannot fetch an absent object when it needs one, so nothing here or after
 * reads a blob outside the sparse paths.
 */
final class PartialFetch {
    /** The filter of a partial clone, as {@code git clone --filter=blob:none} sends it. */
    static final String FILTER = "blob:none";

    private final JGitSource git;
    private final Remote remote;
    private final Fetch fetch;
    private final Deadline deadline;
    private final PhaseTimer phases;
    private String fallback;
    private boolean partial;

    PartialFetch(JGitSource git, Remote remote, Fetch fetch, Deadline deadline, PhaseTimer phases) {
        this.git = git;
        this.remote = remote;
        this.fetch = fetch;
        this.deadline = deadline;
        this.phases = phases;
    }

    /** @return the filter the fetch used, or null when it fetched whole packs */
    String filter() {
        return partial ? FILTER : null;
    }

    /** @return why the whole pack was fetched instead, or null */
    String fallback() {
        return fallback;
    }

    /**
     * Fetches what a sparse checkout of the target needs; ends the phases {@code fetch} (the
     * commit and trees) and {@code blobs}.
     *
     * @param submodules whether submodules are cloned (then {@code .gitmodules} is needed too)
     * @param everyPath whether every sparse path must be in the tree (a clone; an update may see one go)
     * @throws dev.gitsource.PathNotFoundException if {@code everyPath} and a sparse path is not in the tree
     */
    void target(Repository repo, ResolvedTarget r, CheckoutTarget kind, int depth, List<String> sparse,
            boolean submodules, boolean everyPath) throws IOException {
        FetchRollback before = FetchRollback.of(repo);
        IOException failed = null;
        fetch.filter(FILTER);
        try {
            fetch.target(repo, r, kind, depth);
        } catch (IOException e) {
            failed = e;
        } finally {
            fetch.filter(null);
        }
        if (failed != null) {
            if (!JGitMessages.filterNotAdvertised(failed)) {
                throw failed;
            }
            wholePack(repo, r, kind, depth, before, "the server " + remote.redacted() + " does not advertise filter");
            return;
        }
        phases.end("fetch");
        List<ObjectId> blobs;
        try (RevWalk walk = new RevWalk(repo)) {
            blobs = SparseBlobs.missing(repo, walk.parseCommit(r.commit()).getTree(), sparse, submodules,
                    everyPath ? remote.redacted() : null);
        }
        try {
            new BlobFetch(git, fetch).fetch(repo, blobs);
        } catch (IOException e) {
            if (deadline.expired() || !BlobFetch.refused(e)) {
                throw e;
            }
            wholePack(repo, r, kind, depth, before, "the server " + remote.redacted()
                    + " does not send blobs by id (" + dev.gitsource.Redaction.redact(String.valueOf(e.getMessage())) + ")");
            return;
        }
        phases.end("blobs");
        RepositoryLayout.markPartial(repo, FILTER);
        partial = true;
    }

    private void wholePack(Repository repo, ResolvedTarget r, CheckoutTarget kind, int depth, FetchRollback before,
            String reason) throws IOException {
        fallback = reason + ": fetching the whole pack";
        git.config().listener().partialFallback(remote.forListeners(), fallback);
        before.restore(repo);
        fetch.target(repo, r, kind, depth);
        phases.end("fetch");
    }
}
