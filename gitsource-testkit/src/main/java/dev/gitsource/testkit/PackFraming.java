package dev.gitsource.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Swaps the pack inside an upload-pack response (protocol v0 or v2, side-band-64k): the
 * lines before the pack are kept, the pack's side-band data is collected, rewritten and
 * sent again in side-band lines, progress lines are dropped.
 */
final class PackFraming {
    private static final int MAX_DATA = 65520 - 5; // pkt-line limit minus length and band byte

    private PackFraming() {}

    static byte[] rewrite(byte[] response, UnaryOperator<byte[]> rewrite) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteArrayOutputStream pack = new ByteArrayOutputStream();
        boolean inPack = false;
        int pos = 0;
        while (pos + 4 <= response.length) {
            int len = Integer.parseInt(new String(response, pos, 4, StandardCharsets.US_ASCII), 16);
            if (len < 4) { // flush, delim or response-end: no payload
                if (!inPack) {
                    head.write(response, pos, 4);
                }
                pos += 4;
                continue;
            }
            byte band = response[pos + 4];
            if (band == 1 && (inPack || startsWithPack(response, pos + 5, len - 5))) {
                inPack = true;
                pack.write(response, pos + 5, len - 5);
            } else if (!inPack && band != 2) {
                head.write(response, pos, len);
            }
            pos += len;
        }
        if (!inPack) {
            return response; // no pack in this response (an error, or nothing to send)
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toByteArray());
        byte[] replaced = rewrite.apply(pack.toByteArray());
        for (int off = 0; off < replaced.length; off += MAX_DATA) {
            int n = Math.min(MAX_DATA, replaced.length - off);
            out.writeBytes(String.format("%04x", n + 5).getBytes(StandardCharsets.US_ASCII));
            out.write(1);
            out.write(replaced, off, n);
        }
        out.writeBytes("0000".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static boolean startsWithPack(byte[] b, int off, int len) {
        return len >= 4 && Arrays.equals(b, off, off + 4, new byte[] {'P', 'A', 'C', 'K'}, 0, 4);
    }
}
