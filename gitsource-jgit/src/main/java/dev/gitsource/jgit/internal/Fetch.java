package dev.gitsource.jgit.internal;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.GitSourceException;
import dev.gitsource.RefNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdRef;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.FilterSpec;
import org.eclipse.jgit.transport.PackLock;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;

/**
 * Fetches what a resolved target needs into a local repository: the refspecs for its kind,
 * the depth, fetch by id for commits (with the branch's history as the fallback for servers
 * that refuse ids), and the proof that a commit given with a branch is on that branch.
 * Counts the bytes and objects received. Filtered ({@link #filter}), it fetches commits and
 * trees only; into a partial copy, each new pack is marked as the promisor remote's.
 */
final class Fetch implements AutoCloseable {
    private final JGitSource git;
    private final Remote remote;
    private final TransportSetup setup;
    private final Deadline deadline;
    private long bytesReceived;
    private long objectsReceived;
    private FilterSpec filter = FilterSpec.NO_FILTER;
    private Listed listed;

    Fetch(JGitSource git, Remote remote, TransportSetup setup, Deadline deadline) {
        this.git = git;
        this.remote = remote;
        this.setup = setup;
        this.deadline = deadline;
    }

    long bytesReceived() {
        return bytesReceived;
    }

    long objectsReceived() {
        return objectsReceived;
    }

    /**
     * Sets the object filter of the fetches that follow ({@code blob:none}), or none (null).
     * JGit fails a filtered fetch from a server that does not advertise {@code filter}
     * ({@link JGitMessages#filterNotAdvertised}).
     */
    void filter(String spec) {
        try {
            filter = spec == null ? FilterSpec.NO_FILTER : FilterSpec.fromFilterLine(spec);
        } catch (org.eclipse.jgit.errors.PackProtocolException e) {
            throw new IllegalArgumentException("not a filter: " + spec, e);
        }
    }

    /** Adds what another fetch received for the same operation (the blobs of a partial clone). */
    void count(long bytes, long objects) {
        bytesReceived += bytes;
        objectsReceived += objects;
    }

    /** The ref a fetched commit is kept under until HEAD points at it. */
    static final String SCRATCH_REF = "refs/gitsource/target";

    /** The refspec that later fetches of this target use, or null for all branches. */
    static String trackingSpec(ResolvedTarget r) {
        return r.branch() != null ? "+refs/heads/" + r.branch() + ":refs/remotes/origin/" + r.branch() : null;
    }

    /**
     * Fetches the target's commit at the given depth (0: full history) and checks that it is
     * there, and on its branch when the target names one.
     */
    void target(Repository repo, ResolvedTarget r, CheckoutTarget kind, int depth) throws IOException {
        boolean byId = r.refName() == null || kind instanceof CheckoutTarget.Commit && depth > 0;
        RefSpec spec;
        if (byId) {
            spec = new RefSpec(r.commit().name() + ":" + SCRATCH_REF);
        } else if (r.refName().startsWith("refs/heads/")) {
            spec = new RefSpec(trackingSpec(r));
        } else if (r.refName().equals("HEAD")) {
            spec = new RefSpec("+HEAD:" + SCRATCH_REF);
        } else {
            spec = new RefSpec("+" + r.refName() + ":" + r.refName());
        }
        boolean history = false;
        try {
            refs(repo, List.of(spec), depth);
        } catch (IOException | GitSourceException e) {
            if (!byId || deadline.expired() || LocalFiles.cause(e) != null || JGitMessages.filterNotAdvertised(e)) {
                throw e;
            }
            // The server does not serve commits by id: fetch the branch's (or every branch's) history instead.
            refs(repo, List.of(new RefSpec(r.branch() != null ? trackingSpec(r) : "+refs/heads/*:refs/remotes/origin/*")),
                    0);
            history = true;
        }
        if (!has(repo, r.commit())) {
            boolean askedFor = !history && (byId || !(kind instanceof CheckoutTarget.Commit));
            if (askedFor) { // the server listed or accepted the commit, then sent a pack without it
                throw new dev.gitsource.GitTransportException("the server " + remote.redacted()
                        + " sent a pack without commit " + r.commit().name() + " that it was asked for", true, null);
            }
            throw notOnBranch(r);
        }
        if (kind instanceof CheckoutTarget.Commit && r.branch() != null) {
            checkOnBranch(repo, r, depth);
        }
    }

