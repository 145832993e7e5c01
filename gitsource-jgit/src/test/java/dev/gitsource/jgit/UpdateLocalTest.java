package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.GitSourceException;
import dev.gitsource.LocalChangesException;
import dev.gitsource.Repository;
import dev.gitsource.UnsafeContentException;
import dev.gitsource.UpdateOptions;
import dev.gitsource.UpdateResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Updates in place over the opt-in file:// transport, against repositories C git makes, each
 * result compared with C git's own checkout of the same commit.
 */
class UpdateLocalTest {
    @TempDir Path tmp;
    Path work;
    Path origin;
    GitSource git;

    @BeforeEach
    void setUp() {
        work = tmp.resolve("work");
        CGit.run(tmp, "init", "-q", "-b", "main", work.toString());
        CGit.write(work.resolve("README.md"), "one\n");
        CGit.write(work.resolve("a/keep.txt"), "keep\n");
        CGit.write(work.resolve("a/gone.txt"), "gone\n");
        CGit.write(work.resolve("file-then-dir"), "a file\n");
        CGit.write(work.resolve("dir-then-file/x"), "in a dir\n");
        CGit.write(work.resolve("script.sh"), "echo hi\n");
        commit("first");
        origin = tmp.resolve("origin.git");
        CGit.run(tmp, "clone", "-q", "--bare", work.toString(), origin.toString());
        CGit.run(work, "remote", "add", "origin", origin.toString());
        git = GitSource.builder().allowSchemes("file").build();
    }

    @AfterEach
    void tearDown() {
        git.close();
    }

    private String commit(String message) {
        CGit.run(work, "add", "-A");
        CGit.run(work, "commit", "-q", "-m", message);
        return CGit.run(work, "rev-parse", "HEAD");
    }

    private String push(String message) {
        String id = commit(message);
        CGit.run(work, "push", "-q", "origin", "HEAD:main");
        return id;
    }

