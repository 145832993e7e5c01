package dev.gitsource.jgit.internal.pack;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.PackedObjectInfo;
import org.eclipse.jgit.util.NB;

/**
 * What the first pass over a pack ({@link PackStream}) learnt: the entries in pack order, and
 * where the pack data ends. A
 * table of about 42 bytes an object, since a large history has millions of them, kept in
 * chunks of 16,384 entries: it grows without copying, and no array of it is large enough to
 * need contiguous heap. Entries are added on the receiving thread; hashing and resolving
 * threads set ids in the room {@link #makeRoom()} made for them.
 */
final class ReceivedPack {
    private static final int BITS = 14;
    private static final int CHUNK = 1 << BITS;
    private static final int MASK = CHUNK - 1;

    int count;
    private long[][] offset = new long[0][];
    private int[][] size = new int[0][];
    private int[][] crc = new int[0][];
    private byte[][] type = new byte[0][];
    private byte[][] headerLength = new byte[0][];
    /** An OFS_DELTA's base entry, else -1. */
    private int[][] base = new int[0][];
    /** Each entry's object id, 20 bytes each: a whole object's once hashed, a delta's once resolved. */
    private byte[][] ids = new byte[0][];
    /** REF_DELTA entries' bases: rare in a fetch, whose client asks for OFS_DELTA. */
    final Map<Integer, ObjectId> refBase = new HashMap<>();
    long packEnd;
    byte[] packHash;

    /**
     * Makes room for the next entry before it is read, so that its id can be set (by a
     * hashing thread) before it is added. A new chunk only when one is full, never sized by
     * the header: a hostile one may declare four billion objects.
     */
    void makeRoom() {
        int chunk = count >>> BITS;
        if (chunk < offset.length) {
            return;
        }
        int n = chunk + 1;
        offset = Arrays.copyOf(offset, n);
        offset[chunk] = new long[CHUNK];
        size = Arrays.copyOf(size, n);
        size[chunk] = new int[CHUNK];
        crc = Arrays.copyOf(crc, n);
        crc[chunk] = new int[CHUNK];
        type = Arrays.copyOf(type, n);
        type[chunk] = new byte[CHUNK];
        headerLength = Arrays.copyOf(headerLength, n);
        headerLength[chunk] = new byte[CHUNK];
        base = Arrays.copyOf(base, n);
        base[chunk] = new int[CHUNK];
        ids = Arrays.copyOf(ids, n);
        ids[chunk] = new byte[20 * CHUNK];
    }

    void add(long off, int header, int t, long sz, int entryCrc, int baseEntry, ObjectId baseName) {
        int c = count >>> BITS;
        int i = count & MASK;
        offset[c][i] = off;
        headerLength[c][i] = (byte) header;
        type[c][i] = (byte) t;
        size[c][i] = (int) sz;
        crc[c][i] = entryCrc;
        base[c][i] = baseEntry;
        if (baseName != null) {
            refBase.put(count, baseName);
        }
        count++;
    }

    long offset(int e) {
        return offset[e >>> BITS][e & MASK];
    }

    int size(int e) {
        return size[e >>> BITS][e & MASK];
    }

    int crc(int e) {
        return crc[e >>> BITS][e & MASK];
    }

    int type(int e) {
        return type[e >>> BITS][e & MASK];
    }

    /** A resolved delta's type: its object's. */
    void setType(int e, int t) {
        type[e >>> BITS][e & MASK] = (byte) t;
    }

    int headerLength(int e) {
        return headerLength[e >>> BITS][e & MASK];
    }

    int base(int e) {
        return base[e >>> BITS][e & MASK];
    }

    /** The entry that starts at this offset, or a negative number: entries are in offset order. */
    int find(long off) {
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long at = offset(mid);
            if (at < off) {
                lo = mid + 1;
            } else if (at > off) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Names entry {@code e}, on any thread, once {@link #makeRoom()} has made its room. */
    void setId(int e, AnyObjectId id) {
        id.copyRawTo(ids[e >>> BITS], 20 * (e & MASK));
    }

    ObjectId id(int e) {
        return ObjectId.fromRaw(ids[e >>> BITS], 20 * (e & MASK));
    }

    /** The first four bytes of entry {@code e}'s id, as a big-endian int. */
    int idPrefix(int e) {
        return NB.decodeInt32(ids[e >>> BITS], 20 * (e & MASK));
    }

    /** Compares the ids of two entries, as unsigned bytes. */
    int compareIds(int a, int b) {
        int pa = 20 * (a & MASK);
        int pb = 20 * (b & MASK);
        return Arrays.compareUnsigned(ids[a >>> BITS], pa, pa + 20, ids[b >>> BITS], pb, pb + 20);
    }

    /** Writes entry {@code e}'s id. */
    void writeId(OutputStream out, int e) throws IOException {
        out.write(ids[e >>> BITS], 20 * (e & MASK), 20);
    }

    /** Where entry {@code i} ends: where the next begins, or the trailer. */
    long end(int i) {
        return i + 1 < count ? offset(i + 1) : packEnd;
    }

    /** Entry {@code i} as JGit's index entry. */
    PackedObjectInfo info(int i) {
        PackedObjectInfo info = new PackedObjectInfo(id(i));
        info.setOffset(offset(i));
        info.setCRC(crc(i));
        info.setType(type(i)); // a delta's is its object's once resolved
        info.setFullSize(size(i));
        return info;
    }
}
