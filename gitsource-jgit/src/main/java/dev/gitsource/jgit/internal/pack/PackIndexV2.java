package dev.gitsource.jgit.internal.pack;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.util.NB;

/**
 * Writes a version 2 pack index from the first pass's table, as {@code git index-pack} does:
 * the fan-out, the ids in order, their CRC32s, their offsets (those past 2 GiB in a second
 * table), the pack's checksum and the index's own. Written here rather than with JGit's writer,
 * which wants one object per entry, 70 bytes each.
 */
final class PackIndexV2 {
    private static final byte[] MAGIC = {(byte) 0xff, 't', 'O', 'c'};

    private PackIndexV2() {}

    static void write(OutputStream out, ReceivedPack r, byte[] packHash) throws IOException {
        int[] order = sortedById(r);
        MessageDigest sha1 = Constants.newMessageDigest();
        OutputStream os = new DigestOutputStream(new BufferedOutputStream(out, 64 * 1024), sha1);
        byte[] word = new byte[8];
        os.write(MAGIC);
        writeInt(os, word, 2);
        int[] fanout = new int[256];
        for (int e : order) {
            fanout[r.idPrefix(e) >>> 24]++;
        }
        for (int b = 0, total = 0; b < 256; b++) {
            total += fanout[b];
            writeInt(os, word, total);
        }
        for (int e : order) {
            r.writeId(os, e);
        }
        for (int e : order) {
            writeInt(os, word, r.crc(e));
        }
        int large = 0;
        for (int e : order) {
            long offset = r.offset(e);
            writeInt(os, word, offset > 0x7fffffffL ? 0x80000000 | large++ : (int) offset);
        }
        for (int e : order) {
            if (r.offset(e) > 0x7fffffffL) {
                NB.encodeInt64(word, 0, r.offset(e));
                os.write(word, 0, 8);
            }
        }
        os.write(packHash);
        os.flush();
        out.write(sha1.digest());
        out.flush();
    }

    private static void writeInt(OutputStream os, byte[] word, int v) throws IOException {
        NB.encodeInt32(word, 0, v);
        os.write(word, 0, 4);
    }

    /**
     * The entries in the order of their ids: sorted as longs by the ids' first four bytes (a
     * primitive sort, no object per entry), then the rare runs that share them by the whole id.
     */
    private static int[] sortedById(ReceivedPack r) {
        long[] keys = new long[r.count];
        for (int e = 0; e < r.count; e++) {
            int prefix = r.idPrefix(e) ^ Integer.MIN_VALUE; // unsigned order as signed
            keys[e] = (long) prefix << 32 | e;
        }
        java.util.Arrays.sort(keys);
        int[] order = new int[r.count];
        for (int i = 0; i < order.length; i++) {
            order[i] = (int) keys[i];
        }
        for (int i = 1; i < order.length; i++) {
            // insertion sort within a run of equal prefixes
            for (int j = i; j > 0 && (keys[j] >>> 32) == (keys[j - 1] >>> 32) && r.compareIds(order[j - 1], order[j]) > 0; j--) {
                int t = order[j];
                order[j] = order[j - 1];
                order[j - 1] = t;
            }
        }
        return order;
    }
}
