package dev.gitsource.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk is as small as asked, can turn read-only, and is gone after close. */
class SmallDiskTest {
    @TempDir Path tmp;

    @Test
    void fillsUpTurnsReadOnlyAndUnmounts() throws Exception {
        Path dir = tmp.resolve("disk");
        SmallDisk disk;
        try {
            disk = SmallDisk.mount(dir, 1 << 20);
        } catch (IOException e) {
            Assumptions.abort("no tmpfs can be mounted here: " + e.getMessage());
            return;
        }
        try (disk) {
            assertThatThrownBy(() -> Files.write(dir.resolve("big"), new byte[2 << 20]))
                    .isInstanceOf(IOException.class).hasMessageContaining("No space left on device");
            Files.delete(dir.resolve("big"));
            disk.readOnly();
            assertThatThrownBy(() -> Files.writeString(dir.resolve("small"), "x"))
                    .isInstanceOf(FileSystemException.class).hasMessageContaining("Read-only file system");
        }
        Files.writeString(dir.resolve("after"), "on the disk below"); // the directory itself again
        assertThat(dir.resolve("after")).hasContent("on the disk below");
    }
}
