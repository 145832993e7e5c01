package dev.gitsource.jgit.internal.pack;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.text.MessageFormat;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.internal.JGitText;
import org.eclipse.jgit.internal.storage.pack.BinaryDelta;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.util.sha1.SHA1;

/**
 * The second pass: resolves every delta of a received pack, reading entries back from the
 * pack file. Each whole object with dependants is the root of a tree of deltas; the trees are
 * shared out to one thread per core, and each thread walks its tree depth first, keeping the
 * bases on its path in memory up to a budget and rebuilding an evicted base from the nearest
 * kept ancestor (or the root) when another of its deltas needs it.
 */
final class DeltaResolver {
    /** Bytes of delta bases all threads together keep in memory. */
    private static final long BASE_CACHE_BYTES = 32L << 20;

    private final FileChannel file;
    private final ReceivedPack r;
    private final ObjectChecker checker;
    private final long maxObjectBytes;
    private final ProgressMonitor monitor;
    private final ObjectSink sink;
    /** OFS_DELTA dependants of each entry: those of entry i are ofsChildren[ofsStart[i] .. ofsStart[i+1]). */
    private int[] ofsStart;
    private int[] ofsChildren;
    private final Map<ObjectId, int[]> refChildren = new HashMap<>();
    private final AtomicInteger resolved = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    DeltaResolver(FileChannel file, ReceivedPack r, ObjectChecker checker, long maxObjectBytes,
            ProgressMonitor monitor, ObjectSink sink) {
        this.file = file;
        this.sink = sink;
        this.r = r;
        this.checker = checker;
        this.maxObjectBytes = maxObjectBytes;
        this.monitor = monitor;
    }

    /** Resolves all deltas: names them, and gives each its object's type. */
    void resolve() throws IOException {
        int deltas = linkDeltasToBases();
        if (deltas > 0) {
            List<Integer> roots = new ArrayList<>();
            for (int i = 0; i < r.count; i++) {
                if (r.type(i) <= Constants.OBJ_TAG && hasChildren(i)) {
                    roots.add(i);
                }
            }
            runInParallel(roots, deltas);
            if (resolved.get() != deltas) {
                throw new IOException(MessageFormat.format(JGitText.get().packHasUnresolvedDeltas,
                        Integer.valueOf(deltas - resolved.get())));
            }
        }
    }

    /** Links each delta to its base: an OFS_DELTA's entry is known from the first pass, a REF_DELTA's by object id. */
    private int linkDeltasToBases() {
        ofsStart = new int[r.count + 1];
        Map<ObjectId, List<Integer>> byId = new HashMap<>();
        int deltas = 0;
        for (int i = 0; i < r.count; i++) {
            if (r.type(i) == PackStream.OBJ_OFS_DELTA) {
                ofsStart[r.base(i) + 1]++;
                deltas++;
            } else if (r.type(i) == PackStream.OBJ_REF_DELTA) {
                byId.computeIfAbsent(r.refBase.get(i), k -> new ArrayList<>()).add(i);
                deltas++;
            }
        }
        for (int i = 0; i < r.count; i++) {
            ofsStart[i + 1] += ofsStart[i];
        }
        ofsChildren = new int[ofsStart[r.count]];
        int[] filled = Arrays.copyOf(ofsStart, r.count);
        for (int i = 0; i < r.count; i++) {
            if (r.base(i) >= 0) {
                ofsChildren[filled[r.base(i)]++] = i;
            }
        }
        byId.forEach((id, kids) -> refChildren.put(id, kids.stream().mapToInt(Integer::intValue).toArray()));
        return deltas;
    }

    private boolean hasChildren(int entry) {
        return ofsStart[entry + 1] > ofsStart[entry] || refKids(entry) != null;
    }

    /** The REF_DELTA entries whose base is this entry's object, or null. */
    private int[] refKids(int entry) {
        return refChildren.isEmpty() ? null : refChildren.get(r.id(entry));
    }

