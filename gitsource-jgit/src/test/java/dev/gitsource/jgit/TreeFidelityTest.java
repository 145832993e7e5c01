package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh clone is clean in C git's eyes: line-ending attributes, symlinks (including the
 * trailing-slash target that plain JGit rewrites), executable bits and case-only renames.
 */
class TreeFidelityTest {
    @TempDir Path tmp;

    @Test
    void freshCloneIsCleanForCGit() throws Exception {
        Path work = tmp.resolve("work");
        CGit.run(tmp, "init", "-q", "-b", "main", work.toString());
        CGit.write(work.resolve(".gitattributes"), "*.txt text eol=crlf\n*.bin binary\n*.sh text eol=lf\n* text=auto\n");
        CGit.write(work.resolve("notes.txt"), "line one\nline two\n");
        Files.write(work.resolve("data.bin"), new byte[] {0, 1, 2, '\r', '\n', (byte) 0xff});
        CGit.write(work.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(work.resolve("run.sh"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        CGit.write(work.resolve("child_a/file"), "x\n");
        CGit.write(work.resolve("Readme.md"), "first\n");
        CGit.run(work, "add", "-A");
        CGit.run(work, "commit", "-q", "-m", "one");
        // a case-only rename in history
        CGit.run(work, "mv", "Readme.md", "README.md");
        Files.createDirectories(work.resolve("links"));
        // Java would normalise "../child_a/" to "../child_a": make the links with ln
        sh(work, "ln", "-s", "../child_a/", "links/dir");
        sh(work, "ln", "-s", "../notes.txt", "links/file");
        CGit.run(work, "add", "-A");
        CGit.run(work, "commit", "-q", "-m", "two");
        assertThat(CGit.run(work, "cat-file", "-p", "HEAD:links/dir")).isEqualTo("../child_a/");
        assertThat(CGit.run(work, "ls-files", "-s", "run.sh")).startsWith("100755");

        try (GitSource git = GitSource.builder().allowSchemes("file").build()) {
            for (int depth : new int[] {1, 0}) {
                Path dir = tmp.resolve("clone" + depth);
                git.clone(work.toUri(), CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(depth)
                        .directory(dir).build()).repository().close();
                assertThat(CGit.run(dir, "status", "--porcelain")).isEmpty();
                CGit.run(dir, "fsck", "--no-progress");
                assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("line one\r\nline two\r\n");
                assertThat(Files.readAllBytes(dir.resolve("data.bin"))).containsExactly(0, 1, 2, '\r', '\n', 0xff);
                assertThat(Files.isExecutable(dir.resolve("run.sh"))).isTrue();
                assertThat(Files.isExecutable(dir.resolve("notes.txt"))).isFalse();
                assertThat(sh(dir, "readlink", "links/dir")).isEqualTo("../child_a/");
                assertThat(CGit.run(dir, "diff", "--stat")).isEmpty();
                assertThat(dir.resolve("README.md")).exists();
            }
        }
    }

    private static String sh(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }
}
