package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.CloneResult;
import dev.gitsource.CloneStats;
import dev.gitsource.GitEventListener;
import dev.gitsource.GitSource;
import dev.gitsource.PathNotFoundException;
import dev.gitsource.UpdateResult;
import dev.gitsource.testkit.GitCli;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.GitServer.Backend;
import dev.gitsource.testkit.RecordedRequest;
import dev.gitsource.testkit.RepositoryFixture;
import dev.gitsource.testkit.junit.BackendAssumptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Partial clones of sparse paths against both test-kit backends over HTTP (protocol v2; C git
 * speaks v0 when it must refuse ids): the tree equals C git's own blobless sparse checkout, C
 * git can use the copy, the requests carry the filter and then only the sparse paths' blobs,
 * and servers without {@code filter} or without blobs by id get the whole pack instead.
 */
class PartialCloneTest {
    @TempDir Path tmp;

    /** Everything the listener hears about partial clones. */
    static final class Heard implements GitEventListener {
        final List<CloneStats> stats = new CopyOnWriteArrayList<>();
        final List<String> fallbacks = new CopyOnWriteArrayList<>();

        @Override
        public void partialFallback(URI remote, String reason) {
            fallbacks.add(reason);
        }

        @Override
        public void cloneFinished(URI remote, CloneResult result, CloneStats s) {
            stats.add(s);
        }

        @Override
        public void updateFinished(URI remote, UpdateResult result, CloneStats s) {
            stats.add(s);
        }

        CloneStats last() {
            return stats.get(stats.size() - 1);
        }
    }

    /**
     * The fixture: {@code deploy/} (nested, an executable, a symlink) beside {@code src/} and
     * {@code docs/}, and a root {@code .gitattributes}, which the checkout reads.
     */
    static String seed(RepositoryFixture repo) {
        repo.file(".gitattributes", "*.bin binary\n").file("README.md", "# app\n")
                .file("deploy/app.yaml", "replicas: 1\n").file("deploy/base/kustomization.yaml", "resources: []\n")
                .file("deploy/run.sh", "#!/bin/sh\necho run\n", true).symlink("deploy/current", "app.yaml")
                .file("docs/guide.md", "guide\n");
        for (int i = 0; i < 40; i++) {
            repo.file("src/file" + i + ".txt", "source " + i + "\n".repeat(i + 1));
        }
        return repo.commit("one");
    }

    static GitServer start(Backend backend, GitServer.Builder b) {
        BackendAssumptions.assumeCGit(); // C git reads every copy back
        BackendAssumptions.assumeAvailable(backend);
        return b.backend(backend).http().start();
    }

    /** The blob ids of a commit's entries whose paths pass the test, as the server's repository has them. */
    static Set<String> blobs(RepositoryFixture repo, String commit, java.util.function.Predicate<String> path) {
        Set<String> out = new TreeSet<>();
        for (String line : GitCli.git(repo.directory(), "ls-tree", "-r", commit).split("\n")) {
            if (line.indexOf('\t') < 0) {
                continue; // not an entry (C git's warnings share the output)
            }
            String[] meta = line.substring(0, line.indexOf('\t')).split(" ");
            if (meta[1].equals("blob") && path.test(line.substring(line.indexOf('\t') + 1))) {
                out.add(meta[2]);
            }
        }
        return out;
    }

    static List<RecordedRequest> fetches(GitServer server, String repository) {
        return server.requests().stream().filter(RecordedRequest::isFetch)
                .filter(r -> r.repository().equals(repository)).toList();
    }