    /** One thread per core takes roots in turn; this thread reports progress and watches for cancelling. */
    private void runInParallel(List<Integer> roots, int deltas) throws IOException {
        AtomicInteger next = new AtomicInteger();
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), roots.size()));
        long budget = Math.max(BASE_CACHE_BYTES / threads, 1L << 20);
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                Walker walker = new Walker(budget);
                try {
                    for (int i = next.getAndIncrement(); i < roots.size() && failure.get() == null;
                            i = next.getAndIncrement()) {
                        walker.walk(roots.get(i));
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    walker.inflater.end();
                    done.countDown();
                }
            }, "gitsource-index-pack-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        monitor.beginTask(JGitText.get().resolvingDeltas, deltas);
        int reported = 0;
        try {
            while (!done.await(100, TimeUnit.MILLISECONDS)) {
                reported = report(reported);
                if (monitor.isCancelled()) {
                    failure.compareAndSet(null, new IOException(JGitText.get().downloadCancelled));
                }
            }
            for (Thread w : workers) {
                w.join();
            }
        } catch (InterruptedException e) {
            failure.compareAndSet(null, new InterruptedIOException("interrupted while resolving deltas"));
            workers.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
        }
        report(reported);
        monitor.endTask();
        rethrow(failure.get());
    }

    /** Throws what a worker thread failed with, if anything, as it was. */
    static void rethrow(Throwable f) throws IOException {
        if (f instanceof IOException io) {
            throw io;
        } else if (f instanceof RuntimeException e) {
            throw e;
        } else if (f instanceof Error e) {
            throw e;
        } else if (f != null) {
            throw new IOException(f);
        }
    }

    private int report(int reported) {
        int now = resolved.get();
        monitor.update(now - reported);
        return now;
    }

    /** A resolved object on a walk's path: its content while kept, and which of its dependants are left. */
    private static final class Frame {
        final Frame parent;
        final int entry;
        final int[] refKids;
        byte[] data;
        int nextOfs;
        int nextRef;

        Frame(Frame parent, int entry, int[] refKids) {
            this.parent = parent;
            this.entry = entry;
            this.refKids = refKids;
        }
    }

    /** One thread's walk over delta trees, with its own inflater, hasher and share of the base cache. */
    private final class Walker {
        private final long budget;
        private final Inflater inflater = new Inflater();
        private final SHA1 digest = SHA1.newInstance().setDetectCollision(true);
        private final CRC32 crc = new CRC32();
        private final ArrayDeque<Frame> stack = new ArrayDeque<>();
        private long held;
        private int type;

        Walker(long budget) {
            this.budget = budget;
        }

        void walk(int root) throws IOException {
            type = r.type(root);
            try {
                Frame top = new Frame(null, root, refKids(root));
                keep(top, read(root));
                stack.push(top);
                while (!stack.isEmpty() && failure.get() == null) {
                    Frame f = stack.peek();
                    int child = nextChild(f);
                    if (child < 0) {
                        release(stack.pop());
                        continue;
                    }
                    byte[] base = f.data != null ? f.data : rebuild(f);
                    byte[] result = apply(child, base);
                    if (nextChildPeek(f) < 0) {
                        release(stack.pop()); // its last dependant: the base is needed no more
                    }
                    ObjectId id = record(child, result);
                    Frame c = new Frame(f, child, refChildren.isEmpty() ? null : refChildren.get(id));
                    if (nextChildPeek(c) >= 0) {
                        keep(c, result);
                        stack.push(c);
                        evict();
                    }
                }
            } finally {
                while (!stack.isEmpty()) {
                    release(stack.pop());
                }
            }
        }

        private int nextChildPeek(Frame f) {
            if (f.nextOfs < ofsStart[f.entry + 1] - ofsStart[f.entry]) {
                return ofsChildren[ofsStart[f.entry] + f.nextOfs];
            }
            return f.refKids != null && f.nextRef < f.refKids.length ? f.refKids[f.nextRef] : -1;
        }

        private int nextChild(Frame f) {
            int c = nextChildPeek(f);
            if (c >= 0) {
                if (f.nextOfs < ofsStart[f.entry + 1] - ofsStart[f.entry]) {
                    f.nextOfs++;
                } else {
                    f.nextRef++;
                }
            }
            return c;
        }

        private void keep(Frame f, byte[] data) {
            f.data = data;
            held += data.length;
        }

        private void release(Frame f) {
            if (f.data != null) {
                held -= f.data.length;
                f.data = null;
            }
        }

        /** Drops kept bases from the bottom of the path until the thread is within its budget. */
        private void evict() {
            var it = stack.descendingIterator(); // bottom first
            while (held > budget && it.hasNext()) {
                Frame f = it.next();
                if (f != stack.peek()) {
                    release(f);
                }
            }
        }

        /** Rebuilds an evicted base from its nearest kept ancestor, or from the root object. */
        private byte[] rebuild(Frame f) throws IOException {
            ArrayDeque<Frame> path = new ArrayDeque<>();
            Frame g = f;
            while (g.data == null && g.parent != null) {
                path.push(g);
                g = g.parent;
            }
            byte[] data = g.data != null ? g.data : read(g.entry);
            for (Frame h : path) {
                data = apply(h.entry, data);
            }
            keep(f, data);
            return data;
        }

        /** Applies delta entry {@code entry} to its base, within the object size limit. */
        private byte[] apply(int entry, byte[] base) throws IOException {
            byte[] delta = read(entry);
            try {
                if (BinaryDelta.getBaseSize(delta) != base.length) {
                    throw new CorruptObjectException("delta at " + r.offset(entry) + " expects a base of "
                            + BinaryDelta.getBaseSize(delta) + " bytes, not " + base.length);
                }
                PackStream.checkSize(BinaryDelta.getResultSize(delta), maxObjectBytes);
                return BinaryDelta.apply(base, delta);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new CorruptObjectException("delta at " + r.offset(entry) + " is corrupt: " + e.getMessage());
            }
        }

        /** Names, checks and records a resolved delta. */
        private ObjectId record(int entry, byte[] data) throws IOException {
            PackIndexer.startObject(digest, type, data.length).update(data);
            ObjectId id = digest.toObjectId();
            PackStream.check(checker, id, type, data);
            r.setId(entry, id);
            r.setType(entry, type);
            resolved.incrementAndGet();
            if (sink != null) {
                sink.resolved(type, id, data);
            }
            return id;
        }

        /** Reads entry {@code entry} back from the pack file, checks its CRC32 and inflates its data. */
        private byte[] read(int entry) throws IOException {
            long start = r.offset(entry);
            long length = r.end(entry) - start;
            if (length > Integer.MAX_VALUE - 8) {
                throw new CorruptObjectException("entry at " + start + " is too large");
            }
            byte[] raw = new byte[(int) length];
            ByteBuffer b = ByteBuffer.wrap(raw);
            while (b.hasRemaining()) {
                if (file.read(b, start + b.position()) < 0) {
                    throw new CorruptObjectException("pack file ends inside the entry at " + start);
                }
            }
            crc.reset();
            crc.update(raw);
            if ((int) crc.getValue() != r.crc(entry)) {
                throw new CorruptObjectException(MessageFormat.format(JGitText.get().corruptionDetectedReReadingAt,
                        Long.valueOf(start)));
            }
            byte[] data = new byte[r.size(entry)];
            inflater.reset();
            inflater.setInput(raw, r.headerLength(entry), raw.length - r.headerLength(entry));
            try {
                int n = 0;
                while (n < data.length && !inflater.finished()) {
                    int got = inflater.inflate(data, n, data.length - n);
                    if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        break;
                    }
                    n += got;
                }
                if (n != data.length) {
                    throw new CorruptObjectException("entry at " + start + " inflates to fewer bytes than its size");
                }
            } catch (DataFormatException e) {
                throw new CorruptObjectException("entry at " + start + " is not valid zlib data: " + e.getMessage());
            }
            return data;
        }
    }
}
