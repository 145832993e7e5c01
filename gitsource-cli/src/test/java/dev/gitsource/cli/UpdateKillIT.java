package dev.gitsource.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.cli.CliIT.Run;
import dev.gitsource.testkit.GitCli;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.RepositoryFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An update killed with SIGKILL in its write phase leaves a copy that the next update
 * repairs: the same files, index and status as C git's checkout of the new commit.
 */
class UpdateKillIT {
    private static final int FILES = 3000;

    @TempDir Path tmp;

    @Test
    void anUpdateKilledWhileWritingIsRepairedByTheNext() throws Exception {
        try (GitServer server = GitServer.builder().http().start()) {
            RepositoryFixture repo = server.repository("org/app");
            for (int i = 0; i < FILES; i++) {
                repo.file("dir" + i % 30 + "/file" + i + ".txt", ("one " + i + "\n").repeat(50));
            }
            repo.commit("one");
            String url = server.httpUrl("org/app").toString();
            Path copy = tmp.resolve("copy");
            Run clone = CliIT.gitsource(tmp, Map.of(), "clone", url, copy.toString(), "--branch", "main", "--depth", "1");
            assertThat(clone.exit()).as(clone.err()).isZero();

            for (int i = 0; i < FILES; i++) {
                repo.file("dir" + i % 30 + "/file" + i + ".txt", ("two " + i + "\n").repeat(50));
            }
            String c2 = repo.delete("dir0/file0.txt").file("new/added.txt", "added\n").commit("two");

            Process update = new ProcessBuilder("java", "-jar", System.getProperty("gitsource.jar"), "update",
                    copy.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("update.log").toFile()).start();
            Path mark = copy.resolve(".git/gitsource-update");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(mark) && update.isAlive() && System.nanoTime() < until) {
                Thread.onSpinWait(); // the write phase of 3,000 files lasts far longer than one check of a path
            }
            assertThat(Files.exists(mark)).as("the update reached its write phase while running: %s",
                    Files.readString(tmp.resolve("update.log"))).isTrue();
            update.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
            assertThat(update.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(mark).as("killed inside the write phase").exists();

            Run repair = CliIT.gitsource(tmp, Map.of(), "update", copy.toString());
            assertThat(repair.exit()).as(repair.err()).isZero();
            assertThat(repair.out()).isEqualTo("main@sha1:" + c2);
            assertThat(mark).doesNotExist();

            Path reference = tmp.resolve("cgit");
            GitCli.git(tmp, "clone", "-q", "--depth", "1", "--branch", "main", url, reference.toString());
            assertThat(GitCli.git(copy, "ls-files", "-s")).isEqualTo(GitCli.git(reference, "ls-files", "-s"));
            // nothing changed, untracked or left over from the interrupted writes
            assertThat(GitCli.git(copy, "status", "--porcelain", "--ignored", "--untracked-files=all")).isEmpty();
            assertThat(Files.readString(copy.resolve("dir7/file7.txt"))).isEqualTo(("two 7\n").repeat(50));
            assertThat(copy.resolve("dir0/file0.txt")).doesNotExist();
            GitCli.git(copy, "fsck", "--no-progress");
        }
    }
}
