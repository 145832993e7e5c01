package dev.gitsource.jgit.internal;

import dev.gitsource.CloneOptions;
import dev.gitsource.CloneResult;
import dev.gitsource.CloneStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * One clone, as a pipeline of parts with one job each: {@link TargetResolver} (one ls-refs
 * round trip; stop there if the remote has not moved), {@link Fetch} into a
 * {@link StagingDirectory} (with sparse paths a {@link PartialFetch}), {@link WorkTreeWriter}
 * for the tree, then the move into place.
 */
final class CloneOperation {
    private final JGitSource git;
    private final Remote remote;
    /** Where LFS objects are downloaded to, inside {@code .git}, before they are moved over their pointers. */
    static final String LFS_DOWNLOADS = "gitsource-lfs";
    private final CloneOptions options;
    private final PhaseTimer phases = new PhaseTimer();
    private long filesWritten;
    private Fetch fetch;
    private PartialFetch partial;

    CloneOperation(JGitSource git, Remote remote, CloneOptions options) {
        this.git = git;
        this.remote = remote;
        this.options = options;
    }

    CloneResult run() {
        Path target = options.directory().toAbsolutePath().normalize();
        checkTargetDirectory(target); // a caller's mistake, before the operation starts
        git.config().listener().cloneStarted(remote.forListeners(), options.target());
        try {
            CloneResult result = git.withRemote(remote, options.timeout(), (setup, deadline) -> {
                fetch = new Fetch(git, remote, setup, deadline);
                ResolvedTarget resolved = git.resolve(remote, setup, deadline, options.target());
                phases.end("ls-refs");
                if (options.lastObserved().map(resolved.revision()::equals).orElse(false)) {
                    return CloneResult.unchanged(resolved.revision());
                }
                return cloneInto(target, resolved, setup, deadline);
            });
            git.config().listener().cloneFinished(remote.forListeners(), result, stats());
            return result;
        } catch (RuntimeException e) {
            git.config().listener().cloneFailed(remote.forListeners(), Errors.forListener(e, "clone of " + remote.redacted()),
                    stats());
            throw e;
        }
    }

    private CloneStats stats() {
        return Fetch.stats(fetch, partial, filesWritten, phases);
    }

    private static void checkTargetDirectory(Path target) {
        if (Files.exists(target)) {
            if (!Files.isDirectory(target)) {
                throw new IllegalArgumentException("clone target exists and is not a directory: " + target);
            }
            try (Stream<Path> s = Files.list(target)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException("clone target directory is not empty: " + target);
                }
            } catch (IOException e) {
                throw LocalFiles.failure(target, e);
            }
        }
    }

    private CloneResult cloneInto(Path target, ResolvedTarget resolved, TransportSetup setup, Deadline deadline)
            throws IOException {
        StagingDirectory created;
        try {
            created = StagingDirectory.beside(target);
        } catch (IOException e) {
            throw LocalFiles.failure(target.getParent(), e);
        }
        try (StagingDirectory staging = created) {
            Path work = staging.path();
            setup.writingInto(work);
            try (LimitedRepository repo = LimitedRepository.build(new FileRepositoryBuilder()
                    .setGitDir(work.resolve(".git").toFile()).setWorkTree(work.toFile()), git.config())) {
                repo.create();
                RefUpdate initial = repo.updateRef(Constants.HEAD);
                initial.disableRefLog();
                initial.link("refs/heads/" + (resolved.branch() != null ? resolved.branch() : "main"));
                RepositoryLayout.configureOrigin(repo, remote, Fetch.trackingSpec(resolved), resolved.branch());
                WorkTreeWriter writer = new WorkTreeWriter(repo, remote.redacted(), options.sparsePaths(),
                        !options.export());
                if (options.lfs()) {
                    writer.lfs(new LfsDownloads(git, remote, setup, deadline), lfsDirectory(repo));
                }
                // LFS objects are downloaded before any file is written; sparse paths fetch their blobs apart
                try (PipelinedCheckout pipeline = options.sparsePaths().isEmpty() && !options.lfs()
                        ? new PipelinedCheckout(writer, resolved.commit()) : null) {
                    if (options.sparsePaths().isEmpty()) {
                        repo.receiveInto(pipeline);
                        fetch.target(repo, resolved, options.target(), options.depth());
                        repo.receiveInto(null);
                        phases.end("fetch");
                    } else {
                        partial = new PartialFetch(git, remote, fetch, deadline, phases);
                        partial.target(repo, resolved, options.target(), options.depth(), options.sparsePaths(),
                                options.submodules(), true);
                    }
                    checkout(repo, resolved, writer, pipeline, deadline);
                }
                phases.end("checkout");
                if (!options.export()) {
                    CopyMaintenance.setPackedBytes(repo); // saved with the checkout's record
                    RepositoryLayout.recordCheckout(repo, options.target(), options.depth(), resolved.revision());
                }
                if (options.submodules()) {
                    new Submodules(git, remote, repo, setup, deadline, options.depth()).update();
                    repo.getConfig().setBoolean("gitsource", null, "submodules", true);
                    repo.getConfig().save();
                    phases.end("submodules");
                }
            }
            if (options.export()) {
                StagingDirectory.deleteTree(work.resolve(".git"));
            }
            staging.moveIntoPlace();
        }
        if (options.export()) {
            return CloneResult.cloned(resolved.revision(), null);
        }
        org.eclipse.jgit.lib.Repository moved = LimitedRepository.build(new FileRepositoryBuilder()
                .setGitDir(target.resolve(".git").toFile()).setWorkTree(target.toFile()).setMustExist(true),
                git.config());
        return CloneResult.cloned(resolved.revision(),
                new JGitRepository(git, moved, resolved.tag(), options.sparsePaths()));
    }

    private static Path lfsDirectory(org.eclipse.jgit.lib.Repository repo) {
        return repo.getDirectory().toPath().resolve(LFS_DOWNLOADS);
    }

    /** Writes what the pipeline did not write during the fetch (everything without one), then HEAD. */
    private void checkout(org.eclipse.jgit.lib.Repository repo, ResolvedTarget resolved, WorkTreeWriter writer,
            PipelinedCheckout pipeline, Deadline deadline) throws IOException {
        RevCommit commit;
        try (RevWalk walk = new RevWalk(repo)) {
            commit = walk.parseCommit(resolved.commit());
        }
        ProgressMonitor monitor = deadline.monitor(new Progress(git.config().listener()));
        WorkTreeWriter.Plan plan = pipeline != null ? pipeline.finish(monitor) : null;
        if (plan == null) {
            writer.write(commit.getTree(), monitor);
        } else if (plan.tree.equals(commit.getTree())) {
            writer.write(plan, monitor);
        } else { // the pipeline read the commit the indexer hashed: it cannot differ
            throw new IllegalStateException("the tree written during the fetch is not commit " + commit.name() + "'s");
        }
        if (options.lfs()) {
            StagingDirectory.deleteTree(lfsDirectory(repo));
            if (!options.export()) {
                repo.getConfig().setBoolean("gitsource", null, "lfs", true); // updates go on fetching objects; saved with the record
            }
        }
        filesWritten = writer.filesWritten();
        LocalRefs.setHead(repo, resolved.branch(), commit);
        if (!options.sparsePaths().isEmpty()) {
            repo.getConfig().setStringList("gitsource", null, "sparsePath", options.sparsePaths()); // saved with the record
        }
    }
}