    /** C git's blobless sparse clone of the branch, narrowed to exactly these paths (no cone). */
    static Path cgitSparseClone(URI url, Path dir, String... paths) {
        GitCli.git(dir.getParent(), "clone", "-q", "--depth", "1", "--filter=blob:none", "--sparse", "-b", "main",
                url.toString(), dir.toString());
        List<String> args = new ArrayList<>(List.of("sparse-checkout", "set", "--no-cone"));
        for (String p : paths) {
            args.add("/" + p + "/");
        }
        GitCli.git(dir, args.toArray(new String[0]));
        return dir;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void sparseTreeEqualsCGitAndOnlyItsBlobsAreFetched(Backend backend) throws Exception {
        Heard heard = new Heard();
        try (GitServer server = start(backend, GitServer.builder());
                GitSource git = GitSource.builder().listener(heard).build()) {
            RepositoryFixture repo = server.repository("org/app");
            String commit = seed(repo);
            URI url = server.httpUrl("org/app");
            Path dir = tmp.resolve("partial");
            CloneResult r = git.clone(url, CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1)
                    .directory(dir).sparsePaths(List.of("deploy")).build());
            assertThat(r.repository().head().id()).isEqualTo(commit);

            List<RecordedRequest> fetches = fetches(server, "org/app");
            assertThat(fetches).hasSize(2);
            assertThat(fetches.get(0).filter()).isEqualTo("blob:none");
            assertThat(fetches.get(0).wants()).containsExactly(commit);
            assertThat(fetches.get(0).deepen()).isEqualTo(1);
            // the sparse path's files and link, and the .gitattributes on the way to it; nothing else
            assertThat(new TreeSet<>(fetches.get(1).wants()))
                    .isEqualTo(blobs(repo, commit, p -> p.startsWith("deploy/") || p.equals(".gitattributes")));
            assertThat(fetches.get(1).wants()).doesNotContainAnyElementsOf(blobs(repo, commit, p -> p.startsWith("src/")));

            CloneStats stats = heard.last();
            assertThat(stats.partial()).isTrue();
            assertThat(stats.filter()).contains("blob:none");
            assertThat(stats.partialFallback()).isEmpty();
            assertThat(heard.fallbacks).isEmpty();
            assertThat(stats.phases()).containsKeys("fetch", "blobs", "checkout");
            assertThat(stats.filesWritten()).isEqualTo(3); // and a symlink

            Path cgit = cgitSparseClone(url, tmp.resolve("cgit"), "deploy");
            assertThat(UpdateLocalTest.tree(dir)).isEqualTo(UpdateLocalTest.tree(cgit)).containsKeys("deploy/app.yaml", "deploy/current")
                    .doesNotContainKey("README.md");

            // the promisor layout: C git can use the copy and fetches what it lacks itself
            assertThat(GitCli.git(dir, "config", "extensions.partialClone")).isEqualTo("origin");
            assertThat(GitCli.git(dir, "config", "remote.origin.partialclonefilter")).isEqualTo("blob:none");
            assertThat(GitCli.git(dir, "config", "core.repositoryformatversion")).isEqualTo("1");
            try (Stream<Path> packs = Files.list(dir.resolve(".git/objects/pack"))) {
                List<Path> all = packs.filter(p -> p.toString().endsWith(".pack")).toList();
                assertThat(all).hasSize(2).allSatisfy(p -> assertThat(p.resolveSibling(
                        p.getFileName().toString().replace(".pack", ".promisor"))).exists());
            }
            assertThat(GitCli.git(dir, "status", "--porcelain")).isEmpty();
            assertThat(r.repository().isClean()).isTrue();
            assertThat(GitCli.git(dir, "sparse-checkout", "list")).isEqualTo("/deploy");
            assertThat(GitCli.git(dir, "log", "-1", "--stat")).contains("src/file7.txt").contains("deploy/app.yaml");
            assertThat(GitCli.git(dir, "show", "HEAD:src/file3.txt")).startsWith("source 3");
            GitCli.git(dir, "fsck", "--connectivity-only");
            r.repository().close();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void serverWithoutFilterGetsTheWholePack(Backend backend) throws Exception {
        Heard heard = new Heard();
        try (GitServer server = start(backend, GitServer.builder().allowFilter(false));
                GitSource git = GitSource.builder().listener(heard).build()) {
            RepositoryFixture repo = server.repository("org/app");
            seed(repo);
            Path dir = tmp.resolve("full");
            CloneResult r = git.clone(server.httpUrl("org/app"), CloneOptions.builder()
                    .target(CheckoutTarget.branch("main")).depth(1).directory(dir).sparsePaths(List.of("deploy")).build());
            assertWholePack(heard, dir, "does not advertise filter");
            assertThat(fetches(server, "org/app")).singleElement().satisfies(f -> assertThat(f.filter()).isNull());
            r.repository().close();
        }
    }

    /**
     * C git refuses ids no ref advertises only over a connection of its own (git://): over HTTP
     * (stateless) it serves every object the advertised refs reach, whatever its configuration.
     * Its requests over git:// are not recorded.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void serverThatRefusesBlobsByIdGetsTheWholePack(Backend backend) throws Exception {
        Heard heard = new Heard();
        BackendAssumptions.assumeCGit();
        BackendAssumptions.assumeAvailable(backend);
        GitServer.Builder b = GitServer.builder().backend(backend).allowFetchById(false);
        try (GitServer server = backend == Backend.C_GIT ? b.git().start() : b.http().start();
                GitSource git = GitSource.builder().listener(heard).build()) {
            RepositoryFixture repo = server.repository("org/app");
            String commit = seed(repo);
            Path dir = tmp.resolve("refused");
            URI url = backend == Backend.C_GIT ? server.gitUrl("org/app") : server.httpUrl("org/app");
            CloneResult r = git.clone(url, CloneOptions.builder()
                    .target(CheckoutTarget.branch("main")).depth(1).directory(dir).sparsePaths(List.of("deploy")).build());
            assertWholePack(heard, dir, "does not send blobs by id");
            assertThat(r.repository().head().id()).isEqualTo(commit);
            if (backend == Backend.IN_JVM) {
                assertThat(fetches(server, "org/app")).extracting(RecordedRequest::filter)
                        .containsExactly("blob:none", null, null);
            }
            r.repository().close();
        }
    }

    private static void assertWholePack(Heard heard, Path dir, String reason) throws IOException {
        CloneStats stats = heard.last();
        assertThat(stats.partial()).isFalse();
        assertThat(stats.filter()).isEmpty();
        assertThat(stats.partialFallback()).hasValueSatisfying(s -> assertThat(s).contains(reason));
        assertThat(heard.fallbacks).singleElement().asString().contains(reason);
        assertThat(UpdateLocalTest.tree(dir).keySet()).allMatch(p -> p.startsWith("deploy/")).contains("deploy/app.yaml");
        assertThat(GitCli.git(dir, "status", "--porcelain")).isEmpty();
        assertThat(Files.readString(dir.resolve(".git/config"))).doesNotContainIgnoringCase("partialclone")
                .doesNotContain("promisor");
        try (Stream<Path> s = Files.list(dir.resolve(".git/objects/pack"))) {
            assertThat(s.map(p -> p.getFileName().toString()).collect(Collectors.toList()))
                    .noneMatch(n -> n.endsWith(".promisor"));
        }
        GitCli.git(dir, "fsck", "--connectivity-only");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void missingSparsePathFailsBeforeAnyBlobIsFetched(Backend backend) throws Exception {
        try (GitServer server = start(backend, GitServer.builder()); GitSource git = GitSource.builder().build()) {
            seed(server.repository("org/app"));
            Path dir = tmp.resolve("missing");
            assertThatThrownBy(() -> git.clone(server.httpUrl("org/app"), CloneOptions.builder()
                    .target(CheckoutTarget.branch("main")).depth(1).directory(dir)
                    .sparsePaths(List.of("deploy", "charts")).build()))
                    .isInstanceOfSatisfying(PathNotFoundException.class, e -> assertThat(e.path()).isEqualTo("charts"));
            assertThat(dir).doesNotExist();
            assertThat(fetches(server, "org/app")).singleElement()
                    .satisfies(f -> assertThat(f.filter()).isEqualTo("blob:none"));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void onlySubmodulesInsideTheSparsePathsAreCloned(Backend backend) throws Exception {
        try (GitServer server = start(backend, GitServer.builder()); GitSource git = GitSource.builder().build()) {
            RepositoryFixture lib = server.repository("org/lib");
            lib.file("lib.txt", "lib\n").commit("lib");
            RepositoryFixture other = server.repository("org/other");
            other.file("other.txt", "other\n").commit("other");
            RepositoryFixture app = server.repository("org/app");
            app.submodule("deploy/lib", lib).submodule("vendor/other", other)
                    .file(".gitmodules", "[submodule \"deploy/lib\"]\n\tpath = deploy/lib\n\turl = ../../org/lib.git\n"
                            + "[submodule \"vendor/other\"]\n\tpath = vendor/other\n\turl = ../../org/other.git\n");
            seed(app);
            Path dir = tmp.resolve("subs");
            git.clone(server.httpUrl("org/app"), CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1)
                    .directory(dir).sparsePaths(List.of("deploy")).submodules(true).build()).repository().close();
            assertThat(Files.readString(dir.resolve("deploy/lib/lib.txt"))).isEqualTo("lib\n");
            assertThat(dir.resolve("vendor")).doesNotExist();
            assertThat(fetches(server, "org/lib")).isNotEmpty();
            assertThat(fetches(server, "org/other")).isEmpty();
            assertThat(GitCli.git(dir, "status", "--porcelain")).isEmpty();
        }
    }
}
