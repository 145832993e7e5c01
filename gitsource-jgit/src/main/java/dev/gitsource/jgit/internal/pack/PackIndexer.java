package dev.gitsource.jgit.internal.pack;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.PackLockImpl;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.transport.PackLock;
import org.eclipse.jgit.transport.PackParser;
import org.eclipse.jgit.transport.PackedObjectInfo;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.sha1.SHA1;

/**
 * Receives a fetched pack into an object directory in place of JGit's parser, which resolves
 * deltas on one thread: the pack is streamed to disk while whole objects are hashed
 * ({@link PackStream}), the deltas are resolved on every core ({@link DeltaResolver}), then the
 * version 2 {@code .idx} is written and both files are moved into {@code objects/pack} under
 * the pack's checksum, as C git names them.
 *
 * <p>JGit drives this through its public {@link #parse(ProgressMonitor, ProgressMonitor)} and
 * setters; the hooks of {@link PackParser}'s own loop are never called. Only for an object
 * directory without objects: a thin pack's bases, and the comparison of received objects with
 * local ones, are left to JGit's parser.
 */
public final class PackIndexer extends PackParser {
    private final ObjectDirectory db;
    private final InputStream in;
    private ObjectChecker checker;
    private long maxObjectBytes;
    private ReceivedPack received;
    private long packSize;
    private ObjectSink sink;

    /**
     * @param db the object directory the pack goes into
     * @param in the pack stream, already limited to the client's maximum pack size
     */
    public PackIndexer(ObjectDirectory db, InputStream in) {
        super(db, in);
        this.db = db;
        this.in = in;
    }

    /** Resets the digest (collision-detecting, for any object this package names or a sink checks) and starts it with the object header an object id is hashed over. */
    public static SHA1 startObject(SHA1 digest, int type, long size) {
        digest.reset();
        digest.update(Constants.encodedTypeString(type));
        digest.update((byte) ' ');
        digest.update(Constants.encodeASCII(size));
        digest.update((byte) 0);
        return digest;
    }

    /** Tells {@code sink} of every object as it arrives or is resolved. */
    public void setObjectSink(ObjectSink sink) {
        this.sink = sink;
    }

    @Override
    public void setObjectChecker(ObjectChecker checker) {
        super.setObjectChecker(checker);
        this.checker = checker;
    }

    @Override
    public void setMaxObjectSizeLimit(long limit) {
        super.setMaxObjectSizeLimit(limit);
        this.maxObjectBytes = limit;
    }

