package dev.gitsource.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Broken and hostile packs for {@link Fault#rewritePack}: written byte by byte here, as a
 * hostile server would, since no Git implementation produces them.
 */
public final class CraftedPacks {
    private static final int BLOB = 3;
    private static final int OFS_DELTA = 6;
    private static final int REF_DELTA = 7;
    private static final int COPY_64K = 0x80; // copy from offset 0, size 0 meaning 0x10000

    private CraftedPacks() {}

    /**
     * @param pack a valid pack
     * @return the same pack with its trailing checksum damaged
     */
    public static byte[] withBadChecksum(byte[] pack) {
        byte[] copy = pack.clone();
        copy[copy.length - 1] ^= 0x55;
        return copy;
    }

    /**
     * @param pack a valid pack
     * @param fraction how much of it to keep, 0 to 1
     * @return the pack cut short
     */
    public static byte[] truncated(byte[] pack, double fraction) {
        return Arrays.copyOf(pack, (int) (pack.length * fraction));
    }

    /**
     * @param pack a valid pack
     * @return the same pack with one byte of object data flipped and a checksum that matches
     */
    public static byte[] withCorruptObject(byte[] pack) {
        byte[] body = Arrays.copyOf(pack, pack.length - 20);
        body[body.length / 2] ^= 0x55;
        return finish(body);
    }

    /**
     * @param declaredSize the size the blob's header claims, such as 4 GiB
     * @return a pack whose one blob declares that size but holds a few bytes
     */
    public static byte[] declaringObjectSize(long declaredSize) {
        return pack(entry(BLOB, declaredSize, deflate("tiny".getBytes(StandardCharsets.US_ASCII))));
    }

    /**
     * A pack bomb: a 64 KiB blob and a delta that copies it again and again. The pack is a
     * few kilobytes; its second object inflates to {@code resultSize} bytes.
     *
     * @param resultSize what the delta inflates to, a multiple of 64 KiB
     * @return the pack
     */
    public static byte[] deltaBomb(long resultSize) {
        byte[] base = entry(BLOB, 0x10000, deflate(new byte[0x10000]));
        ByteArrayOutputStream delta = new ByteArrayOutputStream();
        varint(delta, 0x10000);
        varint(delta, resultSize);
        for (long n = 0; n < resultSize; n += 0x10000) {
            delta.write(COPY_64K);
        }
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.writeBytes(header(OFS_DELTA, resultSize));
        bomb.writeBytes(offset(base.length));
        bomb.writeBytes(deflate(delta.toByteArray()));
        return pack(base, bomb.toByteArray());
    }

    /**
     * A chain of deltas, each on the one before it, {@code depth} long. (A chain with no end
     * cannot be built: bases are named by the hash of their content.)
     *
     * @param depth how many deltas
     * @return the pack
     */
    public static byte[] deepDeltaChain(int depth) {
        byte[][] entries = new byte[depth + 1][];
        entries[0] = entry(BLOB, 1, deflate(new byte[] {'0'}));
        long size = 1;
        for (int i = 1; i <= depth; i++) {
            ByteArrayOutputStream delta = new ByteArrayOutputStream();
            varint(delta, size);
            varint(delta, size + 1);
            delta.write(0x80 | 0x10 | 0x20); // copy from offset 0, two size bytes follow
            delta.write((int) (size & 0xff));
            delta.write((int) (size >>> 8 & 0xff));
            delta.write(1); // insert one byte
            delta.write('a' + i % 26);
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            e.writeBytes(header(OFS_DELTA, size + 1));
            e.writeBytes(offset(entries[i - 1].length));
            e.writeBytes(deflate(delta.toByteArray()));
            entries[i] = e.toByteArray();
            size++;
        }
        return pack(entries);
    }

    /**
     * @return a pack with one delta whose base is in neither the pack nor the client
     */
    public static byte[] missingDeltaBase() {
        byte[] absent = new byte[20];
        Arrays.fill(absent, (byte) 0x42);
        return pack(refDelta(absent));
    }

    /**
     * @return a valid pack holding one blob that nobody asked for
     */
    public static byte[] unrelatedBlob() {
        byte[] data = "not what you wanted\n".getBytes(StandardCharsets.US_ASCII);
        return pack(entry(BLOB, data.length, deflate(data)));
    }

    /** A REF_DELTA entry on {@code base} that turns 4 bytes into 4 others. */
    private static byte[] refDelta(byte[] base) {
        ByteArrayOutputStream delta = new ByteArrayOutputStream();
        varint(delta, 4);
        varint(delta, 4);
        delta.write(4); // insert the next 4 bytes
        delta.writeBytes("loop".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        e.writeBytes(header(REF_DELTA, 4));
        e.writeBytes(base);
        e.writeBytes(deflate(delta.toByteArray()));
        return e.toByteArray();
    }

    private static byte[] entry(int type, long size, byte[] deflated) {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        e.writeBytes(header(type, size));
        e.writeBytes(deflated);
        return e.toByteArray();
    }

    /** Type and size: 4 size bits in the first byte, then 7 per byte, low bits first. */
    private static byte[] header(int type, long size) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        int b = (type << 4) | (int) (size & 0x0f);
        size >>>= 4;
        while (size != 0) {
            h.write(b | 0x80);
            b = (int) (size & 0x7f);
            size >>>= 7;
        }
        h.write(b);
        return h.toByteArray();
    }

    /** The distance back to the base entry, in the pack format's big-endian, off-by-one form. */
    private static byte[] offset(long distance) {
        byte[] buf = new byte[10];
        int pos = buf.length - 1;
        buf[pos] = (byte) (distance & 0x7f);
        while ((distance >>>= 7) != 0) {
            distance--;
            buf[--pos] = (byte) (0x80 | (distance & 0x7f));
        }
        return Arrays.copyOfRange(buf, pos, buf.length);
    }

    /** Delta sizes: 7 bits per byte, low bits first. */
    private static void varint(ByteArrayOutputStream out, long v) {
        while (v >= 0x80) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            d.setInput(data);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static byte[] pack(byte[]... entries) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes("PACK".getBytes(StandardCharsets.US_ASCII));
        int n = entries.length;
        p.writeBytes(new byte[] {0, 0, 0, 2, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        for (byte[] e : entries) {
            p.writeBytes(e);
        }
        return finish(p.toByteArray());
    }

    private static byte[] finish(byte[] body) {
        try {
            byte[] sum = MessageDigest.getInstance("SHA-1").digest(body);
            byte[] out = Arrays.copyOf(body, body.length + 20);
            System.arraycopy(sum, 0, out, body.length, 20);
            return out;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
