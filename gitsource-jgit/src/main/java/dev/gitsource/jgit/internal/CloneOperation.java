package dev.gitsource.jgit.internal;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.CloneResult;
import dev.gitsource.CloneStats;
import dev.gitsource.GitSourceException;
import dev.gitsource.GitTransportException;
import dev.gitsource.RefNotFoundException;
import dev.gitsource.Revision;
import dev.gitsource.SemanticVersion;
import dev.gitsource.UnsafeContentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;

/**
 * One clone: resolve the target with one ls-refs round trip, stop there if the remote has
 * not moved, else fetch just that ref (shallow if asked) into a temporary sibling
 * directory, check the tree, write it, and move the directory into place.
 */
final class CloneOperation {
    private final JGitSource git;
    private final Remote remote;
    private final CloneOptions options;
    private final Map<String, Duration> phases = new LinkedHashMap<>();
    private long phaseStart = System.nanoTime();
    private final long start = System.nanoTime();
    private long filesWritten;
    private long bytesReceived;
    private long objectsReceived;
    /** The commit was fetched with its branch's history because the server does not serve commits by id. */
    private boolean fetchedHistory;

    CloneOperation(JGitSource git, Remote remote, CloneOptions options) {
        this.git = git;
        this.remote = remote;
        this.options = options;
    }

    /** What the target resolved to on the remote. */
    private record Resolved(String refName, ObjectId commit, Revision revision, String branch, Ref tag) {}

    CloneResult run() {
        Path target = options.directory().toAbsolutePath().normalize();
        git.config().listener().cloneStarted(remote.uri(), options.target());
        try {
            checkTargetDirectory(target);
            CloneResult result = git.withRemote(remote, options.timeout(), (setup, deadline) -> {
                Resolved resolved = resolve(setup, deadline);
                phase("ls-refs");
                if (options.lastObserved().map(resolved.revision::equals).orElse(false)) {
                    return CloneResult.unchanged(resolved.revision);
                }
                return cloneInto(target, resolved, setup, deadline);
            });
            git.config().listener().cloneFinished(remote.uri(), result, stats());
            return result;
        } catch (GitSourceException e) {
            git.config().listener().cloneFailed(remote.uri(), e, stats());
            throw e;
        }
    }

    private CloneStats stats() {
        return new CloneStats(bytesReceived, objectsReceived, filesWritten, phases,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private void phase(String name) {
        long now = System.nanoTime();
        phases.merge(name, Duration.ofNanos(now - phaseStart), Duration::plus);
        phaseStart = now;
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
                throw new GitSourceException("cannot read the clone target directory " + target, e);
            }
        }
    }

    private Resolved resolve(TransportSetup setup, Deadline deadline) throws IOException {
        CheckoutTarget t = options.target();
        if (t instanceof CheckoutTarget.Commit c && c.branch() == null) {
            ObjectId id = ObjectId.fromString(c.id());
            return new Resolved(null, id, Revision.ofCommit(c.id()), null, null);
        }
        if (t instanceof CheckoutTarget.Branch b) {
            return exact(refs(setup, deadline, "refs/heads/" + b.name()), "refs/heads/" + b.name(), b.name());
        }
        if (t instanceof CheckoutTarget.Tag tag) {
            return exact(refs(setup, deadline, "refs/tags/" + tag.name()), "refs/tags/" + tag.name(), null);
        }
        if (t instanceof CheckoutTarget.RefName r) {
            return exact(refs(setup, deadline, r.name()), r.name(), null);
        }
        if (t instanceof CheckoutTarget.Semver s) {
            return semver(refs(setup, deadline, "refs/tags/"), s);
        }
        if (t instanceof CheckoutTarget.Commit c) {
            String ref = "refs/heads/" + c.branch();
            exact(refs(setup, deadline, ref), ref, c.branch()); // the branch must exist
            return new Resolved(ref, ObjectId.fromString(c.id()), Revision.of(ref, c.id()), c.branch(), null);
        }
        Map<String, Ref> refs = refs(setup, deadline, "HEAD");
        Ref head = refs.get("HEAD");
        if (head == null || head.getObjectId() == null) {
            throw new RefNotFoundException("the remote " + remote.redacted() + " has no HEAD (is it empty?)",
                    List.copyOf(refs.keySet()));
        }
        String name = head.isSymbolic() ? validRefName(head.getTarget().getName()) : null;
        if (name == null || !name.startsWith("refs/heads/")) {
            return new Resolved("HEAD", head.getObjectId(), Revision.ofCommit(head.getObjectId().name()), null, null);
        }
        return new Resolved(name, head.getObjectId(), Revision.of(name, head.getObjectId().name()),
                name.substring("refs/heads/".length()), null);
    }

    private Map<String, Ref> refs(TransportSetup setup, Deadline deadline, String prefix) throws IOException {
        return git.listRefs(remote, setup, deadline, List.of(prefix));
    }

