package dev.gitsource.jgit.internal;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.Commit;
import dev.gitsource.CommitRequest;
import dev.gitsource.GitSourceException;
import dev.gitsource.NothingToCommitException;
import dev.gitsource.PushOptions;
import dev.gitsource.PushRejectedException;
import dev.gitsource.PushResult;
import dev.gitsource.RefNotFoundException;
import dev.gitsource.RefUpdate;
import dev.gitsource.Repository;
import dev.gitsource.Tag;
import dev.gitsource.UnsafeContentException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;

/** A working copy; not thread-safe. Remote operations use the client's settings. */
final class JGitRepository implements Repository {
    private final JGitSource git;
    private final org.eclipse.jgit.lib.Repository repo;
    private final Ref checkedOutTag;
    private final List<String> sparse;

    JGitRepository(JGitSource git, org.eclipse.jgit.lib.Repository repo, Ref checkedOutTag, List<String> sparse) {
        this.git = git;
        this.repo = repo;
        this.checkedOutTag = checkedOutTag;
        String[] stored = repo.getConfig().getStringList("gitsource", null, "sparsePath");
        this.sparse = sparse.isEmpty() ? List.of(stored) : List.copyOf(sparse);
    }

    @Override
    public Path directory() {
        return repo.getWorkTree().toPath();
    }

    @Override
    public Commit head() {
        try (RevWalk walk = new RevWalk(repo)) {
            ObjectId id = repo.resolve(Constants.HEAD);
            if (id == null) {
                throw new RefNotFoundException("the repository at " + directory() + " has no commit yet", List.of());
            }
            RevCommit c = walk.parseCommit(id);
            String full = repo.getFullBranch();
            String reference = full != null && full.startsWith("refs/") ? full : null;
            Tag tag = null;
            if (reference == null && checkedOutTag != null) {
                tag = Commits.tag(repo, checkedOutTag);
            }
            return Commits.of(c, reference, tag);
        } catch (IOException e) {
            throw new GitSourceException("cannot read HEAD of " + directory(), e);
        }
    }

    @Override
    public Optional<String> currentBranch() {
        try {
            String full = repo.getFullBranch();
            return full != null && full.startsWith("refs/heads/")
                    ? Optional.of(full.substring("refs/heads/".length())) : Optional.empty();
        } catch (IOException e) {
            throw new GitSourceException("cannot read HEAD of " + directory(), e);
        }
    }

    @Override
    public boolean isClean() {
        Status s = status();
        return s.getAdded().isEmpty() && s.getChanged().isEmpty() && s.getRemoved().isEmpty()
                && s.getUntracked().isEmpty() && s.getConflicting().isEmpty()
                && s.getMissing().stream().noneMatch(p -> SparsePaths.contains(sparse, p))
                && modifiedBeyondLfs(s).isEmpty();
    }

    private List<String> modifiedBeyondLfs(Status s) {
        try {
            return LfsDownloads.changedBeyondLfs(repo, s.getModified());
        } catch (IOException e) {
            throw new GitSourceException("cannot read the index of " + directory(), e);
        }
    }

    private Status status() {
        try {
            return Git.wrap(repo).status().call();
        } catch (GitAPIException e) {
            throw new GitSourceException("cannot read the status of " + directory(), e);
        }
    }

    @Override
    public Commit commit(CommitRequest request) {
        try {
            for (Map.Entry<String, Optional<byte[]>> f : request.files().entrySet()) {
                writeConfined(f.getKey(), f.getValue().orElse(null));
            }
            stageAll();
            ObjectId headId = repo.resolve(Constants.HEAD);
            try (ObjectInserter inserter = repo.newObjectInserter(); RevWalk walk = new RevWalk(repo)) {
                DirCache index = repo.readDirCache();
                ObjectId tree = index.writeTree(inserter);
                if (headId != null && walk.parseCommit(headId).getTree().equals(tree)) {
                    throw new NothingToCommitException("nothing to commit in " + directory(), head());
                }
                Instant now = Instant.now();
                PersonIdent author = Commits.ident(request.author(), now);
                CommitBuilder cb = new CommitBuilder();
                cb.setTreeId(tree);
                if (headId != null) {
                    cb.setParentId(headId);
                }
                cb.setAuthor(author);
                cb.setCommitter(Commits.ident(request.committer(), now));
                cb.setMessage(request.message());
                if (request.signer().isPresent()) {
                    String armored = request.signer().get().sign(cb.build());
                    cb.setGpgSignature(new GpgSignature(armored.getBytes(StandardCharsets.US_ASCII)));
                }
                ObjectId id = inserter.insert(cb);
                inserter.flush();
                org.eclipse.jgit.lib.RefUpdate ru = repo.updateRef(Constants.HEAD);
                ru.setNewObjectId(id);
                ru.setExpectedOldObjectId(headId == null ? ObjectId.zeroId() : headId);
                ru.setRefLogMessage("commit: " + request.message().lines().findFirst().orElse(""), false);
                switch (ru.update()) {
                    case NEW, FAST_FORWARD, FORCED -> { }
                    default -> throw new GitSourceException("cannot move HEAD to the new commit in " + directory());
                }
            }
            return head();
        } catch (IOException e) {
            throw new GitSourceException("cannot commit in " + directory() + ": " + e.getMessage(), e);
        }
    }

