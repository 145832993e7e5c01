package dev.gitsource.jgit.internal;

import dev.gitsource.jgit.internal.pack.ObjectSink;
import dev.gitsource.jgit.internal.pack.PackIndexer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.internal.storage.pack.BinaryDelta;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.CoreConfig.EolStreamType;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.util.sha1.SHA1;

/**
 * Writes a clone's files while its pack still arrives, from the objects the indexer hands
 * over ({@link ObjectSink}): it keeps the trees of the target commit (and its
 * {@code .gitattributes} files) until the whole tree is known, checks every path of it
 * ({@link WorkTreeWriter#plan}) before the first file is written, then writes each wanted blob as it arrives or is resolved, on a pool of writers
 * with a bounded number of bytes in flight. Blobs that come before the tree is complete are
 * held, up to a budget, and written once it is: JGit's servers send all trees before the
 * blobs, so most files are written during the fetch, while C git's send objects in the order
 * of a walk of the tree (until the first tagged commit), so the tree is complete only when its
 * last directory arrives. No file is written from a delta resolved a second time. What it does
 * not write (blobs over the budget or too large, files whose attributes ask for a conversion,
 * or all of them when the tree did not complete during the fetch) is written after the fetch
 * from the repository, as without it.
 */
final class PipelinedCheckout implements ObjectSink, AutoCloseable {
    /** Trees kept in memory: the target's, and recent ones as delta bases. */
    private static final long KEPT_TREE_BYTES = 8L << 20;
    /** Larger blobs are written after the fetch, streamed from the pack. */
    private static final int LARGEST_EARLY_BLOB = 1 << 20;
    /** Bytes of blobs that arrived before the tree was complete, held for the writers. */
    private static final long HELD_BYTES = 8L << 20;
    /** Bytes of blobs handed to the writers and not yet written, in KiB. */
    private static final int IN_FLIGHT_KIB = 8 << 10;

    private enum State { COLLECTING, WRITING, OFF }