    @Override
    public PackLock parse(ProgressMonitor receiving, ProgressMonitor resolving) throws IOException {
        Path packDir = db.getPackDirectory().toPath();
        Files.createDirectories(packDir);
        Path tmpPack = Files.createTempFile(packDir, "tmp_pack_", ".pack");
        Path tmpIdx = packDir.resolve(tmpPack.getFileName().toString().replace(".pack", ".idx"));
        try {
            try (FileChannel file = FileChannel.open(tmpPack, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                received = new PackStream(in, file, checker, maxObjectBytes, receiving, sink).read();
                new DeltaResolver(file, received, checker, maxObjectBytes, resolving, sink).resolve();
                file.force(true);
            }
            packSize = received.packEnd + 20;
            if (received.count == 0) {
                return null; // as JGit: an empty pack is not kept
            }
            writeIndex(tmpIdx, received.packHash);
            return moveIntoPlace(tmpPack, tmpIdx, ObjectId.fromRaw(received.packHash));
        } finally {
            Files.deleteIfExists(tmpPack);
            Files.deleteIfExists(tmpIdx);
        }
    }

    private void writeIndex(Path idx, byte[] packHash) throws IOException {
        try (FileOutputStream fos = new FileOutputStream(idx.toFile())) {
            PackIndexV2.write(fos, received, packHash);
            fos.getChannel().force(true);
        }
    }

    /** Moves the pack, then its index, under their final names, behind a {@code .keep} if JGit asked for one. */
    private PackLock moveIntoPlace(Path tmpPack, Path tmpIdx, ObjectId name) throws IOException {
        File packDir = db.getPackDirectory();
        File finalPack = new File(packDir, "pack-" + name.name() + ".pack");
        File finalIdx = new File(packDir, "pack-" + name.name() + ".idx");
        if (finalPack.exists()) {
            return null; // the same pack is already here; never replace it
        }
        PackLockImpl keep = new PackLockImpl(finalPack, FS.DETECTED); // the file system is not used
        String lockMessage = getLockMessage();
        if (lockMessage != null && !keep.lock(lockMessage)) {
            throw new LockFailedException(finalPack, "cannot lock pack in " + finalPack);
        }
        try {
            tmpPack.toFile().setReadOnly();
            tmpIdx.toFile().setReadOnly();
            move(tmpPack, finalPack.toPath());
            try {
                move(tmpIdx, finalIdx.toPath());
            } catch (IOException e) {
                Files.deleteIfExists(finalPack.toPath());
                throw e;
            }
            db.openPack(finalPack);
        } catch (IOException | RuntimeException e) {
            keep.unlock();
            throw e;
        }
        return lockMessage != null ? keep : null;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    @Override
    public int getObjectCount() {
        return received != null ? received.count : 0;
    }

    @Override
    public PackedObjectInfo getObject(int nth) {
        return received.info(nth);
    }

    @Override
    public long getPackSize() {
        return packSize;
    }

    // PackParser's own loop, which parse() above replaces, is the only caller of these.

    @Override
    protected void onStoreStream(byte[] raw, int pos, int len) {
        throw new UnsupportedOperationException();
    }

    @Override
    protected void onObjectHeader(Source src, byte[] raw, int pos, int len) {
        throw new UnsupportedOperationException();
    }

    @Override
    protected void onObjectData(Source src, byte[] raw, int pos, int len) {
        throw new UnsupportedOperationException();
    }

    @Override
    protected void onInflatedObjectData(PackedObjectInfo obj, int typeCode, byte[] data) {
        throw new UnsupportedOperationException();
    }

    @Override
    protected void onPackHeader(long objCnt) {
        throw new UnsupportedOperationException();
    }

    @Override
    protected void onPackFooter(byte[] hash) {
        throw new UnsupportedOperationException();
    }

    @Override
    protected boolean onAppendBase(int typeCode, byte[] data, PackedObjectInfo info) {
        throw new UnsupportedOperationException();
    }

    @Override
    protected void onEndThinPack() {
        throw new UnsupportedOperationException();
    }

    @Override
    protected ObjectTypeAndSize seekDatabase(PackedObjectInfo obj, ObjectTypeAndSize info) {
        throw new UnsupportedOperationException();
    }

    @Override
    protected ObjectTypeAndSize seekDatabase(UnresolvedDelta delta, ObjectTypeAndSize info) {
        throw new UnsupportedOperationException();
    }

    @Override
    protected int readDatabase(byte[] dst, int pos, int cnt) {
        throw new UnsupportedOperationException();
    }

    @Override
    protected boolean checkCRC(int oldCRC) {
        throw new UnsupportedOperationException();
    }

    @Override
    protected void onBeginWholeObject(long streamPosition, int type, long inflatedSize) {
        throw new UnsupportedOperationException();
    }

    @Override
    protected void onEndWholeObject(PackedObjectInfo info) {
        throw new UnsupportedOperationException();
    }

    @Override
    protected void onBeginOfsDelta(long deltaStreamPosition, long baseStreamPosition, long inflatedSize) {
        throw new UnsupportedOperationException();
    }

    @Override
    protected void onBeginRefDelta(long deltaStreamPosition, AnyObjectId baseId, long inflatedSize) {
        throw new UnsupportedOperationException();
    }
}