    /** Writes or deletes a file, never through a symlink and never into .git. */
    private void writeConfined(String path, byte[] content) throws IOException {
        PathRules.check(path, directory().toString());
        Path root = directory();
        Path p = root;
        for (String segment : path.split("/")) {
            p = p.resolve(segment);
            if (Files.isSymbolicLink(p)) {
                throw new UnsafeContentException("refusing to write '" + path + "' in " + root
                        + ": it would go through the symlink '" + root.relativize(p) + "'", path);
            }
        }
        if (content == null) {
            Files.deleteIfExists(p);
            return;
        }
        Files.createDirectories(p.getParent());
        Files.write(p, content);
    }

    /** Stages every change in the working tree (within the sparse paths): additions, edits, deletions. */
    private void stageAll() throws IOException {
        try {
            Git g = Git.wrap(repo);
            List<String> patterns = sparse.isEmpty() ? List.of(".") : sparse;
            var add = g.add();
            patterns.forEach(add::addFilepattern);
            add.call();
            var update = g.add().setUpdate(true);
            patterns.forEach(update::addFilepattern);
            update.call();
        } catch (GitAPIException e) {
            throw new IOException("cannot stage changes: " + e.getMessage(), e);
        }
    }

    @Override
    public PushResult push(PushOptions options) {
        Remote remote = remote();
        git.config().listener().pushStarted(remote.forListeners());
        try {
            return pushTo(remote, options);
        } catch (RuntimeException e) {
            git.config().listener().pushFailed(remote.forListeners(), Errors.forListener(e, "push to " + remote.redacted()));
            throw e;
        }
    }

    private PushResult pushTo(Remote remote, PushOptions options) {
        return git.withRemote(remote, options.timeout(), (setup, deadline) -> {
            List<RemoteRefUpdate> updates = updates(options);
            try (Transport t = git.open(repo, remote, setup, deadline)) {
                if (!options.options().isEmpty()) {
                    t.setPushOptions(options.options());
                }
                ByteArrayOutputStream messages = new ByteArrayOutputStream();
                org.eclipse.jgit.transport.PushResult r = t.push(deadline.monitor(
                        org.eclipse.jgit.lib.NullProgressMonitor.INSTANCE), updates, messages);
                List<RefUpdate> out = new ArrayList<>();
                for (RemoteRefUpdate u : r.getRemoteUpdates()) {
                    out.add(new RefUpdate(u.getRemoteName(), status(u.getStatus()), u.getMessage()));
                }
                String serverMessages = r.getMessages() + messages.toString(StandardCharsets.UTF_8);
                List<RefUpdate> rejected = out.stream().filter(u -> u.status().rejected()).toList();
                if (!rejected.isEmpty()) {
                    throw new PushRejectedException("push to " + remote.redacted() + " rejected: " + rejected.stream()
                            .map(u -> u.remoteRef() + " (" + u.status() + u.messageIfAny().map(m -> ": " + m).orElse("")
                                    + ")").toList(), out);
                }
                PushResult result = new PushResult(out, serverMessages);
                git.config().listener().pushFinished(remote.forListeners(), result);
                return result;
            }
        });
    }

    private List<RemoteRefUpdate> updates(PushOptions options) throws IOException {
        List<String> specs = new ArrayList<>(options.refspecs());
        if (specs.isEmpty()) {
            String branch = currentBranch().orElseThrow(() -> new GitSourceException(
                    "HEAD is detached in " + directory() + ": give a refspec such as HEAD:refs/heads/x"));
            specs.add("refs/heads/" + branch + ":refs/heads/" + branch);
        }
        List<RemoteRefUpdate> out = new ArrayList<>();
        for (String s : specs) {
            RefSpec spec = new RefSpec(s);
            String src = spec.getSource();
            String dst = spec.getDestination() != null ? spec.getDestination() : expand(src);
            boolean force = options.force() || spec.isForceUpdate();
            if (src == null || src.isEmpty()) {
                out.add(new RemoteRefUpdate(repo, (String) null, dst, force, null, null));
                continue;
            }
            String local = src.equals("HEAD") || ObjectId.isId(src) ? src : expand(src);
            if (repo.resolve(local) == null) {
                throw new RefNotFoundException("nothing to push: '" + src + "' does not exist in " + directory(),
                        List.of());
            }
            String tracking = dst.startsWith("refs/heads/") ? "refs/remotes/origin/" + dst.substring(11) : null;
            out.add(new RemoteRefUpdate(repo, local, dst, force, tracking, null));
        }
        return out;
    }

