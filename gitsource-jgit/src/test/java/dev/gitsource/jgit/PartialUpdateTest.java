package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.CloneStats;
import dev.gitsource.GitSource;
import dev.gitsource.Repository;
import dev.gitsource.UpdateOptions;
import dev.gitsource.UpdateResult;
import dev.gitsource.testkit.GitCli;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.GitServer.Backend;
import dev.gitsource.testkit.RecordedRequest;
import dev.gitsource.testkit.RepositoryFixture;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Updates of partial sparse copies against both backends: the new commit and trees with the
 * filter, then only the new blobs under the sparse paths; the copy stays one C git can use. A
 * server that stops advertising {@code filter} gets an ordinary fetch, without a thin pack
 * (whose deltas could be against blobs the copy never had).
 */
class PartialUpdateTest {
    @TempDir Path tmp;

    /** A second commit that changes files inside and outside {@code deploy/}. */
    static String advance(RepositoryFixture repo) {
        repo.file("deploy/app.yaml", "replicas: 2\n").file("deploy/new.yaml", "kind: New\n").delete("deploy/run.sh");
        for (int i = 0; i < 40; i += 3) {
            repo.file("src/file" + i + ".txt", "source " + i + "\n".repeat(i + 1) + "one more line\n");
        }
        return repo.file("src/added.txt", "added\n").commit("two");
    }

    /** A partial copy of {@code deploy/} on {@code main}. */
    static Repository cloneDeploy(GitSource git, URI url, Path dir, int depth) {
        return git.clone(url, CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(depth).directory(dir)
                .sparsePaths(List.of("deploy")).build()).repository();
    }

