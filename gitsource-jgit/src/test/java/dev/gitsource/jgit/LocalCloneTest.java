package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.CloneResult;
import dev.gitsource.GitSource;
import dev.gitsource.RefNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clone pipeline over the opt-in file:// transport, against repositories made by C git:
 * every target kind, depth, the revision format, and C git's view of the result.
 */
class LocalCloneTest {
    @TempDir Path tmp;
    Path origin;
    GitSource git;
    String c1;
    String c2;

    @BeforeEach
    void setUp() {
        Path work = tmp.resolve("work");
        CGit.run(tmp, "init", "-q", "-b", "main", work.toString());
        CGit.write(work.resolve("README.md"), "one\n");
        CGit.run(work, "add", "-A");
        CGit.run(work, "commit", "-q", "-m", "first");
        c1 = CGit.run(work, "rev-parse", "HEAD");
        CGit.run(work, "tag", "v1.0.0");
        CGit.run(work, "tag", "-a", "v1.1.0", "-m", "annotated");
        CGit.write(work.resolve("deploy/app.yaml"), "replicas: 2\n");
        CGit.run(work, "add", "-A");
        CGit.run(work, "commit", "-q", "-m", "second");
        c2 = CGit.run(work, "rev-parse", "HEAD");
        CGit.run(work, "tag", "v2.0.0-rc.1");
        CGit.run(work, "update-ref", "refs/pull/7/head", c1);
        origin = tmp.resolve("origin.git");
        CGit.run(tmp, "clone", "-q", "--bare", "--mirror", work.toString(), origin.toString());
        git = GitSource.builder().allowSchemes("file").build();
    }

    @AfterEach
    void tearDown() {
        git.close();
    }

    CloneResult clone(CheckoutTarget target, int depth, String dir) {
        return git.clone(origin.toUri(), CloneOptions.builder().target(target).depth(depth)
                .directory(tmp.resolve(dir)).build());
    }

    @Test
    void branchShallow() throws Exception {
        CloneResult r = clone(CheckoutTarget.branch("main"), 1, "b");
        assertThat(r.revision()).isEqualTo("main@sha1:" + c2);
        assertThat(Files.readString(tmp.resolve("b/deploy/app.yaml"))).isEqualTo("replicas: 2\n");
        assertThat(CGit.run(tmp.resolve("b"), "status", "--porcelain")).isEmpty();
        assertThat(CGit.run(tmp.resolve("b"), "rev-list", "--count", "HEAD")).isEqualTo("1");
        assertThat(CGit.run(tmp.resolve("b"), "rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("main");
        CGit.run(tmp.resolve("b"), "fsck");
        assertThat(r.repository().head().id()).isEqualTo(c2);
        assertThat(r.repository().isClean()).isTrue();
        r.repository().close();
    }

    @Test
    void exportWritesTheTreeAsGitArchiveDoesAndNoGitDirectory() throws Exception {
        CloneResult r = git.clone(origin.toUri(), CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1)
                .directory(tmp.resolve("e")).export(true).build());
        assertThat(r.revision()).isEqualTo("main@sha1:" + c2);
        assertThat(r.repositoryIfAny()).isEmpty();
        assertThat(tmp.resolve("e/.git")).doesNotExist();
        Path archived = Files.createDirectory(tmp.resolve("archived"));
        CGit.run(origin, "archive", "-o", tmp.resolve("a.tar").toString(), "main");
        new ProcessBuilder("tar", "-xf", tmp.resolve("a.tar").toString(), "-C", archived.toString()).start().waitFor();
        assertThat(tree(tmp.resolve("e"))).isEqualTo(tree(archived)).containsKey("deploy/app.yaml");
    }

    /** Relative path to content of every file under a directory. */
    private static java.util.Map<String, String> tree(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).collect(java.util.stream.Collectors.toMap(
                    p -> dir.relativize(p).toString(), p -> {
                        try {
                            return Files.readString(p);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }));
        }
    }

