package dev.gitsource.jgit.internal;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneStats;
import dev.gitsource.GitSourceException;
import dev.gitsource.LocalChangesException;
import dev.gitsource.Revision;
import dev.gitsource.UpdateOptions;
import dev.gitsource.UpdateResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * One update of a working copy in place: resolve the target (one ls-refs) and stop if the
 * copy already holds it; refuse local changes unless told to discard them; fetch only what
 * the copy lacks, at its depth (a partial copy: the new commit and trees, then the new blobs under
 * its sparse paths, {@link PartialFetch}); check the new tree; then the write phase
 * ({@link WorkTreeUpdate}), the refs, and {@link CopyMaintenance}.
 *
 * <p>Until the write phase nothing of the working copy or index is touched. The write phase
 * is marked by {@code .git/gitsource-update}: an update that finds the mark knows the
 * differences in the working tree are an interrupted update's, and repairs them.
 */
final class UpdateOperation {
    private static final String MARK = "gitsource-update";
    private final JGitSource git;
    private final org.eclipse.jgit.lib.Repository repo;
    private final Remote remote;
    private final UpdateOptions options;
    private final List<String> sparse;
    private final PhaseTimer phases = new PhaseTimer();
    private Fetch fetch;
    private PartialFetch partial;
    private long written;
    private long deleted;

    UpdateOperation(JGitSource git, org.eclipse.jgit.lib.Repository repo, Remote remote, UpdateOptions options,
            List<String> sparse) {
        this.git = git;
        this.repo = repo;
        this.remote = remote;
        this.options = options;
        this.sparse = sparse;
    }

    UpdateResult run() {
        CheckoutTarget target = options.target().orElseGet(this::defaultTarget);
        git.config().listener().updateStarted(remote.forListeners(), target);
        try {
            UpdateResult result = git.withRemote(remote, options.timeout().orElse(null), (setup, deadline) -> {
                try (Fetch f = new Fetch(git, remote, setup, deadline)) {
                    fetch = f;
                    ResolvedTarget resolved = f.resolve(repo, target, RepositoryLayout.recordedDepth(repo));
                    phases.end("ls-refs");
                    return update(target, resolved, setup, deadline);
                }
            });
            git.config().listener().updateFinished(remote.forListeners(), result, stats());
            return result;
        } catch (RuntimeException e) {
            git.config().listener().updateFailed(remote.forListeners(), Errors.forListener(e, "update of " + repo.getWorkTree()),
                    stats());
            throw e;
        }
    }

    private CloneStats stats() {
        return Fetch.stats(fetch, partial, written + deleted, phases);
    }

    /** The target recorded at the clone (or last update), else the branch HEAD is on, else the remote's HEAD. */
    private CheckoutTarget defaultTarget() {
        CheckoutTarget recorded = RepositoryLayout.recordedTarget(repo);
        if (recorded != null) {
            return recorded;
        }
        try {
            String full = repo.getFullBranch();
            return full != null && full.startsWith("refs/heads/")
                    ? CheckoutTarget.branch(full.substring("refs/heads/".length())) : CheckoutTarget.head();
        } catch (IOException e) {
            throw new GitSourceException("cannot read HEAD of " + repo.getWorkTree(), e);
        }
    }

    private UpdateResult update(CheckoutTarget target, ResolvedTarget resolved, TransportSetup setup, Deadline deadline)
            throws IOException {
        Path mark = repo.getDirectory().toPath().resolve(MARK);
        boolean repair = Files.exists(mark);
        ObjectId head = repo.resolve(Constants.HEAD);
        Revision previous = previousRevision(head);
        if (!repair && resolved.commit().equals(head) && sameHeadState(resolved)) {
            recordIfMoved(target, resolved);
            return UpdateResult.unchanged(resolved.revision());
        }
        boolean discard = options.discardLocalChanges() || repair;
        CopyMaintenance.removeFetchLeftovers(repo);
        int depth = RepositoryLayout.recordedDepth(repo);
        boolean submodules = repo.getConfig().getBoolean("gitsource", null, "submodules", false);
        // The status of the work tree waits on the disk and the fetch on the network: one runs
        // beside the other. A copy with local changes is refused after the fetch, still untouched.
        LocalChanges.Status local;
        try (LocalChanges status = LocalChanges.start(repo, head, sparse)) {
            if (RepositoryLayout.isPartial(repo) && !sparse.isEmpty()) {
                partial = new PartialFetch(git, remote, fetch, deadline, phases);
                partial.target(repo, resolved, target, depth, sparse, submodules, false);
            } else {
                fetch.target(repo, resolved, target, depth);
                phases.end("fetch");
            }
            local = status.result();
        }
        if (!discard) {
            refuseLocalChanges(local, head, previous);
        }
        phases.end("local-changes");
        RevCommit commit;
        RevCommit old;
        try (RevWalk walk = new RevWalk(repo)) {
            commit = walk.parseCommit(resolved.commit());
            old = head == null ? null : walk.parseCommit(head);
        }
        // with nothing refused, what differs from HEAD is replaced: tracked paths from the new tree, untracked ones deleted
        Set<String> dirty = local.tracked();
        Set<String> untracked = local.untracked();
        WorkTreeUpdate plan = WorkTreeUpdate.plan(repo, old == null ? null : old.getTree(), commit.getTree(),
                sparse, dirty, remote.redacted());
        phases.end("check");
        Path lfsDirectory = repo.getDirectory().toPath().resolve(CloneOperation.LFS_DOWNLOADS);
        StagingDirectory.deleteTree(lfsDirectory); // an interrupted update's
        try {
            if (options.lfs().orElseGet(() -> repo.getConfig().getBoolean("gitsource", null, "lfs", false))) {
                // before the write phase: a failed download leaves the copy as it was
                plan.lfsObjects(new LfsDownloads(git, remote, setup, deadline).fetch(repo, commit.getTree(),
                        LfsDownloads.candidates(repo, commit.getTree(), plan.filesToWrite()), lfsDirectory));
                phases.end("lfs");
            }
            return write(target, resolved, deadline, mark, commit, plan, untracked, depth, submodules, previous);
        } finally {
            StagingDirectory.deleteTree(lfsDirectory);
        }
    }

