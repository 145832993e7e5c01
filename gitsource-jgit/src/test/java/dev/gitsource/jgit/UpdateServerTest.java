package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.CloneStats;
import dev.gitsource.GitEventListener;
import dev.gitsource.GitSource;
import dev.gitsource.GitSourceException;
import dev.gitsource.GitTransportException;
import dev.gitsource.Repository;
import dev.gitsource.UpdateResult;
import dev.gitsource.testkit.CraftedPacks;
import dev.gitsource.testkit.Fault;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.GitServer.Backend;
import dev.gitsource.testkit.RecordedRequest;
import dev.gitsource.testkit.RepositoryFixture;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Updates in place against both test-kit backends over HTTP: what goes over the wire (one
 * ls-refs when unmoved; a shallow fetch of only the new objects when moved), the result
 * against C git's checkout of the same commit, and faults during the fetch.
 */
class UpdateServerTest {
    @TempDir Path tmp;

    private static GitServer start(Backend backend) {
        Assumptions.assumeTrue(backend != Backend.C_GIT || GitServer.isCGitAvailable(), "C git is not installed");
        return GitServer.builder().http().backend(backend).start();
    }

    private static String seed(RepositoryFixture repo) {
        for (int i = 0; i < 50; i++) {
            repo.file("svc/file" + i + ".txt", ("content " + i + "\n").repeat(100));
        }
        return repo.file("README.md", "one\n").commit("first");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anUnmovedRemoteCostsOneLsRefsAndAMovedOneOnlyTheNewObjects(Backend backend) throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        GitEventListener listener = new GitEventListener() {
            @Override
            public void updateStarted(URI remote, CheckoutTarget target) {
                events.add("started " + target);
            }

            @Override
            public void updateFinished(URI remote, UpdateResult result, CloneStats stats) {
                events.add("finished " + (result.unchanged() ? "unchanged" : stats.bytesReceived() + " bytes"));
            }
        };
        try (GitServer server = start(backend); GitSource git = GitSource.builder().listener(listener).build()) {
            RepositoryFixture fixture = server.repository("org/app");
            String c1 = seed(fixture);
            Path copy = tmp.resolve("copy");
            try (Repository repo = git.clone(server.httpUrl("org/app"), CloneOptions.builder()
                    .target(CheckoutTarget.branch("main")).depth(1).directory(copy).build()).repository()) {
                server.awaitRequest(RecordedRequest::isFetch, Duration.ofSeconds(10)); // the clone's
                server.clearRequests();
                assertThat(repo.update().unchanged()).isTrue();
                server.awaitRequest(RecordedRequest::isLsRefs, Duration.ofSeconds(10));
                // a request is recorded before its response ends, so a fetch of this update would be here
                assertThat(server.requests()).noneMatch(RecordedRequest::isFetch);
                server.clearRequests();

                String c2 = fixture.file("svc/file3.txt", "changed\n").delete("svc/file4.txt").commit("second");
                UpdateResult r = repo.update();
                assertThat(r.revision()).isEqualTo("main@sha1:" + c2);
                assertThat(r.previousRevision()).isEqualTo("main@sha1:" + c1);
                assertThat(r.filesWritten()).isEqualTo(1);
                assertThat(r.filesDeleted()).isEqualTo(1);
                RecordedRequest fetch = server.awaitRequest(RecordedRequest::isFetch, Duration.ofSeconds(10));
                assertThat(fetch.deepen()).isEqualTo(1);
                assertThat(fetch.shallows()).contains(c1);
                // one advertisement, one ls-refs and one fetch, as C git makes: the fetch goes on the ls-refs' connection
                assertThat(server.requests()).as("%s", server.requests()).hasSize(3)
                        .filteredOn(RecordedRequest::isLsRefs).hasSize(1);
                assertThat(Files.readString(copy.resolve(".git/shallow")).trim()).isEqualTo(c2);
                assertThat(UpdateLocalTest.tree(copy)).isEqualTo(UpdateLocalTest.tree(cgitClone(server, c2)));
                assertThat(CGit.run(copy, "status", "--porcelain")).isEmpty();
                CGit.run(copy, "fsck", "--no-progress");
            }
            assertThat(events).hasSize(4);
            assertThat(events.get(1)).isEqualTo("finished unchanged");
            // the second update received a pack with the one changed blob, not the 49 unchanged files
            long bytes = Long.parseLong(events.get(3).replaceAll("\\D", ""));
            assertThat(bytes).isPositive().isLessThan(2_000);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFaultDuringTheFetchLeavesTheCopyAsItWas(Backend backend) throws Exception {
        try (GitServer server = start(backend); GitSource git = GitSource.builder().build()) {
            RepositoryFixture fixture = server.repository("org/app");
            seed(fixture);
            Path copy = tmp.resolve("copy");
            try (Repository repo = git.clone(server.httpUrl("org/app"), CloneOptions.builder().depth(1)
                    .directory(copy).build()).repository()) {
                Map<String, String> before = UpdateLocalTest.tree(copy);
                byte[] index = Files.readAllBytes(copy.resolve(".git/index"));
                String head = repo.head().id();
                String c2 = fixture.largeFile("svc/big.bin", 300_000).file("README.md", "two\n").commit("second");
                for (Fault fault : List.of(Fault.dropAfterBytes(100_000).onFetch().times(1),
                        Fault.rewritePack(CraftedPacks::withCorruptObject).times(1), Fault.httpStatus(500).times(1))) {
                    server.fault(fault);
                    Throwable e = catchThrowable(repo::update);
                    assertThat(e).isInstanceOf(GitSourceException.class);
                    if (e instanceof GitTransportException t) {
                        assertThat(t.retryable()).isTrue();
                    }
                    assertThat(UpdateLocalTest.tree(copy)).isEqualTo(before);
                    assertThat(Files.readAllBytes(copy.resolve(".git/index"))).isEqualTo(index);
                    assertThat(repo.head().id()).isEqualTo(head);
                }
                assertThat(repo.update().revision()).isEqualTo("main@sha1:" + c2);
                assertThat(UpdateLocalTest.tree(copy)).isEqualTo(UpdateLocalTest.tree(cgitClone(server, c2)));
                try (var packs = Files.list(copy.resolve(".git/objects/pack"))) {
                    assertThat(packs.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("incoming_"));
                }
            }
        }
    }

    /** A server that refuses wants of ids it did not advertise: the commit comes with its branch's history. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aCommitIsClonedFromAServerThatRefusesFetchById(Backend backend) throws Exception {
        Assumptions.assumeTrue(backend != Backend.C_GIT || GitServer.isCGitAvailable(), "C git is not installed");
        try (GitServer server = GitServer.builder().http().backend(backend).allowFetchById(false).start();
                GitSource git = GitSource.builder().build()) {
            RepositoryFixture fixture = server.repository("org/app");
            String c1 = seed(fixture);
            fixture.file("README.md", "two\n").commit("second");
            for (CheckoutTarget target : List.of(CheckoutTarget.commit(c1), CheckoutTarget.commit(c1, "main"))) {
                Path dir = tmp.resolve("c" + target.hashCode());
                try (Repository repo = git.clone(server.httpUrl("org/app"), CloneOptions.builder().target(target)
                        .depth(1).directory(dir).build()).repository()) {
                    assertThat(repo.head().id()).isEqualTo(c1);
                    assertThat(Files.readString(dir.resolve("README.md"))).isEqualTo("one\n");
                }
                assertThat(CGit.run(dir, "status", "--porcelain")).isEmpty();
            }
        }
    }

    private Path cgitClone(GitServer server, String commit) {
        Path dir = tmp.resolve("cgit-" + commit);
        CGit.run(tmp, "clone", "-q", server.httpUrl("org/app").toString(), dir.toString());
        CGit.run(dir, "checkout", "-q", commit);
        return dir;
    }
}