    /** A name the server sent that will name a file under .git: one that git itself would accept. */
    private String validRefName(String name) {
        if (!org.eclipse.jgit.lib.Repository.isValidRefName(name)) {
            String printable = name.replaceAll("\\p{Cntrl}", "?");
            throw new UnsafeContentException("refusing " + remote.redacted() + ": it names the ref '" + printable
                    + "', which is not a valid ref name", printable);
        }
        return name;
    }

    private Resolved exact(Map<String, Ref> refs, String name, String branch) {
        validRefName(name);
        Ref ref = refs.get(name);
        if (ref == null) {
            throw new RefNotFoundException("'" + name + "' not found on " + remote.redacted(),
                    refs.keySet().stream().sorted().limit(50).toList());
        }
        ObjectId commit = ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
        return new Resolved(name, commit, Revision.of(name, commit.name()), branch,
                name.startsWith("refs/tags/") ? ref : null);
    }

    /** Highest version wins; equal versions (v1.0.0 and 1.0.0) are ordered by tag name, smallest first. */
    private Resolved semver(Map<String, Ref> refs, CheckoutTarget.Semver s) {
        record Candidate(String tag, SemanticVersion version) {}
        List<String> seen = new ArrayList<>();
        Optional<Candidate> best = refs.keySet().stream()
                .filter(n -> n.startsWith("refs/tags/") && !n.endsWith("^{}"))
                .map(n -> n.substring("refs/tags/".length()))
                .peek(seen::add)
                .flatMap(tag -> SemanticVersion.tryParse(tag).map(v -> new Candidate(tag, v)).stream())
                .filter(c -> s.range().matches(c.version))
                .max(Comparator.comparing(Candidate::version).thenComparing(Candidate::tag, Comparator.reverseOrder()));
        if (best.isEmpty()) {
            seen.sort(null);
            throw new RefNotFoundException("no tag on " + remote.redacted() + " matches the semver range '"
                    + s.range() + "'; tags seen: " + (seen.isEmpty() ? "none" : String.join(", ",
                            seen.subList(0, Math.min(seen.size(), 50)))), seen);
        }
        return exact(refs, "refs/tags/" + best.get().tag, null);
    }

    private CloneResult cloneInto(Path target, Resolved resolved, TransportSetup setup, Deadline deadline)
            throws IOException {
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path work = Files.createTempDirectory(parent, "." + target.getFileName() + ".gitsource-");
        boolean done = false;
        try {
            org.eclipse.jgit.lib.Repository repo = LimitedRepository.build(new FileRepositoryBuilder()
                    .setGitDir(work.resolve(".git").toFile()).setWorkTree(work.toFile()), git.config());
            try {
                repo.create();
                RefUpdate initial = repo.updateRef(Constants.HEAD);
                initial.disableRefLog();
                initial.link("refs/heads/" + (resolved.branch != null ? resolved.branch : "main"));
                fetch(repo, resolved, setup, deadline);
                phase("fetch");
                RevCommit commit = checkout(repo, resolved, deadline);
                phase("checkout");
                if (options.submodules()) {
                    new Submodules(git, remote, repo, setup, deadline, options.depth()).update();
                    phase("submodules");
                }
            } finally {
                repo.close();
            }
            if (options.export()) {
                Files.walk(work.resolve(".git")).sorted(Comparator.reverseOrder()).forEach(CloneOperation::delete);
            }
            moveIntoPlace(work, target);
            done = true;
            if (options.export()) {
                return CloneResult.cloned(resolved.revision, null);
            }
            org.eclipse.jgit.lib.Repository moved = LimitedRepository.build(new FileRepositoryBuilder()
                    .setGitDir(target.resolve(".git").toFile()).setWorkTree(target.toFile()).setMustExist(true),
                    git.config());
            return CloneResult.cloned(resolved.revision, new JGitRepository(git, moved, resolved.tag, options.sparsePaths()));
        } finally {
            if (!done) {
                deleteTree(work);
            }
        }
    }

    private void fetch(org.eclipse.jgit.lib.Repository repo, Resolved resolved, TransportSetup setup,
            Deadline deadline) throws IOException {
        String fetchSpec = null;
        List<RefSpec> specs = new ArrayList<>();
        boolean byId = resolved.refName == null
                || options.target() instanceof CheckoutTarget.Commit && options.depth() > 0;
        if (byId) {
            specs.add(new RefSpec(resolved.commit.name() + ":refs/gitsource/target"));
        } else if (resolved.refName.startsWith("refs/heads/")) {
            fetchSpec = "+" + resolved.refName + ":refs/remotes/origin/" + resolved.branch;
            specs.add(new RefSpec(fetchSpec));
        } else if (resolved.refName.equals("HEAD")) {
            specs.add(new RefSpec("+HEAD:refs/gitsource/target"));
        } else {
            specs.add(new RefSpec("+" + resolved.refName + ":" + resolved.refName));
        }
        RepositoryLayout.configureOrigin(repo, remote, fetchSpec, resolved.branch);
        try {
            runFetch(repo, specs, setup, deadline);
        } catch (IOException | GitSourceException e) {
            if (!byId || deadline.expired()) {
                throw e;
            }
            // The server does not serve commits by id: fetch the branch's (or every branch's) history instead.
            specs = List.of(resolved.branch != null
                    ? new RefSpec("+refs/heads/" + resolved.branch + ":refs/remotes/origin/" + resolved.branch)
                    : new RefSpec("+refs/heads/*:refs/remotes/origin/*"));
            runFetch(repo, specs, setup, deadline, 0);
            fetchedHistory = true;
        }
    }