    private UpdateResult write(CheckoutTarget target, ResolvedTarget resolved, Deadline deadline, Path mark,
            RevCommit commit, WorkTreeUpdate plan, Set<String> untracked, int depth, boolean submodules,
            Revision previous) throws IOException {
        Files.write(mark, commit.name().getBytes(StandardCharsets.US_ASCII));
        ProgressMonitor monitor = deadline.monitor(new Progress(git.config().listener()));
        plan.apply(untracked, monitor);
        written = plan.filesWritten();
        deleted = plan.filesDeleted();
        if (!untracked.isEmpty()) {
            WorkTreeUpdate.pruneEmptyDirectories(repo.getWorkTree().toPath());
        }
        LocalRefs.setHead(repo, resolved.branch(), commit);
        if (resolved.branch() != null) {
            RepositoryLayout.configureOrigin(repo, remote, Fetch.trackingSpec(resolved), resolved.branch());
        }
        RepositoryLayout.recordCheckout(repo, target, depth, resolved.revision());
        Files.delete(mark);
        phases.end("checkout");
        if (!plan.changedGitlinks().isEmpty() && submodules) {
            new Submodules(git, remote, repo, null, deadline, depth).sync(plan.changedGitlinks());
            phases.end("submodules");
        }
        CopyMaintenance.trimShallow(repo);
        CopyMaintenance.repackIfGrown(repo);
        phases.end("maintenance");
        return UpdateResult.updated(resolved.revision(), previous, written, deleted);
    }

    /** Whether HEAD is already where the target puts it: on its branch, or detached for a tag or commit. */
    private boolean sameHeadState(ResolvedTarget resolved) throws IOException {
        String full = repo.getFullBranch();
        boolean detached = full == null || !full.startsWith("refs/");
        return resolved.branch() == null ? detached : ("refs/heads/" + resolved.branch()).equals(full);
    }

    /** A new target that resolves to the commit the copy holds still becomes the copy's target. */
    private void recordIfMoved(CheckoutTarget target, ResolvedTarget resolved) throws IOException {
        if (options.target().isPresent() && !target.equals(RepositoryLayout.recordedTarget(repo))) {
            RepositoryLayout.recordCheckout(repo, target, RepositoryLayout.recordedDepth(repo), resolved.revision());
        }
    }

    private Revision previousRevision(ObjectId head) {
        Revision recorded = RepositoryLayout.recordedRevision(repo);
        if (recorded != null && head != null && recorded.id().equals(head.name())) {
            return recorded;
        }
        return head == null ? Revision.ofCommit(ObjectId.zeroId().name()) : Revision.ofCommit(head.name());
    }

    private void refuseLocalChanges(LocalChanges.Status local, ObjectId head, Revision previous) {
        if (!local.isClean()) {
            List<String> paths = local.all();
            throw new LocalChangesException("the working copy " + repo.getWorkTree() + " has " + paths.size()
                    + " changed or untracked path(s), such as '" + paths.get(0)
                    + "': commit them, or update with discardLocalChanges(true)", paths);
        }
        Revision recorded = RepositoryLayout.recordedRevision(repo);
        if (recorded != null && head != null && !recorded.id().equals(head.name())) {
            throw new LocalChangesException("the working copy " + repo.getWorkTree() + " has local commits (HEAD "
                    + head.name() + " is not " + previous + ", the revision last checked out): push them, or update"
                    + " with discardLocalChanges(true)", List.of());
        }
    }
}
