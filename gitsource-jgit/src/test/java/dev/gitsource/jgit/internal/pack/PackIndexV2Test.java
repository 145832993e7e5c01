package dev.gitsource.jgit.internal.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eclipse.jgit.internal.storage.file.BasePackIndexWriter;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.PackedObjectInfo;
import org.junit.jupiter.api.Test;

/**
 * The index of entries past 2 GiB, which no test pack reaches: equal, byte for byte, to JGit's
 * version 2 writer's for the same entries (whose output C git reads), large-offset table included;
 * also ids that share their first four bytes, which the sort orders by the whole id.
 */
class PackIndexV2Test {
    @Test
    void largeOffsetsAndSharedPrefixesAreWrittenAsJGitsWriterWritesThem() throws Exception {
        Random random = new Random(19);
        ReceivedPack r = new ReceivedPack();
        List<PackedObjectInfo> expected = new ArrayList<>();
        long offset = 12;
        byte[] raw = new byte[20];
        for (int i = 0; i < 64; i++) {
            random.nextBytes(raw);
            if (i % 8 == 1) {
                System.arraycopy(new byte[] {1, 2, 3, 4}, 0, raw, 0, 4); // a run of shared prefixes
            }
            ObjectId id = ObjectId.fromRaw(raw);
            int crc = random.nextInt();
            r.makeRoom();
            r.add(offset, 2, Constants.OBJ_BLOB, 10, crc, -1, null);
            r.setId(i, id);
            PackedObjectInfo info = new PackedObjectInfo(id);
            info.setOffset(offset);
            info.setCRC(crc);
            expected.add(info);
            offset += i % 3 == 0 ? 900_000_000L : 1_000; // past 2 GiB after a few entries, and past 4 GiB
        }
        r.packEnd = offset;
        byte[] packHash = new byte[20];
        random.nextBytes(packHash);

        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        PackIndexV2.write(ours, r, packHash);
        ByteArrayOutputStream jgits = new ByteArrayOutputStream();
        expected.sort(ObjectId::compareTo);
        BasePackIndexWriter.createVersion(jgits, 2).write(expected, packHash);

        assertThat(offset).isGreaterThan(1L << 33);
        assertThat(ours.toByteArray()).isEqualTo(jgits.toByteArray());
    }
}
