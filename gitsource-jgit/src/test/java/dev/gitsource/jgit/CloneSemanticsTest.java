package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.CloneResult;
import dev.gitsource.CloneStats;
import dev.gitsource.GitEventListener;
import dev.gitsource.GitSource;
import dev.gitsource.GitSourceException;
import dev.gitsource.PathNotFoundException;
import dev.gitsource.PushOptions;
import dev.gitsource.PushRejectedException;
import dev.gitsource.PushResult;
import dev.gitsource.RefNotFoundException;
import dev.gitsource.RemoteRefs;
import dev.gitsource.Repository;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Clone semantics that must not lie, and the listener's pairing of every operation. */
class CloneSemanticsTest {
    @TempDir Path tmp;
    Path work;
    Path origin;
    String c1;
    String c2;
    String other;
    final List<String> events = new CopyOnWriteArrayList<>();
    GitSource git;

    @BeforeEach
    void setUp() {
        work = tmp.resolve("work");
        CGit.run(tmp, "init", "-q", "-b", "main", work.toString());
        CGit.write(work.resolve("deploy/app.yaml"), "one\n");
        CGit.run(work, "add", "-A");
        CGit.run(work, "commit", "-q", "-m", "first");
        c1 = CGit.run(work, "rev-parse", "HEAD");
        CGit.write(work.resolve("deploy/app.yaml"), "two\n");
        CGit.run(work, "commit", "-q", "-am", "second");
        c2 = CGit.run(work, "rev-parse", "HEAD");
        CGit.run(work, "checkout", "-q", "-b", "dev", c1);
        CGit.write(work.resolve("dev.txt"), "dev\n");
        CGit.run(work, "add", "-A");
        CGit.run(work, "commit", "-q", "-m", "on dev only");
        other = CGit.run(work, "rev-parse", "HEAD");
        CGit.run(work, "checkout", "-q", "main");
        origin = tmp.resolve("origin.git");
        CGit.run(tmp, "clone", "-q", "--bare", work.toString(), origin.toString());
        CGit.run(work, "remote", "add", "origin", origin.toString());
        git = GitSource.builder().allowSchemes("file").listener(new Recorder()).build();
    }

    @AfterEach
    void tearDown() {
        git.close();
    }

    CloneResult clone(CheckoutTarget target, int depth, String dir) {
        return git.clone(origin.toUri(), CloneOptions.builder().target(target).depth(depth)
                .directory(tmp.resolve(dir)).build());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void aCommitOnItsBranchIsClonedAtEveryDepth(int depth) {
        CloneResult r = clone(CheckoutTarget.commit(c1, "main"), depth, "c");
        assertThat(r.revision()).isEqualTo("main@sha1:" + c1);
        assertThat(r.repository().head().id()).isEqualTo(c1);
        r.repository().close();
        assertThat(CGit.run(tmp.resolve("c"), "status", "--porcelain")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void aCommitThatIsNotOnTheBranchIsRefusedAtEveryDepth(int depth) throws Exception {
        assertThatThrownBy(() -> clone(CheckoutTarget.commit(other, "main"), depth, "c"))
                .isInstanceOf(RefNotFoundException.class).hasMessageContaining(other).hasMessageContaining("main");
        assertThat(tmp.resolve("c")).doesNotExist();
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("gitsource-"));
        }
    }

    @Test
    void aMissingSparsePathIsTypedAndNamesThePath() {
        assertThatThrownBy(() -> git.clone(origin.toUri(), CloneOptions.builder().depth(1).directory(tmp.resolve("s"))
                .sparsePaths(List.of("nope")).build()))
                .isInstanceOf(PathNotFoundException.class).hasMessageContaining("'nope'")
                .satisfies(e -> assertThat(((PathNotFoundException) e).path()).isEqualTo("nope"));
        assertThat(tmp.resolve("s")).doesNotExist();
    }

    @Test
    void switchBranchFetchesTheRemoteBranchFresh() throws Exception {
        try (Repository repo = clone(CheckoutTarget.branch("main"), 1, "c").repository()) {
            repo.switchBranch("dev");
            assertThat(repo.head().id()).isEqualTo(other);
            repo.switchBranch("main");
            CGit.run(tmp.resolve("c"), "branch", "-q", "-D", "dev"); // only the stale tracking ref is left
            CGit.run(work, "checkout", "-q", "dev");
            CGit.write(work.resolve("dev.txt"), "dev moved\n");
            CGit.run(work, "commit", "-q", "-am", "dev moves");
            CGit.run(work, "push", "-q", "origin", "dev");
            String moved = CGit.run(work, "rev-parse", "HEAD");
            repo.switchBranch("dev");
            assertThat(repo.head().id()).isEqualTo(moved);
            assertThat(Files.readString(tmp.resolve("c/dev.txt"))).isEqualTo("dev moved\n");
            assertThat(CGit.run(tmp.resolve("c"), "status", "--porcelain")).isEmpty();
        }
    }

    @Test
    void everyOperationReportsStartedThenFinishedOrFailed() {
        clone(CheckoutTarget.branch("main"), 1, "ok").repository().close();
        assertThatThrownBy(() -> clone(CheckoutTarget.branch("nope"), 1, "missing"))
                .isInstanceOf(RefNotFoundException.class);
        git.lsRemote(origin.toUri(), "refs/heads/");
        assertThatThrownBy(() -> git.lsRemote(tmp.resolve("nowhere.git").toUri()))
                .isInstanceOf(GitSourceException.class);
        try (Repository repo = clone(CheckoutTarget.branch("main"), 0, "push").repository()) {
            CGit.run(work, "commit", "-q", "--allow-empty", "-m", "remote moves on");
            CGit.run(work, "push", "-q", "origin", "main");
            repo.commit(dev.gitsource.CommitRequest.of(dev.gitsource.Person.of("Bot", "bot@example.com"), "local")
                    .withFile("x.txt", "x"));
            assertThatThrownBy(repo::push).isInstanceOf(PushRejectedException.class);
            repo.push(PushOptions.builder().refspec("HEAD:refs/heads/side").build());
        }
        assertThat(events).containsExactly("clone started", "clone finished", "clone started", "clone failed",
                "ls-remote started", "ls-remote finished", "ls-remote started", "ls-remote failed",
                "clone started", "clone finished", "push started", "push failed", "push started", "push finished");
    }

    final class Recorder implements GitEventListener {
        @Override
        public void cloneStarted(URI remote, CheckoutTarget target) {
            events.add("clone started");
        }

        @Override
        public void cloneFinished(URI remote, CloneResult result, CloneStats stats) {
            events.add("clone finished");
        }

        @Override
        public void cloneFailed(URI remote, GitSourceException error, CloneStats stats) {
            events.add("clone failed");
        }

        @Override
        public void lsRemoteStarted(URI remote) {
            events.add("ls-remote started");
        }

        @Override
        public void lsRemoteFinished(URI remote, RemoteRefs refs) {
            events.add("ls-remote finished");
        }

        @Override
        public void lsRemoteFailed(URI remote, GitSourceException error) {
            events.add("ls-remote failed");
        }

        @Override
        public void pushStarted(URI remote) {
            events.add("push started");
        }

        @Override
        public void pushFailed(URI remote, GitSourceException error) {
            events.add("push failed");
        }

        @Override
        public void pushFinished(URI remote, PushResult result) {
            events.add("push finished");
        }
    }
}
