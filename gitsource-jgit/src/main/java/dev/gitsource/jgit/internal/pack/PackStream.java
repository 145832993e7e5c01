package dev.gitsource.jgit.internal.pack;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.TooLargeObjectInPackException;
import org.eclipse.jgit.internal.JGitText;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.BlobObjectChecker;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.util.sha1.SHA1;

/**
 * The first pass over a pack, as it arrives: every byte goes to the pack file once; each
 * entry's offset, type, size and CRC32 are recorded; whole objects are inflated, hashed with
 * collision detection and checked (blobs up to 1 MiB on other threads, {@link BlobHashers}),
 * while deltas are only inflated to find where they end.
 */
final class PackStream {
    static final int OBJ_OFS_DELTA = 6;
    static final int OBJ_REF_DELTA = 7;

    private final InputStream in;
    private final FileChannel file;
    private final ObjectChecker checker;
    private final long maxObjectBytes;
    private final ProgressMonitor monitor;
    private final ObjectSink sink;
    private final BlobHashers hashers;
    private final byte[] buf = new byte[64 * 1024];
    private final byte[] scratch = new byte[64 * 1024];
    private final MessageDigest packDigest = Constants.newMessageDigest();
    private final SHA1 objectDigest = SHA1.newInstance().setDetectCollision(true);
    private final CRC32 crc = new CRC32();
    private final Inflater inflater = new Inflater();
    private int pos;
    private int avail;
    /** Where in {@link #buf} the bytes not yet written to the file and the pack digest begin. */
    private int unwritten;
    /** The pack offset of {@code buf[pos]}. */
    private long streamPos;

    /** @param sink told of each object as it arrives, or null */
    PackStream(InputStream in, FileChannel file, ObjectChecker checker, long maxObjectBytes, ProgressMonitor monitor,
            ObjectSink sink) {
        this.in = in;
        this.sink = sink;
        this.hashers = new BlobHashers(Runtime.getRuntime().availableProcessors(), checker, sink);
        this.file = file;
        this.checker = checker;
        this.maxObjectBytes = maxObjectBytes;
        this.monitor = monitor;
    }

    /** Reads the whole pack, through its trailer, which must match what arrived. */
    ReceivedPack read() throws IOException {
        try {
            long count = readHeader();
            ReceivedPack r = new ReceivedPack();
            monitor.beginTask(JGitText.get().receivingObjects, (int) Math.min(count, Integer.MAX_VALUE));
            for (long i = 0; i < count; i++) {
                readEntry(r);
                monitor.update(1);
                if (monitor.isCancelled()) {
                    throw new IOException(JGitText.get().downloadCancelled);
                }
            }
            monitor.endTask();
            hashers.finish();
            r.packEnd = streamPos;
            writeOut();
            fill(20);
            byte[] expected = packDigest.digest();
            r.packHash = Arrays.copyOfRange(buf, pos, pos + 20);
            if (!Arrays.equals(expected, r.packHash)) {
                throw new CorruptObjectException("pack checksum does not match what arrived: corrupt pack");
            }
            write(pos, 20);
            consume(20);
            unwritten = pos;
            return r;
        } finally {
            inflater.end();
            hashers.close();
        }
    }

    private long readHeader() throws IOException {
        fill(12);
        if (buf[pos] != 'P' || buf[pos + 1] != 'A' || buf[pos + 2] != 'C' || buf[pos + 3] != 'K') {
            throw new CorruptObjectException("not a pack: no PACK signature");
        }
        long version = uint32(pos + 4);
        if (version != 2 && version != 3) {
            throw new CorruptObjectException("unsupported pack version " + version);
        }
        long count = uint32(pos + 8);
        consume(12);
        return count;
    }

    private void readEntry(ReceivedPack r) throws IOException {
        r.makeRoom();
        long start = streamPos;
        crc.reset();
        int c = nextByte();
        int type = (c >> 4) & 7;
        long size = c & 15;
        for (int shift = 4; (c & 0x80) != 0; shift += 7) {
            c = nextByte();
            if (shift > 56) {
                throw new CorruptObjectException("object header at " + start + " is too long");
            }
            size |= (long) (c & 0x7f) << shift;
        }
        long baseOffset = -1;
        ObjectId baseId = null;
        switch (type) {
            case Constants.OBJ_COMMIT, Constants.OBJ_TREE, Constants.OBJ_BLOB, Constants.OBJ_TAG -> { }
            case OBJ_OFS_DELTA -> {
                c = nextByte();
                long distance = c & 0x7f;
                while ((c & 0x80) != 0) {
                    if (distance > (Long.MAX_VALUE >> 8)) {
                        throw new CorruptObjectException("delta base offset at " + start + " is out of range");
                    }
                    c = nextByte();
                    distance = ((distance + 1) << 7) | (c & 0x7f);
                }
                baseOffset = start - distance;
                if (distance <= 0 || baseOffset < 12) {
                    throw new CorruptObjectException("delta base offset at " + start + " is out of range");
                }
            }
            case OBJ_REF_DELTA -> {
                fill(20);
                baseId = ObjectId.fromRaw(buf, pos);
                consume(20);
            }
            default -> throw new CorruptObjectException("unknown object type " + type + " at " + start);
        }
        checkSize(size, maxObjectBytes);
        int baseEntry = -1;
        if (baseOffset >= 0) {
            baseEntry = r.find(baseOffset);
            if (baseEntry < 0) {
                throw new CorruptObjectException("delta at " + start + " names a base at " + baseOffset
                        + ", where no object starts");
            }
        }
        int headerLength = (int) (streamPos - start);
        int entry = r.count;
        if (type <= Constants.OBJ_TAG) {
            readWhole(r, entry, start, type, size);
        } else if (sink != null && sink.wantsDelta(baseOffset, baseId, size)) {
            byte[] delta = new byte[(int) size];
            inflate(start, size, delta, null, null);
            sink.delta(start, baseOffset, baseId, delta);
        } else {
            inflate(start, size, null, null, null);
        }
        r.add(start, headerLength, type, size, (int) crc.getValue(), baseEntry, baseId);
    }