    @Test
    void everyTargetKind() {
        assertThat(clone(CheckoutTarget.head(), 0, "h").revision()).isEqualTo("main@sha1:" + c2);
        assertThat(clone(CheckoutTarget.tag("v1.0.0"), 1, "t").revision()).isEqualTo("v1.0.0@sha1:" + c1);
        CloneResult annotated = clone(CheckoutTarget.tag("v1.1.0"), 0, "a");
        assertThat(annotated.revision()).isEqualTo("v1.1.0@sha1:" + c1);
        assertThat(annotated.repository().head().tagIfAny()).hasValueSatisfying(t -> assertThat(t.annotated()).isTrue());
        assertThat(clone(CheckoutTarget.semver(">=1.0.0"), 1, "s").revision()).isEqualTo("v1.1.0@sha1:" + c1);
        assertThat(clone(CheckoutTarget.commit(c1), 0, "c").revision()).isEqualTo("sha1:" + c1);
        assertThat(clone(CheckoutTarget.commit(c1, "main"), 0, "cb").revision()).isEqualTo("main@sha1:" + c1);
        assertThat(clone(CheckoutTarget.refName("refs/pull/7/head"), 1, "p").revision())
                .isEqualTo("refs/pull/7/head@sha1:" + c1);
        assertThat(tmp.resolve("p/deploy")).doesNotExist();
    }

    @Test
    void missingTargetsAreTypedAndLeaveNothing() {
        assertThatThrownBy(() -> clone(CheckoutTarget.branch("nope"), 1, "x"))
                .isInstanceOf(RefNotFoundException.class).hasMessageContaining("refs/heads/nope");
        assertThatThrownBy(() -> clone(CheckoutTarget.semver(">=3"), 1, "x"))
                .isInstanceOf(RefNotFoundException.class).hasMessageContaining("v1.0.0");
        assertThat(tmp.resolve("x")).doesNotExist();
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.contains("gitsource")).toList()).isEmpty();
        }
        catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void unchangedRemoteWritesNothing() {
        CloneResult first = clone(CheckoutTarget.branch("main"), 1, "n1");
        CloneResult again = git.clone(origin.toUri(), CloneOptions.builder().target(CheckoutTarget.branch("main"))
                .depth(1).directory(tmp.resolve("n2")).lastObservedRevision(first.revision()).build());
        assertThat(again.unchanged()).isTrue();
        assertThat(again.revision()).isEqualTo(first.revision());
        assertThat(tmp.resolve("n2")).doesNotExist();
        CloneResult legacy = git.clone(origin.toUri(), CloneOptions.builder().target(CheckoutTarget.branch("main"))
                .directory(tmp.resolve("n3")).lastObservedRevision("main/" + c2).build());
        assertThat(legacy.unchanged()).isTrue();
        CloneResult moved = git.clone(origin.toUri(), CloneOptions.builder().target(CheckoutTarget.branch("main"))
                .directory(tmp.resolve("n4")).lastObservedRevision("main@sha1:" + c1).build());
        assertThat(moved.unchanged()).isFalse();
        assertThat(tmp.resolve("n4/README.md")).exists();
    }

    @Test
    void sparsePaths() {
        git.clone(origin.toUri(), CloneOptions.builder().target(CheckoutTarget.branch("main"))
                .directory(tmp.resolve("sp")).sparsePaths(List.of("deploy")).build());
        assertThat(tmp.resolve("sp/deploy/app.yaml")).exists();
        assertThat(tmp.resolve("sp/README.md")).doesNotExist();
        // C git sees the files outside the sparse paths as skipped, not deleted
        assertThat(CGit.run(tmp.resolve("sp"), "status", "--porcelain")).isEmpty();
        assertThat(CGit.run(tmp.resolve("sp"), "ls-files", "-t")).contains("S README.md").contains("H deploy/app.yaml");
        try (var repo = git.open(tmp.resolve("sp"))) {
            assertThat(repo.isClean()).isTrue();
            repo.commit(dev.gitsource.CommitRequest.of(dev.gitsource.Person.of("B", "b@x"), "edit")
                    .withFile("deploy/app.yaml", "replicas: 3\n"));
            // the commit keeps the files that were never written
            assertThat(CGit.run(tmp.resolve("sp"), "ls-tree", "-r", "--name-only", "HEAD")).contains("README.md");
            assertThat(CGit.run(tmp.resolve("sp"), "status", "--porcelain")).isEmpty();
        }
        assertThatThrownBy(() -> git.clone(origin.toUri(), CloneOptions.builder()
                .target(CheckoutTarget.branch("main")).directory(tmp.resolve("sp2"))
                .sparsePaths(List.of("charts")).build()))
                .hasMessageContaining("'charts'");
        assertThat(tmp.resolve("sp2")).doesNotExist();
    }
}