    private String expand(String name) throws IOException {
        if (name.startsWith("refs/")) {
            return name;
        }
        Ref ref = repo.findRef(name);
        return ref != null ? ref.getName() : "refs/heads/" + name;
    }

    private static RefUpdate.Status status(RemoteRefUpdate.Status s) {
        return switch (s) {
            case OK -> RefUpdate.Status.OK;
            case UP_TO_DATE -> RefUpdate.Status.UP_TO_DATE;
            case REJECTED_NONFASTFORWARD -> RefUpdate.Status.REJECTED_NON_FAST_FORWARD;
            case REJECTED_OTHER_REASON, REJECTED_NODELETE -> RefUpdate.Status.REJECTED_BY_SERVER;
            default -> RefUpdate.Status.REJECTED_OTHER;
        };
    }

    @Override
    public dev.gitsource.UpdateResult update(dev.gitsource.UpdateOptions options) {
        return new UpdateOperation(git, repo, remote(), options, sparse).run();
    }

    @Override
    public void switchBranch(String branch) {
        CheckoutTarget.branch(branch); // validates the name
        try {
            String local = "refs/heads/" + branch;
            if (repo.exactRef(local) == null) {
                ObjectId start = remoteBranch(branch);
                if (start == null) {
                    start = repo.resolve(Constants.HEAD);
                    if (start == null) {
                        relinkHead(local); // empty repository: the first commit creates the branch
                        return;
                    }
                }
                org.eclipse.jgit.lib.RefUpdate ru = repo.updateRef(local);
                ru.setNewObjectId(start);
                ru.update();
                repo.getConfig().setString("branch", branch, "remote", "origin");
                repo.getConfig().setString("branch", branch, "merge", local);
                repo.getConfig().save();
            }
            ObjectId target = repo.resolve(local);
            ObjectId current = repo.resolve(Constants.HEAD);
            if (current != null && !current.equals(target)) {
                if (!isClean()) {
                    throw new GitSourceException("cannot switch " + directory() + " to '" + branch
                            + "': the working tree has uncommitted changes");
                }
                rewriteWorkTree(target);
            }
            relinkHead(local);
        } catch (IOException e) {
            throw new GitSourceException("cannot switch " + directory() + " to '" + branch + "'", e);
        }
    }

    private void relinkHead(String local) throws IOException {
        org.eclipse.jgit.lib.RefUpdate head = repo.updateRef(Constants.HEAD);
        head.link(local);
    }

    /** The remote branch's commit, fetched (as shallow as the clone) if the remote has it. */
    private ObjectId remoteBranch(String branch) throws IOException {
        String tracking = "refs/remotes/origin/" + branch;
        String url = repo.getConfig().getString("remote", "origin", "url");
        if (url == null) {
            Ref known = repo.exactRef(tracking);
            return known == null ? null : known.getObjectId();
        }
        Remote remote = remote();
        boolean shallow = Files.exists(repo.getDirectory().toPath().resolve("shallow"));
        return git.withRemote(remote, null, (setup, deadline) -> {
            Map<String, Ref> refs = git.listRefs(remote, setup, deadline, List.of("refs/heads/" + branch));
            if (!refs.containsKey("refs/heads/" + branch)) {
                return null;
            }
            try (Transport t = git.open(repo, remote, setup, deadline)) {
                t.setTagOpt(TagOpt.NO_TAGS);
                if (shallow) {
                    t.setDepth(1);
                }
                t.fetch(deadline.monitor(org.eclipse.jgit.lib.NullProgressMonitor.INSTANCE),
                        List.of(new RefSpec("+refs/heads/" + branch + ":" + tracking)));
            }
            Ref fetched = repo.exactRef(tracking);
            return fetched == null ? null : fetched.getObjectId();
        });
    }

    /** Moves the (clean) working tree to another commit, writing only what differs. */
    private void rewriteWorkTree(ObjectId commitId) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit from = walk.parseCommit(repo.resolve(Constants.HEAD));
            RevCommit to = walk.parseCommit(commitId);
            WorkTreeUpdate.plan(repo, from.getTree(), to.getTree(), sparse, Set.of(), directory().toString())
                    .apply(Set.of(), org.eclipse.jgit.lib.NullProgressMonitor.INSTANCE);
        }
    }

    private Remote remote() {
        String url = repo.getConfig().getString("remote", "origin", "url");
        if (url == null) {
            throw new GitSourceException("the repository at " + directory() + " has no remote 'origin'");
        }
        return git.remote(url);
    }

    @Override
    public void close() {
        repo.close();
    }

    @Override
    public String toString() {
        return "Repository[" + directory() + "]";
    }

}