    private Repository cloneShallow(String dir) {
        return git.clone(origin.toUri(), CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1)
                .directory(tmp.resolve(dir)).build()).repository();
    }

    @Test
    void everyTransitionMatchesCGitsCheckoutAndStaysDepthOne() throws Exception {
        try (Repository repo = cloneShallow("copy")) {
            CGit.write(work.resolve("README.md"), "two\n");
            Files.delete(work.resolve("a/gone.txt"));
            CGit.write(work.resolve("a/new/deep.txt"), "new\n");
            Files.delete(work.resolve("file-then-dir"));
            CGit.write(work.resolve("file-then-dir/inside"), "now a dir\n");
            Files.delete(work.resolve("dir-then-file/x"));
            Files.delete(work.resolve("dir-then-file"));
            CGit.write(work.resolve("dir-then-file"), "now a file\n");
            Files.createSymbolicLink(work.resolve("link"), Path.of("README.md"));
            Files.setPosixFilePermissions(work.resolve("script.sh"),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            String c2 = push("second");

            UpdateResult r = repo.update();
            assertThat(r.unchanged()).isFalse();
            assertThat(r.revision()).isEqualTo("main@sha1:" + c2);
            assertThat(r.previousRevision()).startsWith("main@sha1:");
            assertThat(r.filesWritten()).isEqualTo(6); // README, deep.txt, inside, dir-then-file, link, script.sh
            assertThat(r.filesDeleted()).isEqualTo(3);
            Path copy = tmp.resolve("copy");
            assertThat(tree(copy)).isEqualTo(tree(cgitCheckout(c2)));
            assertThat(Files.isExecutable(copy.resolve("script.sh"))).isTrue();
            assertThat(copy.resolve("a/gone.txt")).doesNotExist();
            assertThat(CGit.run(copy, "status", "--porcelain")).isEmpty();
            assertThat(Files.readString(copy.resolve(".git/shallow")).trim()).isEqualTo(c2);
            assertThat(CGit.run(copy, "rev-list", "--count", "HEAD")).isEqualTo("1");
            CGit.run(copy, "fsck", "--no-progress");
            assertThat(repo.isClean()).isTrue();

            // back again: link -> file, dir -> file, file -> dir
            Files.delete(work.resolve("link"));
            CGit.write(work.resolve("link"), "a file again\n");
            CGit.run(work, "rm", "-q", "-r", "file-then-dir");
            CGit.write(work.resolve("file-then-dir"), "a file again\n");
            String c3 = push("third");
            assertThat(repo.update().revision()).isEqualTo("main@sha1:" + c3);
            assertThat(tree(copy)).isEqualTo(tree(cgitCheckout(c3)));
            assertThat(CGit.run(copy, "status", "--porcelain")).isEmpty();
        }
    }

    @Test
    void anUnmovedRemoteIsUnchangedAndNothingIsWritten() throws Exception {
        try (Repository repo = cloneShallow("copy")) {
            Path index = tmp.resolve("copy/.git/index");
            long before = Files.getLastModifiedTime(index).toMillis();
            UpdateResult r = repo.update();
            assertThat(r.unchanged()).isTrue();
            assertThat(r.filesWritten()).isZero();
            assertThat(Files.getLastModifiedTime(index).toMillis()).isEqualTo(before);
        }
    }

    @Test
    void localChangesAreRefusedAndKeptThenDiscardedOnRequest() throws Exception {
        try (Repository repo = cloneShallow("copy")) {
            Path copy = tmp.resolve("copy");
            Files.writeString(copy.resolve("README.md"), "mine\n");
            Files.writeString(copy.resolve("untracked.txt"), "mine too\n");
            CGit.write(work.resolve("a/keep.txt"), "changed upstream\n");
            String c2 = push("second");
            assertThatThrownBy(repo::update).isInstanceOf(LocalChangesException.class)
                    .satisfies(e -> assertThat(((LocalChangesException) e).paths())
                            .containsExactly("README.md", "untracked.txt"));
            assertThat(Files.readString(copy.resolve("README.md"))).isEqualTo("mine\n");
            assertThat(Files.readString(copy.resolve("a/keep.txt"))).isEqualTo("keep\n");

            UpdateResult r = repo.update(UpdateOptions.builder().discardLocalChanges(true).build());
            assertThat(r.revision()).isEqualTo("main@sha1:" + c2);
            assertThat(tree(copy)).isEqualTo(tree(cgitCheckout(c2)));
            assertThat(CGit.run(copy, "status", "--porcelain", "--ignored")).isEmpty();
        }
    }

    @Test
    void aHostileCommitIsRefusedWithTheCopyUnchanged() throws Exception {
        try (Repository repo = cloneShallow("copy")) {
            Path copy = tmp.resolve("copy");
            Map<String, String> before = tree(copy);
            byte[] index = Files.readAllBytes(copy.resolve(".git/index"));
            // a tree with two entries that differ only in case: one overwrites the other on many file systems
            String blob = CGit.run(work, "hash-object", "-w", "README.md");
            CGit.run(work, "update-index", "--add", "--cacheinfo", "100644," + blob + ",CASE.txt");
            CGit.run(work, "update-index", "--add", "--cacheinfo", "100644," + blob + ",case.txt");
            CGit.run(work, "commit", "-q", "-m", "hostile");
            CGit.run(work, "push", "-q", "origin", "HEAD:main");
            assertThatThrownBy(repo::update).isInstanceOf(UnsafeContentException.class);
            assertThat(tree(copy)).isEqualTo(before);
            assertThat(Files.readAllBytes(copy.resolve(".git/index"))).isEqualTo(index);
        }
    }

    /** The unchanged directory {@code a/} is not parsed again, but its paths still take part in the check. */
    @Test
    void aNewPathCollidingWithAnUnchangedDirectoryIsRefused() throws Exception {
        try (Repository repo = cloneShallow("copy")) {
            Path copy = tmp.resolve("copy");
            Map<String, String> before = tree(copy);
            CGit.write(work.resolve("A"), "a file named like the directory a/ in another case\n");
            push("collides");
            assertThatThrownBy(repo::update).isInstanceOf(UnsafeContentException.class)
                    .hasMessageContaining("'a/").hasMessageContaining("'a'");
            assertThat(tree(copy)).isEqualTo(before);
        }
    }

    @Test
    void aFailureInTheWritePhaseIsRepairedByTheNextUpdate() throws Exception {
        CGit.write(work.resolve(".gitignore"), "/z/\n");
        push("ignore z");
        try (Repository repo = cloneShallow("copy")) {
            Path copy = tmp.resolve("copy");
            CGit.write(copy.resolve("z/ignored.log"), "in the way\n"); // ignored: not a local change
            CGit.write(work.resolve("README.md"), "two\n");
            CGit.write(work.resolve("z"), "a file where an ignored directory is\n");
            String c2 = push("second");
            assertThatThrownBy(repo::update).isInstanceOf(GitSourceException.class).hasMessageContaining("'z'");
            assertThat(Files.readString(copy.resolve("README.md"))).isEqualTo("two\n"); // written before the failure

            Files.delete(copy.resolve("z/ignored.log"));
            Files.delete(copy.resolve("z"));
            UpdateResult r = repo.update();
            assertThat(r.revision()).isEqualTo("main@sha1:" + c2);
            assertThat(tree(copy)).isEqualTo(tree(cgitCheckout(c2)));
            assertThat(CGit.run(copy, "status", "--porcelain")).isEmpty();
            assertThat(copy.resolve(".git/gitsource-update")).doesNotExist();
        }
    }

    @Test
    void anotherTargetIsAnUpdateToo() throws Exception {
        CGit.run(work, "tag", "v1.0.0");
        CGit.run(work, "push", "-q", "origin", "v1.0.0");
        String first = CGit.run(work, "rev-parse", "HEAD");
        CGit.write(work.resolve("README.md"), "two\n");
        String c2 = push("second");
        try (Repository repo = cloneShallow("copy")) {
            UpdateResult tag = repo.update(UpdateOptions.builder().target(CheckoutTarget.tag("v1.0.0")).build());
            assertThat(tag.revision()).isEqualTo("v1.0.0@sha1:" + first);
            assertThat(repo.currentBranch()).isEmpty();
            assertThat(tree(tmp.resolve("copy"))).isEqualTo(tree(cgitCheckout(first)));
            UpdateResult back = repo.update(UpdateOptions.builder().target(CheckoutTarget.commit(c2, "main")).build());
            assertThat(back.revision()).isEqualTo("main@sha1:" + c2);
            assertThat(repo.update().unchanged()).isTrue(); // the new target is now the copy's own
            assertThat(CGit.run(tmp.resolve("copy"), "status", "--porcelain")).isEmpty();
        }
    }

    @Test
    void aHundredUpdatesKeepTheCopySmall() throws Exception {
        for (int i = 0; i < 200; i++) {
            CGit.write(work.resolve("data/file" + i + ".txt"), ("line " + i + "\n").repeat(200));
        }
        push("data");
        try (Repository repo = cloneShallow("copy")) {
            Path dotGit = tmp.resolve("copy/.git");
            long after = size(dotGit);
            for (int i = 0; i < 100; i++) {
                for (int f = 0; f < 10; f++) {
                    CGit.write(work.resolve("data/file" + ((i * 10 + f) % 200) + ".txt"),
                            ("update " + i + " of " + f + "\n").repeat(200));
                }
                push("update " + i);
                assertThat(repo.update().filesWritten()).isEqualTo(10);
            }
            assertThat(size(dotGit)).isLessThanOrEqualTo(2 * after);
            assertThat(Files.readAllLines(dotGit.resolve("shallow"))).hasSize(1);
            CGit.run(tmp.resolve("copy"), "fsck", "--no-progress");
            assertThat(CGit.run(tmp.resolve("copy"), "status", "--porcelain")).isEmpty();
        }
    }

    static long size(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** C git's own checkout of a commit of the origin, for comparison. */
    private Path cgitCheckout(String commit) {
        Path dir = tmp.resolve("cgit-" + commit);
        CGit.run(tmp, "clone", "-q", "--no-checkout", origin.toUri().toString(), dir.toString());
        CGit.run(dir, "checkout", "-q", commit);
        return dir;
    }

    /** Path to content (files), link target (symlinks, prefixed) and mode, outside .git. */
    static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(p -> !dir.relativize(p).startsWith(".git")).toList()) {
                String rel = dir.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "-> " + Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(rel, (Files.isExecutable(p) ? "x " : "") + new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1));
                } else if (!rel.isEmpty()) {
                    out.put(rel + "/", "dir");
                }
            }
        }
        return out;
    }
}
