package dev.gitsource.testkit;

import static dev.gitsource.testkit.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.testkit.GitServer.Backend;
import dev.gitsource.testkit.junit.EnabledIfCGit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectInserter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code allowFilter} and {@code allowFetchById} against both backends, over smart HTTP in
 * protocol v0 and v2, with C git as the client: what the server does, and what it records.
 */
@EnabledIfCGit
class UploadSwitchesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir Path tmp;
    private String oldCommit;
    private String head;
    private String headBlob;

    static Stream<Arguments> cells() {
        return Stream.of(Backend.values()).flatMap(b -> Stream.of(Arguments.of(b, 0), Arguments.of(b, 2)));
    }

    private GitServer start(Backend backend, GitServer.Builder b) {
        GitServer server = b.http().backend(backend).start();
        RepositoryFixture repo = server.repository("org/app");
        oldCommit = repo.file("a.txt", "one\n").file("dir/b.txt", "b\n").commit("first");
        head = repo.file("a.txt", "two\n").commit("second");
        headBlob = new ObjectInserter.Formatter().idFor(Constants.OBJ_BLOB, "two\n".getBytes(StandardCharsets.UTF_8)).name();
        return server;
    }

    private GitCli client(int version, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-c";
        all[1] = "protocol.version=" + version;
        System.arraycopy(args, 0, all, 2, args.length);
        return GitCli.run(tmp, Map.of(), all);
    }

    private static String missingObjects(Path clone) {
        return git(clone, "rev-list", "--objects", "--missing=print", "HEAD");
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("cells")
    void filterOnServesABloblessCloneThenBlobsById(Backend backend, int version) {
        try (GitServer server = start(backend, GitServer.builder())) {
            GitCli clone = client(version, "clone", "-q", "--filter=blob:none", "--no-checkout",
                    server.httpUrl("org/app").toString(), "c");
            assertThat(clone.exitCode()).as(clone.output()).isZero();
            assertThat(missingObjects(tmp.resolve("c"))).contains("?" + headBlob);
            RecordedRequest fetch = server.awaitRequest(RecordedRequest::isFetch, WAIT);
            assertThat(fetch.filter()).isEqualTo("blob:none");
            assertThat(fetch.wants()).contains(head);

            server.clearRequests();
            git(tmp.resolve("c"), "checkout", "-q", "main"); // C git fetches the missing blobs by id
            assertThat(tmp.resolve("c/a.txt")).hasContent("two");
            assertThat(server.awaitRequest(RecordedRequest::isFetch, WAIT).wants()).contains(headBlob);
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Backend.class)
    void gitDaemonServesABloblessClone(Backend backend) {
        try (GitServer server = start(backend, GitServer.builder().git())) {
            GitCli clone = client(2, "clone", "-q", "--filter=blob:none", "--no-checkout",
                    server.gitUrl("org/app").toString(), "c");
            assertThat(clone.exitCode()).as(clone.output()).isZero();
            assertThat(missingObjects(tmp.resolve("c"))).contains("?" + headBlob);
            if (backend == Backend.IN_JVM) { // C git's daemon is not recorded
                assertThat(server.awaitRequest(RecordedRequest::isFetch, WAIT).filter()).isEqualTo("blob:none");
            }
        }
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("cells")
    void filterOffSendsWholePacks(Backend backend, int version) {
        try (GitServer server = start(backend, GitServer.builder().allowFilter(false))) {
            GitCli clone = client(version, "clone", "--filter=blob:none", server.httpUrl("org/app").toString(), "c");
            assertThat(clone.exitCode()).as(clone.output()).isZero();
            assertThat(clone.output()).contains("filtering not recognized by server");
            assertThat(missingObjects(tmp.resolve("c"))).doesNotContain("?");
            RecordedRequest fetch = server.awaitRequest(RecordedRequest::isFetch, WAIT);
            assertThat(fetch.filter()).isNull();
        }
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("cells")
    void fetchByIdOnServesUnadvertisedCommitsAndBlobs(Backend backend, int version) {
        try (GitServer server = start(backend, GitServer.builder())) {
            git(tmp, "init", "-q", "c");
            String url = server.httpUrl("org/app").toString();
            GitCli commit = client(version, "-C", "c", "fetch", "-q", url, oldCommit);
            assertThat(commit.exitCode()).as(commit.output()).isZero();
            assertThat(git(tmp.resolve("c"), "cat-file", "-t", oldCommit)).isEqualTo("commit");
            assertThat(server.awaitRequest(RecordedRequest::isFetch, WAIT).wants()).containsExactly(oldCommit);

            GitCli blob = client(version, "-C", "c", "fetch", "-q", url, headBlob);
            assertThat(blob.exitCode()).as(blob.output()).isZero();
            assertThat(git(tmp.resolve("c"), "cat-file", "-t", headBlob)).isEqualTo("blob");
        }
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("cells")
    void fetchByIdOffRefusesUnadvertisedIds(Backend backend, int version) {
        try (GitServer server = start(backend, GitServer.builder().allowFetchById(false))) {
            git(tmp, "init", "-q", "c");
            String url = server.httpUrl("org/app").toString();
            GitCli refused = client(version, "-C", "c", "fetch", "-q", url, oldCommit);
            assertThat(refused.exitCode()).as(refused.output()).isNotZero();
            assertThat(refused.output()).containsAnyOf("not allow request for unadvertised object", "not valid");
            assertThat(GitCli.run(tmp.resolve("c"), Map.of(), "cat-file", "-e", oldCommit).exitCode()).isNotZero();

            GitCli tip = client(version, "-C", "c", "fetch", "-q", url, head);
            assertThat(tip.exitCode()).as(tip.output()).isZero();
            if (backend == Backend.C_GIT) { // C git's v2 would serve any id, so this server speaks v0
                assertThat(server.requests()).allSatisfy(r -> assertThat(r.protocolVersion()).isZero());
            }
        }
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("cells")
    void filterWithoutFetchByIdServesNoBlobsLater(Backend backend, int version) {
        try (GitServer server = start(backend, GitServer.builder().allowFetchById(false))) {
            GitCli clone = client(version, "clone", "-q", "--filter=blob:none", "--no-checkout",
                    server.httpUrl("org/app").toString(), "c");
            assertThat(clone.exitCode()).as(clone.output()).isZero();
            GitCli checkout = GitCli.run(tmp.resolve("c"), Map.of(), "checkout", "-q", "main");
            assertThat(checkout.exitCode()).as(checkout.output()).isNotZero();
        }
    }
}
