package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.Commit;
import dev.gitsource.CommitRequest;
import dev.gitsource.GitSource;
import dev.gitsource.NothingToCommitException;
import dev.gitsource.Person;
import dev.gitsource.PushOptions;
import dev.gitsource.PushRejectedException;
import dev.gitsource.RefUpdate;
import dev.gitsource.Repository;
import dev.gitsource.UnsafeContentException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commit, push and switch branch against a bare repository over file://. */
class LocalWritePathTest {
    static final Person BOT = Person.of("Bot", "bot@example.com");
    @TempDir Path tmp;
    Path origin;
    GitSource git;

    @BeforeEach
    void setUp() {
        origin = CGit.seededOrigin(tmp, "app.yaml", "image: v1\n", "old.txt", "old\n");
        git = GitSource.builder().allowSchemes("file").build();
    }

    @AfterEach
    void tearDown() {
        git.close();
    }

    Repository cloneMain(String dir) {
        return git.clone(origin.toUri(), CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1)
                .directory(tmp.resolve(dir)).build()).repository();
    }

    @Test
    void fluxScenarioFromAShallowClone() {
        try (Repository repo = cloneMain("c")) {
            Commit c1 = repo.commit(CommitRequest.of(BOT, "bump").withFile("app.yaml", "image: v2\n")
                    .withDeletion("old.txt").withFile("new/dir/file.txt", "new\n"));
            assertThat(c1.author().name()).isEqualTo("Bot");
            assertThat(repo.push().updates()).extracting(RefUpdate::status).containsExactly(RefUpdate.Status.OK);
            assertThat(CGit.run(origin, "rev-parse", "refs/heads/main")).isEqualTo(c1.id());
            assertThat(CGit.run(origin, "show", "main:app.yaml")).isEqualTo("image: v2");
            assertThat(CGit.run(origin, "ls-tree", "-r", "--name-only", "main")).doesNotContain("old.txt")
                    .contains("new/dir/file.txt");
            CGit.run(origin, "fsck");

            repo.switchBranch("new");
            assertThat(repo.currentBranch()).contains("new");
            Commit c2 = repo.commit(CommitRequest.of(BOT, "on new").withFile("app.yaml", "image: v3\n"));
            repo.push();
            assertThat(CGit.run(origin, "rev-parse", "refs/heads/new")).isEqualTo(c2.id());

            repo.switchBranch("main");
            assertThat(Files.exists(repo.directory().resolve("app.yaml"))).isTrue();
            assertThat(repo.head().id()).isEqualTo(c1.id());
            Commit c3 = repo.commit(CommitRequest.of(BOT, "back on main").withFile("other.txt", "x\n"));
            repo.push();
            assertThat(CGit.run(origin, "rev-parse", "refs/heads/main")).isEqualTo(c3.id());
            assertThat(CGit.run(origin, "rev-parse", "refs/heads/new")).isEqualTo(c2.id());
            assertThat(repo.isClean()).isTrue();
        }
    }

    @Test
    void nonFastForwardIsRejectedThenForced() {
        try (Repository a = cloneMain("a"); Repository b = cloneMain("b")) {
            a.commit(CommitRequest.of(BOT, "a").withFile("app.yaml", "image: a\n"));
            a.push();
            Commit local = b.commit(CommitRequest.of(BOT, "b").withFile("app.yaml", "image: b\n"));
            assertThatThrownBy(b::push).isInstanceOfSatisfying(PushRejectedException.class, e ->
                    assertThat(e.updates()).extracting(RefUpdate::status)
                            .containsExactly(RefUpdate.Status.REJECTED_NON_FAST_FORWARD));
            assertThat(b.head().id()).isEqualTo(local.id());
            b.push(PushOptions.builder().force(true).refspec("HEAD:refs/heads/main").build());
            assertThat(CGit.run(origin, "rev-parse", "refs/heads/main")).isEqualTo(local.id());
        }
    }

    @Test
    void nothingToCommitAndConfinedPaths() throws Exception {
        try (Repository repo = cloneMain("n")) {
            Commit head = repo.head();
            assertThatThrownBy(() -> repo.commit(CommitRequest.of(BOT, "noop")))
                    .isInstanceOfSatisfying(NothingToCommitException.class, e -> assertThat(e.head()).isEqualTo(head));
            Files.createSymbolicLink(repo.directory().resolve("link"), tmp);
            assertThatThrownBy(() -> repo.commit(CommitRequest.of(BOT, "x").withFile("link/escape.txt", "x")))
                    .isInstanceOf(UnsafeContentException.class);
            assertThat(tmp.resolve("escape.txt")).doesNotExist();
        }
    }

    @Test
    void initThenFirstPushCreatesTheBranch() {
        Path empty = tmp.resolve("empty.git");
        CGit.run(tmp, "init", "-q", "--bare", empty.toString());
        try (Repository repo = git.init(tmp.resolve("fresh"), empty.toUri(), "main")) {
            Commit c = repo.commit(CommitRequest.of(BOT, "first").withFile("a.txt", "a\n"));
            repo.push();
            assertThat(CGit.run(empty, "rev-parse", "refs/heads/main")).isEqualTo(c.id());
        }
    }
}
