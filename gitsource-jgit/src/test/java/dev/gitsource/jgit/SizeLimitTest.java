package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.SizeLimitExceededException;
import dev.gitsource.testkit.GitServer;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** maxPackBytes and maxObjectBytes stop real fetches early, with a typed error and nothing written. */
class SizeLimitTest {
    @TempDir Path tmp;

    private CloneOptions options(String dir) {
        return CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1).directory(tmp.resolve(dir)).build();
    }

    @Test
    void aFileThatInflatesPastMaxObjectBytesIsRefusedBeforeItIsInflated() throws Exception {
        try (GitServer server = GitServer.builder().http().start()) {
            // 8 MiB of zeros: a pack of a few kilobytes
            server.repository("org/app").binaryFile("zeros.bin", new byte[8 << 20]).commit("bomb");
            URI url = server.httpUrl("org/app");
            try (GitSource strict = GitSource.builder().maxObjectBytes(1 << 20).build()) {
                assertThatThrownBy(() -> strict.clone(url, options("strict")))
                        .isInstanceOfSatisfying(SizeLimitExceededException.class,
                                e -> assertThat(e.limitBytes()).isEqualTo(1 << 20))
                        .hasMessageContaining("maxObjectBytes").hasMessageContaining("127.0.0.1");
                FaultMatrixTest.assertNothingLeft(tmp, "strict");
            }
            try (GitSource roomy = GitSource.builder().maxObjectBytes(16 << 20).build()) {
                roomy.clone(url, options("roomy")).repository().close();
                assertThat(tmp.resolve("roomy/zeros.bin")).hasSize(8 << 20);
            }
        }
    }

    @Test
    void aPackLargerThanMaxPackBytesStopsTheFetchAsItArrives() throws Exception {
        try (GitServer server = GitServer.builder().http().start()) {
            server.repository("org/app").largeFile("random.bin", 2_000_000).commit("big");
            URI url = server.httpUrl("org/app");
            try (GitSource strict = GitSource.builder().maxPackBytes(500_000).build()) {
                assertThatThrownBy(() -> strict.clone(url, options("strict")))
                        .isInstanceOfSatisfying(SizeLimitExceededException.class,
                                e -> assertThat(e.limitBytes()).isEqualTo(500_000))
                        .hasMessageContaining("maxPackBytes");
                FaultMatrixTest.assertNothingLeft(tmp, "strict");
            }
            try (GitSource roomy = GitSource.builder().maxPackBytes(4_000_000).build()) {
                roomy.clone(url, options("roomy")).repository().close();
                assertThat(tmp.resolve("roomy/random.bin")).hasSize(2_000_000);
            }
        }
    }
}