    private final WorkTreeWriter writer;
    private final ObjectId commit;
    private volatile State state = State.COLLECTING;
    // The trees, guarded by this: filled on the receiving thread, then on the resolving threads.
    private final Map<ObjectId, byte[]> target = new HashMap<>();
    private final Set<ObjectId> missing = new HashSet<>();
    /** The target's {@code .gitattributes} blobs, which the walk reads for each file's conversion. */
    private final Map<ObjectId, byte[]> attributes = new HashMap<>();
    private final Set<ObjectId> missingAttributes = new HashSet<>();
    private final Map<ObjectId, byte[]> held = new HashMap<>();
    private volatile long heldBytes;
    private final LinkedHashMap<Long, Kept> recent = new LinkedHashMap<>(256, 0.75f, true);
    private final Map<ObjectId, Long> recentOffsets = new HashMap<>();
    private long keptBytes;
    private ObjectId rootTree;
    private final SHA1 digest = SHA1.newInstance().setDetectCollision(true);
    // The writing, once the tree is checked.
    private WorkTreeWriter.Plan plan;
    private final Map<ObjectId, List<WorkTreeWriter.FileJob>> unwritten = new ConcurrentHashMap<>();
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT_KIB);
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    private ExecutorService writers;

    private record Kept(ObjectId id, byte[] data) {}

    /**
     * @param writer writes into the clone's empty working directory
     * @param commit the commit whose tree is checked out
     */
    PipelinedCheckout(WorkTreeWriter writer, AnyObjectId commit) {
        this.writer = writer;
        this.commit = commit.copy();
    }

    /**
     * Waits for the writers. Returns the checked plan, its files written so far marked, or null
     * when nothing was written during the fetch and the tree must be walked from the repository.
     *
     * @param monitor the operation's, cancelled when its deadline passes
     * @throws IOException the first write that failed
     */
    WorkTreeWriter.Plan finish(ProgressMonitor monitor) throws IOException {
        if (state != State.WRITING) {
            return null;
        }
        writers.shutdown();
        try {
            while (!writers.awaitTermination(100, TimeUnit.MILLISECONDS)) {
                if (monitor.isCancelled()) { // writers waiting on a slow disk past the deadline
                    throw new IOException("checkout cancelled");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("checkout interrupted");
        }
        IOException f = failure.get();
        if (f != null) {
            throw f;
        }
        return plan;
    }

    /** Stops the writers (a clone that failed is deleted next). */
    @Override
    public void close() {
        state = State.OFF;
        if (writers != null) {
            writers.shutdownNow();
            try {
                writers.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean wantsBlob(long size) {
        State now = state;
        return size <= LARGEST_EARLY_BLOB && (now == State.WRITING || now == State.COLLECTING
                && (heldBytes + size <= HELD_BYTES || !missingAttributes.isEmpty()));
    }

    @Override
    public void whole(long offset, int type, ObjectId id, byte[] data) {
        if (type == Constants.OBJ_BLOB) {
            blobArrived(id, data);
        } else if (state == State.COLLECTING) {
            collect(offset, type, id, data);
        }
    }

    @Override
    public synchronized boolean wantsDelta(long baseOffset, ObjectId baseId, long size) {
        // only trees are kept, so a delta on one of them is a tree
        return state == State.COLLECTING && size <= KEPT_TREE_BYTES && base(baseOffset, baseId) != null;
    }

    @Override
    public synchronized void delta(long offset, long baseOffset, ObjectId baseId, byte[] delta) {
        byte[] base = base(baseOffset, baseId);
        if (state != State.COLLECTING || base == null) {
            return;
        }
        try {
            if (BinaryDelta.getBaseSize(delta) != base.length || BinaryDelta.getResultSize(delta) > KEPT_TREE_BYTES) {
                return; // the indexer reports the corrupt delta
            }
            byte[] tree = BinaryDelta.apply(base, delta);
            PackIndexer.startObject(digest, Constants.OBJ_TREE, tree.length).update(tree);
            collect(offset, Constants.OBJ_TREE, digest.toObjectId(), tree);
        } catch (RuntimeException e) { // a corrupt delta or a SHA-1 collision: the indexer fails the fetch on it
            off();
        }
    }

    @Override
    public void resolved(int type, ObjectId id, byte[] data) {
        if (type == Constants.OBJ_BLOB) {
            blobArrived(id, data);
        } else if (state == State.COLLECTING) {
            collect(-1, type, id, data);
        }
    }

    private synchronized void collect(long offset, int type, ObjectId id, byte[] data) {
        if (state != State.COLLECTING) {
            return;
        }
        try {
            collectChecked(offset, type, id, data);
        } catch (RuntimeException e) { // a malformed tree (fetches check no objects): the walk after the fetch reports it
            off();
        }
    }

    private void collectChecked(long offset, int type, ObjectId id, byte[] data) {
        if (type == Constants.OBJ_COMMIT && id.equals(commit) && rootTree == null) {
            rootTree = treeOf(data);
            if (rootTree == null) {
                off();
                return;
            }
            need(rootTree);
        } else if (type == Constants.OBJ_TREE) {
            if (missing.remove(id)) {
                pin(id, data);
            } else if (offset >= 0) {
                remember(offset, id, data);
            }
        }
        startWhenComplete();
    }

    private void blobArrived(ObjectId id, byte[] data) {
        if (state == State.COLLECTING && data != null && hold(id, data)) {
            return;
        }
        blob(id, data);
    }

    /** Keeps a blob that came before the tree was complete, if it is an attributes file or within the budget. */
    private synchronized boolean hold(ObjectId id, byte[] data) {
        if (state != State.COLLECTING) {
            return false; // started meanwhile: write it
        }
        if (missingAttributes.remove(id)) {
            attributes.put(id, data);
            held.put(id, data); // a file too
            startWhenComplete();
        } else if (heldBytes + data.length <= HELD_BYTES && !held.containsKey(id)) {
            held.put(id, data);
            heldBytes += data.length;
        }
        return true;
    }

    private void startWhenComplete() {
        if (state == State.COLLECTING && rootTree != null && missing.isEmpty() && missingAttributes.isEmpty()) {
            start();
        }
    }

    private byte[] base(long offset, ObjectId id) {
        if (offset >= 0) {
            Kept k = recent.get(offset);
            return k != null ? k.data : null;
        }
        byte[] pinned = target.get(id);
        if (pinned != null) {
            return pinned;
        }
        Long at = recentOffsets.get(id);
        return at != null ? recent.get(at).data : null;
    }

    /** Keeps a tree as a delta base (and a tree the target may still name), the least recently used dropped first. */
    private void remember(long offset, ObjectId id, byte[] data) {
        recent.put(offset, new Kept(id, data));
        recentOffsets.put(id, offset);
        keptBytes += data.length;
        var it = recent.values().iterator();
        while (keptBytes > KEPT_TREE_BYTES && it.hasNext()) {
            Kept k = it.next();
            it.remove();
            recentOffsets.remove(k.id);
            keptBytes -= k.data.length;
        }
    }

    /** The target names this tree: keep it, or wait for it. */
    private void need(ObjectId tree) {
        if (target.containsKey(tree)) {
            return;
        }
        Long at = recentOffsets.get(tree);
        if (at != null) {
            pin(tree, recent.get(at).data);
        } else {
            missing.add(tree);
        }
    }

    private void pin(ObjectId id, byte[] data) {
        target.put(id, data);
        keptBytes += data.length;
        if (keptBytes > 2 * KEPT_TREE_BYTES) {
            off(); // a tree too large to hold: written after the fetch
            return;
        }
        CanonicalTreeParser p = new CanonicalTreeParser();
        p.reset(data);
        for (; !p.eof(); p.next()) {
            if (FileMode.TREE.equals(p.getEntryRawMode())) {
                need(p.getEntryObjectId());
            } else if (FileMode.REGULAR_FILE.equals(p.getEntryRawMode())
                    && Constants.DOT_GIT_ATTRIBUTES.equals(p.getEntryPathString())) {
                ObjectId blob = p.getEntryObjectId();
                if (!attributes.containsKey(blob)) {
                    missingAttributes.add(blob);
                }
            }
        }
    }

    private static ObjectId treeOf(byte[] commit) {
        byte[] prefix = Constants.encodeASCII("tree ");
        if (commit.length < prefix.length + Constants.OBJECT_ID_STRING_LENGTH) {
            return null;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (commit[i] != prefix[i]) {
                return null;
            }
        }
        try {
            return ObjectId.fromString(commit, prefix.length);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The whole tree is here: check every path, then let blobs be written as they come. */
    private void start() {
        WorkTreeWriter.Plan checked;
        try (ObjectReader trees = new KeptTrees(target, attributes)) {
            checked = writer.plan(trees, rootTree);
        } catch (IOException | RuntimeException e) {
            off(); // attributes to read, or an unsafe tree: the walk after the fetch decides, and reports
            return;
        }
        for (WorkTreeWriter.FileJob job : checked.files) {
            if (job.eol != EolStreamType.DIRECT) {
                continue; // content to convert: written after the fetch, through JGit's streams
            }
            unwritten.computeIfAbsent(job.entry.getObjectId(), k -> new ArrayList<>(1)).add(job);
        }
        plan = checked;
        Map<ObjectId, byte[]> early = new HashMap<>(held);
        clearTrees();
        int threads = Math.max(WorkTreeWriter.MIN_WRITERS, Runtime.getRuntime().availableProcessors());
        writers = WorkTreeWriter.writerPool(threads);
        state = State.WRITING;
        early.forEach(this::blob);
    }

    private void off() {
        state = State.OFF;
        clearTrees();
    }

    private void clearTrees() {
        target.clear();
        missing.clear();
        attributes.clear();
        missingAttributes.clear();
        held.clear();
        heldBytes = 0;
        recent.clear();
        recentOffsets.clear();
        keptBytes = 0;
    }

    /** Hands a blob to a writer, waiting while too many bytes are in flight. */
    private void blob(ObjectId id, byte[] data) {
        if (state != State.WRITING || data == null || data.length > LARGEST_EARLY_BLOB || failure.get() != null) {
            return;
        }
        List<WorkTreeWriter.FileJob> jobs = unwritten.remove(id);
        if (jobs == null) {
            return;
        }
        int kib = Math.max(1, data.length >> 10);
        try {
            inFlight.acquire(kib);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            writers.execute(() -> {
                try {
                    for (WorkTreeWriter.FileJob job : jobs) {
                        if (failure.get() == null && state == State.WRITING) {
                            writer.writeEarly(job, data);
                        }
                    }
                } catch (IOException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    inFlight.release(kib);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.release(kib); // closed: the clone is failing
        }
    }

    /** The target's trees and attributes files, for the walk that checks them: no other object can be read. */
    private static final class KeptTrees extends ObjectReader {
        private final Map<ObjectId, byte[]> trees;
        private final Map<ObjectId, byte[]> blobs;

        KeptTrees(Map<ObjectId, byte[]> trees, Map<ObjectId, byte[]> blobs) {
            this.trees = trees;
            this.blobs = blobs;
        }

        @Override
        public ObjectReader newReader() {
            return new KeptTrees(trees, blobs);
        }

        @Override
        public Collection<ObjectId> resolve(AbbreviatedObjectId id) {
            return List.of();
        }

        @Override
        public ObjectLoader open(AnyObjectId id, int type) throws IOException {
            byte[] tree = trees.get(id);
            if (tree != null && (type == OBJ_ANY || type == Constants.OBJ_TREE)) {
                return new ObjectLoader.SmallObject(Constants.OBJ_TREE, tree);
            }
            byte[] blob = blobs.get(id);
            if (blob != null && (type == OBJ_ANY || type == Constants.OBJ_BLOB)) {
                return new ObjectLoader.SmallObject(Constants.OBJ_BLOB, blob);
            }
            throw new MissingObjectException(id.copy(), type);
        }

        @Override
        public Set<ObjectId> getShallowCommits() {
            return Set.of();
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