    /**
     * Proves that the commit is reachable from the branch's tip. A shallow fetch of the tip
     * is deepened, doubling, until the commit or the branch's first commit is reached; the
     * server sends only what the commit already fetched does not have.
     */
    private void checkOnBranch(Repository repo, ResolvedTarget r, int depth) throws IOException {
        if (r.commit().equals(r.branchTip())) {
            return;
        }
        RefSpec tip = new RefSpec(trackingSpec(r));
        for (int d = Math.max(2, depth * 2); ; d *= 2) {
            if (depth > 0) {
                refs(repo, List.of(tip), d);
            } else if (repo.exactRef("refs/remotes/origin/" + r.branch()) == null) {
                refs(repo, List.of(tip), 0);
            }
            ObjectId tracking = repo.resolve("refs/remotes/origin/" + r.branch());
            try (RevWalk walk = new RevWalk(repo)) {
                RevCommit from = walk.parseCommit(tracking);
                RevCommit commit = walk.parseCommit(r.commit());
                if (walk.isMergedInto(commit, from)) {
                    return;
                }
            }
            if (depth == 0 || historyCount(repo, tracking) < d) {
                throw notOnBranch(r);
            }
        }
    }

    /** How many commits the local history of {@code tip} holds (a shallow history ends at its boundary). */
    private static int historyCount(Repository repo, ObjectId tip) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            walk.markStart(walk.parseCommit(tip));
            int n = 0;
            while (walk.next() != null) {
                n++;
            }
            return n;
        }
    }

    private RefNotFoundException notOnBranch(ResolvedTarget r) {
        return new RefNotFoundException("commit " + r.commit().name() + " not found on " + remote.redacted()
                + (r.branch() != null ? " in the history of branch '" + r.branch() + "'" : ""), List.of());
    }

    private static boolean has(Repository repo, ObjectId commit) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            walk.parseCommit(commit);
            return true;
        } catch (MissingObjectException e) {
            return false;
        }
    }

    /**
     * Resolves the target with one ls-refs into {@code repo} and keeps that connection for the
     * first fetch that follows at this depth: the fetch then costs one request, not a second
     * advertisement and ls-refs (an update makes C git's 3 HTTP requests, not 5).
     */
    ResolvedTarget resolve(Repository repo, CheckoutTarget target, int depth) throws IOException {
        List<String> prefixes = TargetResolver.prefixes(target);
        if (prefixes.isEmpty()) {
            return new TargetResolver(remote.redacted()).resolve(target, java.util.Map.of());
        }
        close();
        Transport t = git.open(repo, remote, setup, deadline);
        try {
            configure(t, repo, depth);
            FetchConnection c = t.openFetch(List.of(), prefixes.toArray(new String[0]));
            listed = new Listed(t, c, depth, filter);
            return new TargetResolver(remote.redacted()).resolve(target, JGitSource.listed(c, prefixes));
        } catch (IOException | RuntimeException e) {
            close();
            t.close();
            throw e;
        }
    }

    /** Closes the connection {@link #resolve} kept, if no fetch used it. */
    @Override
    public void close() {
        if (listed != null) {
            listed.close();
            listed = null;
        }
    }

    /**
     * One fetch of these refspecs, without tags; depth 0 fetches the whole history. Into a
     * partial copy without a filter no thin pack is asked for: its deltas could be against
     * blobs the copy never fetched.
     */
    void refs(Repository repo, List<RefSpec> specs, int depth) throws IOException {
        Set<Path> before = packs(repo);
        boolean partial = !filter.isNoOp() || RepositoryLayout.isPartial(repo);
        Progress progress = new Progress(git.config().listener());
        if (!onListedConnection(repo, specs, depth, progress)) {
            try (Transport t = git.open(repo, remote, setup, deadline)) {
                configure(t, repo, depth);
                t.fetch(deadline.monitor(progress), specs);
            }
        }
        objectsReceived += progress.objects();
        for (Path p : packs(repo)) {
            if (!before.contains(p)) {
                bytesReceived += Files.size(p);
                if (partial) {
                    RepositoryLayout.markPromisor(p);
                }
            }
        }
    }

    private void configure(Transport t, Repository repo, int depth) {
        t.setTagOpt(TagOpt.NO_TAGS);
        if (depth > 0) {
            t.setDepth(depth);
        }
        if (!filter.isNoOp()) {
            t.setFilterSpec(filter);
        } else if (RepositoryLayout.isPartial(repo)) {
            t.setFetchThin(false);
        }
    }

    /**
     * Fetches one refspec's object on the connection {@link #resolve} kept, and sets its
     * destination ref, as JGit's fetch would. False, with the connection closed, when it
     * cannot serve this fetch (another depth or filter, a wildcard, a ref it did not list).
     */
    private boolean onListedConnection(Repository repo, List<RefSpec> specs, int depth, Progress progress)
            throws IOException {
        Listed l = listed;
        listed = null;
        if (l == null) {
            return false;
        }
        try (l) {
            RefSpec spec = specs.get(0);
            if (specs.size() != 1 || spec.isWildcard() || l.depth != depth || !l.filter.equals(filter)
                    || spec.getDestination() == null) {
                return false;
            }
            Ref want = ObjectId.isId(spec.getSource())
                    ? new ObjectIdRef.Unpeeled(Ref.Storage.NETWORK, spec.getSource(), ObjectId.fromString(spec.getSource()))
                    : l.connection.getRefsMap().get(spec.getSource());
            if (want == null || want.getObjectId() == null) {
                return false;
            }
            if (!has(repo, want.getObjectId())) {
                try {
                    l.connection.fetch(deadline.monitor(progress), List.of(want), Set.of());
                } finally {
                    for (PackLock lock : l.connection.getPackLocks()) {
                        lock.unlock();
                    }
                }
            }
            RefUpdate ref = repo.updateRef(spec.getDestination());
            ref.setNewObjectId(want.getObjectId());
            RefUpdate.Result result = ref.forceUpdate();
            if (result == RefUpdate.Result.LOCK_FAILURE || result == RefUpdate.Result.IO_FAILURE
                    || result == RefUpdate.Result.REJECTED) {
                throw new IOException("cannot set " + spec.getDestination() + " in " + repo.getDirectory() + ": " + result);
            }
            return true;
        }
    }

    /** The transport and fetch connection of one ls-refs, and the settings it was opened with. */
    private record Listed(Transport transport, FetchConnection connection, int depth, FilterSpec filter)
            implements AutoCloseable {
        @Override
        public void close() {
            connection.close();
            transport.close();
        }
    }

    /** What an operation that fetched (or failed before it could) received and wrote, and its phases. */
    static dev.gitsource.CloneStats stats(Fetch fetch, PartialFetch partial, long files, PhaseTimer phases) {
        return new dev.gitsource.CloneStats(fetch == null ? 0 : fetch.bytesReceived(),
                fetch == null ? 0 : fetch.objectsReceived(), files, phases.asMap(), phases.total(),
                partial == null ? null : partial.filter(), partial == null ? null : partial.fallback());
    }

    /** The pack files of a repository. */
    static Set<Path> packs(Repository repo) throws IOException {
        Path dir = repo.getDirectory().toPath().resolve("objects/pack");
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return new HashSet<>(s.filter(p -> p.toString().endsWith(".pack")).toList());
        }
    }
}