    private void runFetch(org.eclipse.jgit.lib.Repository repo, List<RefSpec> specs, TransportSetup setup,
            Deadline deadline) throws IOException {
        runFetch(repo, specs, setup, deadline, options.depth());
    }

    private void runFetch(org.eclipse.jgit.lib.Repository repo, List<RefSpec> specs, TransportSetup setup,
            Deadline deadline, int depth) throws IOException {
        try (Transport t = git.open(repo, remote, setup, deadline)) {
            t.setTagOpt(TagOpt.NO_TAGS);
            if (depth > 0) {
                t.setDepth(depth);
            }
            Progress progress = new Progress(git.config().listener());
            t.fetch(deadline.monitor(progress), specs);
            objectsReceived += progress.objects();
        }
        bytesReceived += packBytes(repo);
    }

    private static long packBytes(org.eclipse.jgit.lib.Repository repo) throws IOException {
        Path packs = repo.getDirectory().toPath().resolve("objects/pack");
        if (!Files.isDirectory(packs)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(packs)) {
            return s.filter(p -> p.toString().endsWith(".pack")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private RevCommit checkout(org.eclipse.jgit.lib.Repository repo, Resolved resolved, Deadline deadline)
            throws IOException {
        RevCommit commit;
        try (RevWalk walk = new RevWalk(repo)) {
            commit = walk.parseCommit(resolved.commit);
        } catch (MissingObjectException e) {
            if (!fetchedHistory) { // the server listed or accepted the commit, then sent a pack without it
                throw new GitTransportException("the server " + remote.redacted() + " sent a pack without commit "
                        + resolved.commit.name() + " that it was asked for", true, e);
            }
            throw new RefNotFoundException("commit " + resolved.commit.name() + " not found on " + remote.redacted()
                    + (resolved.branch != null ? " in the history of branch '" + resolved.branch + "'" : ""), List.of());
        }
        WorkTreeWriter writer = new WorkTreeWriter(repo, remote.redacted(), options.sparsePaths(), !options.export());
        ProgressMonitor monitor = deadline.monitor(new Progress(git.config().listener()));
        monitor.beginTask("checking out files", ProgressMonitor.UNKNOWN);
        writer.write(commit.getTree(), monitor);
        monitor.endTask();
        filesWritten = writer.filesWritten();
        setHead(repo, resolved, commit);
        if (!options.sparsePaths().isEmpty()) {
            StoredConfig c = repo.getConfig();
            c.setStringList("gitsource", null, "sparsePath", options.sparsePaths());
            c.save();
        }
        return commit;
    }

    private static void setHead(org.eclipse.jgit.lib.Repository repo, Resolved resolved, RevCommit commit)
            throws IOException {
        RefUpdate head = repo.updateRef("HEAD", resolved.branch == null);
        if (resolved.branch != null) {
            RefUpdate branch = repo.updateRef("refs/heads/" + resolved.branch);
            branch.setNewObjectId(commit);
            branch.setForceUpdate(true);
            check(branch.update(), "refs/heads/" + resolved.branch);
            check(head.link("refs/heads/" + resolved.branch), "HEAD");
        } else {
            head.setNewObjectId(commit);
            head.setForceUpdate(true);
            check(head.update(), "HEAD");
        }
        RefUpdate scratch = repo.updateRef("refs/gitsource/target");
        if (repo.exactRef("refs/gitsource/target") != null) {
            scratch.setForceUpdate(true);
            scratch.delete();
        }
    }

    private static void check(RefUpdate.Result r, String ref) throws IOException {
        switch (r) {
            case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> { }
            default -> throw new IOException("cannot update " + ref + ": " + r);
        }
    }

    /** Moves the finished clone into place; an empty existing target is replaced. */
    private static void moveIntoPlace(Path work, Path target) throws IOException {
        boolean existed = Files.isDirectory(target);
        if (existed) {
            Files.delete(target); // checked empty before the clone started
        }
        try {
            Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (existed) {
                Files.createDirectories(target);
            }
            throw e;
        }
    }

    /**
     * Deletes a failed clone's temporary directory. A pass can miss a file that a thread of the
     * failed operation was still closing, so it walks again until the directory is gone.
     */
    static void deleteTree(Path dir) {
        for (int attempt = 0; attempt < 20 && Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS); attempt++) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(CloneOperation::delete);
            } catch (IOException | RuntimeException e) {
                // parkNanos, not sleep: a deadline may have interrupted this thread, and the cleanup must still run
                java.util.concurrent.locks.LockSupport.parkNanos(25_000_000L);
            }
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (NoSuchFileException e) {
            // gone already
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
