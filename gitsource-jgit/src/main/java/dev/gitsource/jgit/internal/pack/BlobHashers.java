package dev.gitsource.jgit.internal.pack;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.lib.BlobObjectChecker;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.util.sha1.SHA1;

/**
 * Hashes whole blobs on other threads while the receiving thread goes on reading the pack:
 * SHA-1 with collision detection is most of an indexer's work, and a pack is mostly blobs.
 * The receiving thread inflates each blob into memory and hands it over, waiting while the
 * blobs not yet hashed hold more than a budget; larger blobs it streams through its own digest.
 */
final class BlobHashers implements AutoCloseable {
    /** Blobs larger than this are hashed by the receiving thread as they stream. */
    static final int LARGEST = 1 << 20;
    /** Bytes of blobs waiting to be hashed, in KiB. */
    private static final int BUDGET_KIB = 8 << 10;

    private final ExecutorService pool;
    private final Semaphore budget = new Semaphore(BUDGET_KIB);
    private final ThreadLocal<SHA1> digests = ThreadLocal.withInitial(() -> SHA1.newInstance().setDetectCollision(true));
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Blobs handed over and not yet named; its last write publishes their ids to the thread that waits. */
    private final AtomicInteger pending = new AtomicInteger();
    private final ObjectChecker checker;
    private final ObjectSink sink;

    /**
     * @param threads how many hash at once
     * @param checker JGit's object checker, or null
     * @param sink told of each blob once hashed, or null
     */
    BlobHashers(int threads, ObjectChecker checker, ObjectSink sink) {
        this.checker = checker;
        this.sink = sink;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "gitsource-index-pack-hash");
            t.setDaemon(true);
            return t;
        });
    }

    /** Hashes entry {@code entry}'s content on a worker; throws what went wrong with an earlier one. */
    void hash(ReceivedPack r, int entry, long offset, byte[] data) throws IOException {
        rethrow();
        int kib = Math.max(1, data.length >> 10);
        try {
            budget.acquire(kib);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while receiving a pack");
        }
        pending.incrementAndGet();
        pool.execute(() -> {
            try {
                SHA1 digest = PackIndexer.startObject(digests.get(), Constants.OBJ_BLOB, data.length);
                digest.update(data);
                ObjectId id = digest.toObjectId();
                BlobObjectChecker blob = checker != null ? checker.newBlobObjectChecker() : null;
                if (blob != null) {
                    blob.update(data, 0, data.length);
                    blob.endBlob(id);
                }
                r.setId(entry, id);
                if (sink != null) {
                    sink.whole(offset, Constants.OBJ_BLOB, id, sink.wantsBlob(data.length) ? data : null);
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                budget.release(kib);
                pending.decrementAndGet();
            }
        });
    }

    /** Waits for every blob handed over to be named. */
    void finish() throws IOException {
        pool.shutdown();
        try {
            while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                rethrow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing a pack's objects");
        }
        rethrow();
        if (pending.get() != 0) {
            throw new IllegalStateException(pending.get() + " blobs not hashed");
        }
    }

    private void rethrow() throws IOException {
        DeltaResolver.rethrow(failure.get());
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
