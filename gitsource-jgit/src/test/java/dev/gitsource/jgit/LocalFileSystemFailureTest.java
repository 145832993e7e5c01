package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gitsource.AuthenticationException;
import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.GitTransportException;
import dev.gitsource.LocalFileSystemException;
import dev.gitsource.RetryPolicy;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.auth.GitCredentialsProvider;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.SmallDisk;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A clone onto a full or read-only disk (a real 2 MiB tmpfs): a {@link LocalFileSystemException}
 * that names the directory, never a transport or authentication error, not retried, nothing left.
 */
class LocalFileSystemFailureTest {
    private static final long DISK = 2 << 20;
    private static GitServer server;
    @TempDir Path tmp;

    @BeforeAll
    static void start() {
        server = GitServer.builder().http().start();
        // incompressible content: a pack larger than the disk, and one that fits while its checkout does not
        server.repository("org/large").largeFile("large.bin", 3_000_000).commit("one");
        server.repository("org/half").largeFile("half.bin", 1_200_000).commit("one");
        server.repository("org/small").file("a.txt", "a\n").commit("one");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static SmallDisk mount(Path dir) {
        try {
            return SmallDisk.mount(dir, DISK);
        } catch (IOException e) {
            Assumptions.abort("no tmpfs can be mounted here (needs root or CAP_SYS_ADMIN): " + e.getMessage());
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"the pack is larger than the disk, org/large", "the checkout does not fit beside the pack, org/half"})
    void aFullDiskIsALocalErrorNamingTheDirectoryNotRetriedAndNothingIsLeft(String when, String repository)
            throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        GitCredentialsProvider counting = request -> {
            attempts.incrementAndGet(); // once per attempt: a retry would ask again
            return GitCredentials.anonymous();
        };
        try (SmallDisk disk = mount(tmp.resolve("disk"));
                GitSource git = GitSource.builder().credentials(counting).timeout(Duration.ofSeconds(30))
                        .retry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1))).build()) {
            Throwable thrown = catchThrowable(() -> git.clone(server.httpUrl(repository), options(disk, "app")));

            assertThat(thrown).as(when).isInstanceOf(LocalFileSystemException.class)
                    .isNotInstanceOf(GitTransportException.class).isNotInstanceOf(AuthenticationException.class)
                    .hasMessageContaining(disk.directory().toString()).hasMessageContaining("No space left on device");
            assertThat(((LocalFileSystemException) thrown).path())
                    .hasValueSatisfying(p -> assertThat(p).startsWithRaw(disk.directory()));
            assertThat(attempts).as("attempts").hasValue(1);
            assertThat(disk.directory()).isEmptyDirectory();
        }
    }

    @Test
    void aReadOnlyDiskIsALocalErrorForACloneAndForAnInit() throws Exception {
        try (SmallDisk disk = mount(tmp.resolve("disk")).readOnly(); GitSource git = GitSource.builder().build()) {
            assertThat(catchThrowable(() -> git.clone(server.httpUrl("org/small"), options(disk, "app"))))
                    .isInstanceOf(LocalFileSystemException.class).hasMessageContaining(disk.directory().toString())
                    .hasMessageContaining("Read-only file system");
            assertThat(catchThrowable(() -> git.init(disk.directory().resolve("new"), server.httpUrl("org/small"),
                    "main"))).isInstanceOf(LocalFileSystemException.class)
                    .hasMessageContaining(disk.directory().resolve("new").toString());
            assertThat(disk.directory()).isEmptyDirectory();
        }
    }

    @Test
    void theSameCloneSucceedsWhereThereIsRoom() {
        try (GitSource git = GitSource.builder().build()) {
            git.clone(server.httpUrl("org/half"), CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1)
                    .directory(tmp.resolve("roomy")).build()).repository().close();
        }
        assertThat(tmp.resolve("roomy/half.bin")).hasSize(1_200_000);
    }

    private static CloneOptions options(SmallDisk disk, String dir) {
        return CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1)
                .directory(disk.directory().resolve(dir)).build();
    }
}