    /** A server with the seeded {@code org/app}, and a partial depth-1 copy of its {@code deploy/}. */
    record Copy(GitServer server, GitSource git, RepositoryFixture repo, Path dir, Repository copy)
            implements AutoCloseable {
        static Copy of(Backend backend, Path dir) {
            GitServer server = PartialCloneTest.start(backend, GitServer.builder());
            GitSource git = GitSource.builder().build();
            RepositoryFixture repo = server.repository("org/app");
            PartialCloneTest.seed(repo);
            return new Copy(server, git, repo, dir, cloneDeploy(git, server.httpUrl("org/app"), dir, 1));
        }

        @Override
        public void close() {
            copy.close();
            git.close();
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void updateFetchesOnlyTheNewBlobsUnderTheSparsePaths(Backend backend) throws Exception {
        PartialCloneTest.Heard heard = new PartialCloneTest.Heard();
        try (GitServer server = PartialCloneTest.start(backend, GitServer.builder());
                GitSource git = GitSource.builder().listener(heard).build()) {
            for (int depth : new int[] {1, 0}) {
                String name = "org/app" + depth;
                RepositoryFixture repo = server.repository(name);
                PartialCloneTest.seed(repo);
                URI url = server.httpUrl(name);
                Path dir = tmp.resolve("copy" + depth);
                try (Repository copy = cloneDeploy(git, url, dir, depth)) {
                    String c2 = advance(repo);
                    server.clearRequests();
                    UpdateResult u = copy.update(UpdateOptions.builder().build());
                    String what = "depth " + depth;
                    assertThat(u.revision()).as(what).isEqualTo("main@sha1:" + c2);
                    assertThat(u.filesWritten()).as(what).isEqualTo(2);
                    assertThat(u.filesDeleted()).as(what).isEqualTo(1);

                    List<RecordedRequest> fetches = PartialCloneTest.fetches(server, name);
                    assertThat(fetches).as(what).hasSize(2);
                    assertThat(fetches.get(0).filter()).as(what).isEqualTo("blob:none");
                    assertThat(fetches.get(0).wants()).as(what).containsExactly(c2);
                    assertThat(fetches.get(0).deepen()).as(what).isEqualTo(depth);
                    assertThat(new TreeSet<>(fetches.get(1).wants())).as(what).isEqualTo(PartialCloneTest.blobs(repo, c2,
                            p -> p.equals("deploy/app.yaml") || p.equals("deploy/new.yaml")));
                    CloneStats stats = heard.last();
                    assertThat(stats.partial()).as(what).isTrue();
                    assertThat(stats.partialFallback()).as(what).isEmpty();

                    Path cgit = PartialCloneTest.cgitSparseClone(url, tmp.resolve("cgit" + depth), "deploy");
                    assertThat(UpdateLocalTest.tree(dir)).as(what).isEqualTo(UpdateLocalTest.tree(cgit));
                    assertThat(GitCli.git(dir, "status", "--porcelain")).as(what).isEmpty();
                    assertThat(copy.isClean()).as(what).isTrue();
                    if (depth == 1) {
                        assertThat(Files.readString(dir.resolve(".git/shallow")).trim()).isEqualTo(c2);
                    }
                    assertThat(GitCli.git(dir, "log", "-1", "--stat")).as(what).contains("src/added.txt");
                    GitCli.git(dir, "fsck", "--connectivity-only");

                    server.clearRequests();
                    assertThat(copy.update(UpdateOptions.builder().build()).unchanged()).as(what).isTrue();
                    assertThat(PartialCloneTest.fetches(server, name)).as(what).isEmpty();
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void serverThatStopsAdvertisingFilterGetsAnOrdinaryFetch(Backend backend) throws Exception {
        PartialCloneTest.Heard heard = new PartialCloneTest.Heard();
        Path root = tmp.resolve("repos");
        try (GitServer server = PartialCloneTest.start(backend, GitServer.builder().root(root));
                GitServer plain = PartialCloneTest.start(backend, GitServer.builder().root(root).allowFilter(false));
                GitSource git = GitSource.builder().listener(heard).build()) {
            RepositoryFixture repo = server.repository("org/app");
            PartialCloneTest.seed(repo);
            Path dir = tmp.resolve("copy");
            try (Repository copy = cloneDeploy(git, server.httpUrl("org/app"), dir, 1)) {
                String c2 = advance(repo);
                plain.repository("org/app");
                GitCli.git(dir, "config", "remote.origin.url", plain.httpUrl("org/app").toString());
                UpdateResult u = copy.update(UpdateOptions.builder().build());
                assertThat(u.revision()).isEqualTo("main@sha1:" + c2);
                CloneStats stats = heard.last();
                assertThat(stats.partial()).isFalse();
                assertThat(stats.partialFallback()).hasValueSatisfying(s -> assertThat(s).contains("filter"));
                assertThat(heard.fallbacks).singleElement().asString().contains("does not advertise filter");
                assertThat(Files.readString(dir.resolve("deploy/app.yaml"))).isEqualTo("replicas: 2\n");
                assertThat(dir.resolve("deploy/run.sh")).doesNotExist();
                assertThat(GitCli.git(dir, "status", "--porcelain")).isEmpty();
                assertThat(GitCli.git(dir, "config", "extensions.partialClone")).isEqualTo("origin");
                GitCli.git(dir, "fsck", "--connectivity-only");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = "IN_JVM") // the repack is local; one server is enough
    void aHundredUpdatesKeepThePartialCopySmall(Backend backend) throws Exception {
        try (Copy c = Copy.of(backend, tmp.resolve("copy"))) {
            RepositoryFixture repo = c.repo;
            Path dir = c.dir;
            Repository copy = c.copy;
            long after = UpdateLocalTest.size(dir.resolve(".git"));
            for (int i = 0; i < 100; i++) {
                repo.file("deploy/app.yaml", "replicas: " + i + "\n");
                for (int f = 0; f < 3; f++) {
                    repo.file("src/file" + ((i * 3 + f) % 40) + ".txt", ("update " + i + "\n").repeat(50));
                }
                String commit = repo.commit("update " + i);
                UpdateResult u = copy.update(UpdateOptions.builder().build());
                assertThat(u.revision()).isEqualTo("main@sha1:" + commit);
                assertThat(u.filesWritten()).isEqualTo(1);
            }
            assertThat(UpdateLocalTest.size(dir.resolve(".git"))).isLessThanOrEqualTo(2 * after);
            try (var packs = Files.list(dir.resolve(".git/objects/pack"))) {
                assertThat(packs.filter(p -> p.toString().endsWith(".pack")).count()).isLessThanOrEqualTo(33);
            }
            assertThat(Files.readAllLines(dir.resolve(".git/shallow"))).hasSize(1);
            assertThat(Files.readString(dir.resolve("deploy/app.yaml"))).isEqualTo("replicas: 99\n");
            assertThat(GitCli.git(dir, "status", "--porcelain")).isEmpty();
            GitCli.git(dir, "fsck", "--connectivity-only");
            assertThat(GitCli.git(dir, "log", "-1", "--stat")).contains("src/file");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void commitsOfAPartialCopyPushWithoutTheBlobsItLacks(Backend backend) throws Exception {
        try (Copy c = Copy.of(backend, tmp.resolve("copy"))) {
            RepositoryFixture repo = c.repo;
            Path dir = c.dir;
            Repository copy = c.copy;
            // the pack carries the new trees and blob; the trees it shares name blobs the copy never had.
            // C git prints a warning about the served repository's configuration before the blob
            copy.commit(dev.gitsource.CommitRequest.of(dev.gitsource.Person.of("Bot", "bot@example.com"), "bump")
                    .withFile("deploy/app.yaml", "replicas: 5\n").withFile("deploy/more.yaml", "more: 1\n"));
            copy.push();
            assertThat(GitCli.git(repo.directory(), "show", "main:deploy/app.yaml")).endsWith("\nreplicas: 5");
            assertThat(GitCli.git(repo.directory(), "show", "main:deploy/more.yaml")).endsWith("\nmore: 1");
            assertThat(GitCli.git(repo.directory(), "show", "main:src/file3.txt")).contains("source 3");
            GitCli.git(repo.directory(), "fsck", "--connectivity-only");
            assertThat(GitCli.git(dir, "status", "--porcelain")).isEmpty();
        }
    }
}
