package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.CloneResult;
import dev.gitsource.GitSource;
import dev.gitsource.UnsafeContentException;
import dev.gitsource.testkit.Fault;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.GitServer.Backend;
import dev.gitsource.testkit.RecordedRequest;
import dev.gitsource.testkit.junit.BackendAssumptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A clone writes files while its pack still arrives: the server pauses the pack part way and
 * files are already in the clone's staging directory; none is written before the whole tree
 * is checked; and what is left matches C git's clone of the same commit, also when trees and
 * blobs arrive interleaved (C git's order before a tagged commit) and from resolved deltas.
 */
class PipelinedCheckoutTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir Path tmp;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void filesAreWrittenWhileThePackStillArrivesAndTheCloneIsCGits(Backend backend) throws Throwable {
        BackendAssumptions.assumeAvailable(backend);
        Path work = seed(tmp.resolve("seed"), null);
        try (GitServer server = server(backend, work); GitSource git = GitSource.builder().build()) {
            Path target = tmp.resolve("clone");
            whilePaused(server, git, target, 0.6, staging -> {
                // the paused pack's first part held trees and blobs: some files are written already
                assertThat(workTreeFiles(staging)).isNotEmpty();
                return null;
            });
            assertSameAsCGitClone(server, target, work);
        }
    }

    @Test
    void aFullHistoryCloneWritesFilesFromResolvedDeltasAsCGitDoes() throws Exception {
        BackendAssumptions.assumeCGit();
        Path work = seed(tmp.resolve("seed"), null);
        for (int c = 1; c <= 6; c++) { // each commit edits a third of the files a little: deltas in the pack
            try (Stream<Path> files = Files.walk(work.resolve("src"))) {
                for (Path f : files.filter(Files::isRegularFile).filter(p -> Math.floorMod(p.hashCode(), 3) == 0).toList()) {
                    Files.writeString(f, Files.readString(f) + "edit " + f.getFileName() + "\n");
                }
            }
            CGit.run(work, "commit", "-q", "-a", "-m", "edit " + c);
        }
        try (GitServer server = server(Backend.C_GIT, work); GitSource git = GitSource.builder().build()) {
            Path target = tmp.resolve("clone");
            git.clone(server.httpUrl("org/app"), CloneOptions.builder().target(CheckoutTarget.branch("main"))
                    .depth(0).directory(target).build()).repository().close();
            assertSameAsCGitClone(server, target, work);
        }
    }

    @Test
    void filesWithAttributesAreConvertedAsCGitDoesAndTheOthersWrittenEarly() throws Throwable {
        BackendAssumptions.assumeCGit();
        Path work = seed(tmp.resolve("seed"), "*.txt text eol=crlf\n*.bin binary\n");
        try (GitServer server = server(Backend.C_GIT, work); GitSource git = GitSource.builder().build()) {
            Path target = tmp.resolve("clone");
            whilePaused(server, git, target, 0.6, staging -> {
                List<Path> early = workTreeFiles(staging);
                assertThat(early).isNotEmpty();
                assertThat(early).noneMatch(p -> p.toString().endsWith(".txt")); // converted after the fetch
                return null;
            });
            assertSameAsCGitClone(server, target, work);
            assertThat(Files.readString(target.resolve("notes.txt"))).contains("\r\n");
        }
    }

    @Test
    void aHostileTreeHasNothingWrittenWhileThePackArrivesAndLeavesNothing() throws Exception {
        BackendAssumptions.assumeCGit();
        Path work = seed(tmp.resolve("seed"), null);
        // the last directory in tree order holds two names that are one on a case-insensitive disk
        CGit.write(work.resolve("zz/readme"), "one\n");
        CGit.write(work.resolve("zz/README"), "two\n");
        CGit.run(work, "add", "-A");
        CGit.run(work, "commit", "-q", "-m", "collide");
        CGit.run(work, "tag", "v2");
        try (GitServer server = server(Backend.C_GIT, work); GitSource git = GitSource.builder().build()) {
            Path target = tmp.resolve("clone");
            Throwable thrown = catchThrowable(() -> whilePaused(server, git, target, 0.6, staging -> {
                assertThat(workTreeFiles(staging)).isEmpty();
                return null;
            }));
            assertThat(thrown).isInstanceOf(UnsafeContentException.class);
            assertThat(target).doesNotExist();
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".clone"));
            }
        }
    }

    /** A C git working copy of 400 files of 1-5 KiB in 20 directories, a script, a symlink, and two copies of one file. */
    private static Path seed(Path work, String attributes) throws IOException {
        CGit.run(work.getParent(), "init", "-q", "-b", "main", work.toString());
        Random r = new Random(42);
        for (int i = 0; i < 400; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = 1_000 + r.nextInt(4_000); text.length() < n; ) {
                text.append(Long.toHexString(r.nextLong())).append(i % 7 == 0 ? "\n" : " ");
            }
            CGit.write(work.resolve("src/d" + (i % 20) + "/f" + i + (i % 5 == 0 ? ".bin" : ".dat")), text + "\n");
        }
        CGit.write(work.resolve("notes.txt"), "line one\nline two\n");
        CGit.write(work.resolve("copy/a.dat"), "the same\n");
        CGit.write(work.resolve("copy/b.dat"), "the same\n");
        CGit.write(work.resolve("bin/run.sh"), "#!/bin/sh\necho run\n");
        work.resolve("bin/run.sh").toFile().setExecutable(true);
        Files.createSymbolicLink(work.resolve("link"), Path.of("src/d1"));
        if (attributes != null) {
            CGit.write(work.resolve(".gitattributes"), attributes);
        }
        CGit.run(work, "add", "-A");
        CGit.run(work, "commit", "-q", "-m", "seed");
        // C git's pack-objects sends every tree before the blobs once it meets a tagged commit;
        // before that, objects in the order of a walk (then the tree is complete only at its end)
        CGit.run(work, "tag", "v1");
        return work;
    }

    /** Serves a bare clone of {@code work} as {@code org/app}. */
    private GitServer server(Backend backend, Path work) throws IOException {
        Path root = tmp.resolve("root-" + backend);
        Files.createDirectories(root.resolve("org"));
        CGit.run(tmp, "clone", "-q", "--bare", work.toString(), root.resolve("org/app.git").toString());
        return GitServer.builder().root(root).http().backend(backend).start();
    }

    interface WhilePaused {
        Object check(Path staging) throws Exception;
    }

    /**
     * Clones with the fetch's response paused after {@code fraction} of its bytes (learnt from a
     * first clone), runs {@code check} on the clone's staging directory while it is paused, then
     * lets the rest go and waits for the clone.
     */
    private Object whilePaused(GitServer server, GitSource git, Path target, double fraction, WhilePaused check)
            throws Throwable {
        git.clone(server.httpUrl("org/app"), options(tmp.resolve("probe"))).repository().close();
        long bytes = server.awaitRequest(RecordedRequest::isFetch, WAIT).bytesSent();
        CountDownLatch release = new CountDownLatch(1);
        Fault pause = Fault.pauseAfterBytes((long) (bytes * fraction), release).onFetch().times(1);
        server.fault(pause);
        CompletableFuture<CloneResult> clone = CompletableFuture.supplyAsync(
                () -> git.clone(server.httpUrl("org/app"), options(target)));
        Object checked;
        try {
            pause.awaitHeld(1, WAIT);
            Path staging = staging(target);
            checked = awaitSettled(staging, check);
        } finally {
            release.countDown();
        }
        try {
            clone.get(WAIT.toSeconds(), TimeUnit.SECONDS).repository().close();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause();
        }
        return checked;
    }

    /**
     * Runs the check until it passes, or until the clone's writers have had the time: a file
     * written from the pack's first part may still be on its way to disk when the pause begins.
     */
    private static Object awaitSettled(Path staging, WhilePaused check) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try {
                return check.check(staging);
            } catch (AssertionError e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }

    private Path staging(Path target) throws IOException {
        try (Stream<Path> s = Files.list(target.getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith("." + target.getFileName() + ".gitsource-"))
                    .findFirst().orElseThrow(() -> new AssertionError("no staging directory beside " + target));
        }
    }

    /** The files of a working tree, not those under {@code .git}. */
    private static List<Path> workTreeFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !dir.relativize(p).startsWith(".git")).filter(Files::isRegularFile).toList();
        }
    }

    private static CloneOptions options(Path dir) {
        return CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1).directory(dir).build();
    }

    /** C git finds the clone clean, its index equal to that of C git's own clone, and every file equal. */
    private void assertSameAsCGitClone(GitServer server, Path target, Path work) throws IOException {
        Path reference = tmp.resolve("reference");
        CGit.run(tmp, "clone", "-q", server.httpUrl("org/app").toString(), reference.toString());
        assertThat(CGit.run(target, "status", "--porcelain", "--ignored")).isEmpty();
        assertThat(CGit.run(target, "ls-files", "-s")).isEqualTo(CGit.run(reference, "ls-files", "-s"));
        assertThat(CGit.run(target, "fsck", "--no-progress")).doesNotContain("error");
        for (String path : CGit.run(reference, "ls-files").split("\n")) {
            Path ours = target.resolve(path);
            Path theirs = reference.resolve(path);
            if (Files.isSymbolicLink(theirs)) {
                assertThat(Files.readSymbolicLink(ours)).as(path).isEqualTo(Files.readSymbolicLink(theirs));
            } else {
                assertThat(Files.mismatch(ours, theirs)).as(path).isEqualTo(-1L);
                assertThat(Files.isExecutable(ours)).as(path).isEqualTo(Files.isExecutable(theirs));
            }
        }
        assertThat(work).isDirectory();
    }
}