    /** Throws if an object (or a delta) of this size may not be received. */
    static void checkSize(long size, long maxObjectBytes) throws TooLargeObjectInPackException {
        if (maxObjectBytes > 0 && size > maxObjectBytes) {
            throw new TooLargeObjectInPackException(size, maxObjectBytes);
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new TooLargeObjectInPackException(size, Integer.MAX_VALUE - 8);
        }
    }

    /** Inflates, names and checks a whole object, or leaves a small blob to {@link #hashers}. */
    private void readWhole(ReceivedPack r, int entry, long start, int type, long size) throws IOException {
        if (type == Constants.OBJ_BLOB && size <= BlobHashers.LARGEST) {
            byte[] data = new byte[(int) size];
            inflate(start, size, data, null, null);
            hashers.hash(r, entry, start, data);
            return;
        }
        SHA1 digest = PackIndexer.startObject(objectDigest, type, size);
        ObjectId id;
        byte[] data = null;
        if (type == Constants.OBJ_BLOB) {
            BlobObjectChecker blob = checker != null ? checker.newBlobObjectChecker() : null;
            inflate(start, size, null, digest, blob);
            id = digest.toObjectId();
            if (blob != null) {
                blob.endBlob(id);
            }
        } else {
            data = new byte[(int) size];
            inflate(start, size, data, null, null);
            digest.update(data);
            id = digest.toObjectId();
            check(checker, id, type, data);
        }
        r.setId(entry, id);
        if (sink != null) {
            sink.whole(start, type, id, data);
        }
    }

    /** Runs the object checker JGit passed in, if any (not thread-safe: one check at a time). */
    static void check(ObjectChecker checker, AnyObjectId id, int type, byte[] data) throws CorruptObjectException {
        if (checker != null) {
            synchronized (checker) {
                checker.check(id, type, data);
            }
        }
    }

    /**
     * Inflates one entry's data, which must be exactly {@code size} bytes: into {@code target}
     * if given, else chunk by chunk into the digest and the blob checker (either may be null).
     */
    private void inflate(long start, long size, byte[] target, SHA1 digest, BlobObjectChecker blob)
            throws IOException {
        inflater.reset();
        long produced = 0;
        int given = 0;
        try {
            while (true) {
                if (inflater.needsInput()) {
                    if (pos == avail) {
                        refill();
                    }
                    given = avail - pos;
                    inflater.setInput(buf, pos, given);
                }
                int n;
                if (target != null && produced < size) {
                    n = inflater.inflate(target, (int) produced, (int) (size - produced));
                } else {
                    n = inflater.inflate(scratch);
                    if (n > 0 && target == null && produced + n <= size) {
                        if (digest != null) {
                            digest.update(scratch, 0, n);
                        }
                        if (blob != null) {
                            blob.update(scratch, 0, n);
                        }
                    }
                }
                int used = given - inflater.getRemaining();
                consume(used);
                given -= used;
                produced += n;
                if (produced > size) {
                    throw new CorruptObjectException("object at " + start + " inflates to more than its size " + size);
                }
                if (inflater.finished()) {
                    break;
                }
                if (n == 0 && inflater.needsDictionary()) {
                    throw new CorruptObjectException("object at " + start + " asks for a zlib dictionary");
                }
            }
        } catch (DataFormatException e) {
            throw new CorruptObjectException("object at " + start + " is not valid zlib data: " + e.getMessage());
        }
        if (produced != size) {
            throw new CorruptObjectException("object at " + start + " inflates to " + produced + " bytes, not " + size);
        }
    }

    private int nextByte() throws IOException {
        fill(1);
        int c = buf[pos] & 0xff;
        consume(1);
        return c;
    }

    private void consume(int n) {
        crc.update(buf, pos, n);
        pos += n;
        streamPos += n;
    }

    /** Makes at least {@code need} unread bytes available in {@link #buf}. */
    private void fill(int need) throws IOException {
        if (avail - pos >= need) {
            return;
        }
        writeOut();
        System.arraycopy(buf, pos, buf, 0, avail - pos);
        avail -= pos;
        pos = 0;
        unwritten = 0;
        while (avail < need) {
            int n = in.read(buf, avail, buf.length - avail);
            if (n <= 0) { // JGit's side-band stream returns 0, not -1, where the connection broke off in a packet
                throw new EOFException("pack is truncated: the stream ended at " + (streamPos + avail));
            }
            avail += n;
        }
    }

    /** Reads more when every byte in the buffer is used. */
    private void refill() throws IOException {
        fill(1);
    }

    /** Writes the consumed bytes not yet written to the pack file and the pack digest. */
    private void writeOut() throws IOException {
        if (pos > unwritten) {
            packDigest.update(buf, unwritten, pos - unwritten);
            write(unwritten, pos - unwritten);
            unwritten = pos;
        }
    }

    private void write(int off, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf, off, len);
        while (b.hasRemaining()) {
            file.write(b);
        }
    }

    private long uint32(int p) {
        return ((buf[p] & 0xffL) << 24) | ((buf[p + 1] & 0xffL) << 16) | ((buf[p + 2] & 0xffL) << 8) | (buf[p + 3] & 0xffL);
    }
}
