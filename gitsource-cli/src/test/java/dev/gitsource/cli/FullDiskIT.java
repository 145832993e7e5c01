package dev.gitsource.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.cli.CliIT.Run;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.SmallDisk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clone onto a full disk exits 1 (not 9, a transport error a controller would retry), naming the directory. */
class FullDiskIT {
    @TempDir Path tmp;

    @Test
    void aCloneOntoAFullDiskExitsWith1AndLeavesNothing() throws Exception {
        SmallDisk disk;
        try {
            disk = SmallDisk.mount(tmp.resolve("disk"), 2 << 20);
        } catch (IOException e) {
            Assumptions.abort("no tmpfs can be mounted here (needs root or CAP_SYS_ADMIN): " + e.getMessage());
            return;
        }
        try (disk; GitServer server = GitServer.builder().http().start()) {
            server.repository("org/app").largeFile("large.bin", 3_000_000).commit("one");
            Run full = CliIT.gitsource(tmp, Map.of(), "clone", server.httpUrl("org/app").toString(),
                    disk.directory().resolve("app").toString());

            assertThat(full.exit()).as(full.err()).isEqualTo(1);
            assertThat(full.err()).startsWith("gitsource: error:").contains(disk.directory().toString())
                    .contains("No space left on device").doesNotContain("\n");
            assertThat(disk.directory()).isEmptyDirectory();
        }
    }
}
