package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.AuthenticationException;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.LfsObjectNotFoundException;
import dev.gitsource.RetryPolicy;
import dev.gitsource.TlsOptions;
import dev.gitsource.UnsafeContentException;
import dev.gitsource.UpdateOptions;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.testkit.Fault;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.LfsObjects;
import dev.gitsource.testkit.RecordedRequest;
import dev.gitsource.testkit.RepositoryFixture;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Git LFS: C git with git-lfs pushes objects to the test kit's LFS server, gitsource clones
 * them with {@code lfs(true)} and gets what {@code git lfs pull} gets, with a copy C git (with
 * git-lfs) finds clean; the remote's credentials reach the LFS server as they reach the Git
 * server; corrupt and missing objects are typed errors that leave nothing; sparse paths and
 * updates download only what they write.
 */
class LfsTest {
    private static final String ATTRIBUTES = "*.bin filter=lfs diff=lfs merge=lfs -text\n";
    @TempDir Path tmp;

    private static boolean gitLfsInstalled() {
        try {
            Process p = new ProcessBuilder("git", "lfs", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** C git with git-lfs installed in a HOME of the test's own: no global state read or written. */
    private Map<String, String> lfsHome() throws IOException {
        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        Map<String, String> env = Map.of("HOME", home.toString(), "GIT_CONFIG_GLOBAL",
                home.resolve(".gitconfig").toString(), "XDG_CONFIG_HOME", home.resolve(".config").toString());
        if (!Files.exists(home.resolve(".gitconfig"))) {
            CGit.run(home, env, "lfs", "install", "--skip-repo");
        }
        return env;
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static List<RecordedRequest> lfsRequests(GitServer server) {
        return server.requests().stream().filter(RecordedRequest::isLfs).toList();
    }

    private static Set<String> downloaded(GitServer server) {
        return lfsRequests(server).stream().filter(r -> "download".equals(r.command()))
                .flatMap(r -> r.wants().stream()).collect(Collectors.toSet());
    }

    @Test
    void cGitPushesWithGitLfsAndGitsourceClonesWhatGitLfsPullGets() throws IOException {
        Assumptions.assumeTrue(gitLfsInstalled(), "git-lfs is not installed: LFS interop with C git skipped");
        Map<String, String> env = lfsHome();
        byte[] a = random(300_000, 1);
        byte[] b = random(70_000, 2);
        try (GitServer server = GitServer.builder().http().lfs().basicAuth("bot", "s3cret").start();
                GitSource git = GitSource.builder().credentials(GitCredentials.basic("bot", "s3cret"))
                        .allowCredentialsOverHttp(true).build()) {
            server.repository("org/app").file("README.md", "hi\n").commit("first");
            URI url = server.httpUrl("org/app");
            String withCreds = url.toString().replace("http://", "http://bot:s3cret@");
            Path work = tmp.resolve("push");
            CGit.run(tmp, env, "clone", "-q", withCreds, work.toString());
            CGit.run(work, env, "lfs", "track", "*.bin");
            Files.write(work.resolve("a.bin"), a);
            Files.createDirectories(work.resolve("deep/dir"));
            Files.write(work.resolve("deep/dir/b.bin"), b);
            Files.write(work.resolve("same.bin"), a); // one object for two paths
            Files.writeString(work.resolve("plain.txt"), "not lfs\n");
            CGit.run(work, env, "add", "-A");
            CGit.run(work, env, "commit", "-q", "-m", "lfs files");
            CGit.run(work, env, "push", "-q", "origin", "HEAD:main");
            assertThat(lfsRequests(server)).anyMatch(r -> "upload".equals(r.command()));
            server.clearRequests();

            Path dir = tmp.resolve("clone");
            git.clone(url, CloneOptions.builder().directory(dir).depth(1).lfs(true).build());
            assertThat(Files.readAllBytes(dir.resolve("a.bin"))).isEqualTo(a);
            assertThat(Files.readAllBytes(dir.resolve("deep/dir/b.bin"))).isEqualTo(b);
            assertThat(Files.readAllBytes(dir.resolve("same.bin"))).isEqualTo(a);
            assertThat(dir.resolve(".git/gitsource-lfs")).doesNotExist();
            List<RecordedRequest> ours = server.requests();
            // what C git's own clone and git lfs pull leave: the same files
            Path reference = tmp.resolve("reference");
            CGit.run(tmp, Map.of("HOME", env.get("HOME"), "GIT_CONFIG_GLOBAL", env.get("GIT_CONFIG_GLOBAL"),
                    "GIT_LFS_SKIP_SMUDGE", "1"), "clone", "-q", withCreds, reference.toString());
            CGit.run(reference, env, "lfs", "pull");
            for (String p : List.of("a.bin", "deep/dir/b.bin", "same.bin", "plain.txt", ".gitattributes")) {
                assertThat(Files.readAllBytes(dir.resolve(p))).as(p).isEqualTo(Files.readAllBytes(reference.resolve(p)));
            }
            // the index holds the pointers; C git with git-lfs sees the copy clean
            assertThat(CGit.run(dir, env, "status", "--porcelain")).isEmpty();
            assertThat(CGit.run(dir, env, "lfs", "fsck", "--pointers")).doesNotContain("corrupt");
            assertThat(CGit.run(dir, env, "ls-files", "-s", "a.bin")).isEqualTo(
                    CGit.run(reference, env, "ls-files", "-s", "a.bin"));

            // the credentials reach the LFS server as they reach the Git server: basic, the same user
            List<RecordedRequest> lfs = ours.stream().filter(RecordedRequest::isLfs).toList();
            List<RecordedRequest> gitRequests = ours.stream().filter(r -> !r.isLfs()).toList();
            assertThat(lfs).extracting(RecordedRequest::command).contains("batch", "download");
            assertThat(gitRequests).isNotEmpty();
            assertThat(lfs).allSatisfy(r -> {
                assertThat(r.authScheme()).isEqualTo("Basic");
                assertThat(r.user()).isEqualTo("bot");
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.repository()).isEqualTo("org/app");
            });
            assertThat(gitRequests).allSatisfy(r -> {
                assertThat(r.authScheme()).isEqualTo("Basic");
                assertThat(r.user()).isEqualTo("bot");
            });
            assertThat(lfs.stream().filter(r -> "download".equals(r.command()))).hasSize(2); // a.bin and same.bin: one
        }
    }

    private static void seed(RepositoryFixture repo, byte[] a, byte[] b) {
        repo.file(".gitattributes", ATTRIBUTES).lfsFile("a.bin", a).lfsFile("docs/b.bin", b)
                .file("docs/readme.txt", "text\n").commit("lfs");
    }

    @Test
    void bearerTokenReachesTheLfsServerOverHttpsAsItReachesTheGitServer() throws IOException {
        byte[] a = random(10_000, 3);
        try (GitServer server = GitServer.builder().https().lfs().bearerToken("t0ken").start();
                GitSource git = GitSource.builder().credentials(GitCredentials.bearer("t0ken"))
                        .tls(TlsOptions.builder().caCertificatesPem(server.caCertificatePem()).build()).build()) {
            seed(server.repository("org/app"), a, a);
            Path dir = tmp.resolve("c");
            git.clone(server.httpsUrl("org/app"), CloneOptions.builder().directory(dir).lfs(true).build());
            assertThat(Files.readAllBytes(dir.resolve("docs/b.bin"))).isEqualTo(a);
            assertThat(server.requests()).isNotEmpty().allSatisfy(r -> {
                assertThat(r.authScheme()).isEqualTo("Bearer");
                assertThat(r.transport()).isEqualTo("https");
                assertThat(r.status()).isEqualTo(200);
            });
            assertThat(lfsRequests(server)).isNotEmpty();
        }
    }

    @Test
    void wrongTokenForTheLfsServerIsAnAuthenticationError() {
        try (GitServer server = GitServer.builder().http().lfs().bearerToken("t0ken").start();
                GitSource git = GitSource.builder().credentials(GitCredentials.bearer("t0ken"))
                        .allowCredentialsOverHttp(true).build()) {
            seed(server.repository("org/app"), random(100, 4), random(100, 5));
            server.acceptOnlyBearerToken("t0ken"); // still the same
            server.fault(Fault.httpStatus(401).onLfsBatch());
            Path dir = tmp.resolve("c");
            assertThatThrownBy(() -> git.clone(server.httpUrl("org/app"),
                    CloneOptions.builder().directory(dir).lfs(true).build()))
                    .isInstanceOf(AuthenticationException.class).hasMessageContaining("LFS")
                    .hasMessageNotContaining("t0ken");
            assertThat(dir).doesNotExist();
            assertThat(tmp).isEmptyDirectory();
        }
    }

    @Test
    void withoutLfsThePointersStay() throws IOException {
        byte[] a = random(5_000, 6);
        try (GitServer server = GitServer.builder().http().lfs().start(); GitSource git = GitSource.builder().build()) {
            seed(server.repository("org/app"), a, a);
            Path dir = tmp.resolve("c");
            git.clone(server.httpUrl("org/app"), CloneOptions.builder().directory(dir).build());
            assertThat(Files.readString(dir.resolve("a.bin"))).startsWith("version https://git-lfs.github.com/spec/v1\n")
                    .contains("size 5000");
            assertThat(lfsRequests(server)).isEmpty();
        }
    }

    @Test
    void corruptObjectIsRefusedAndNothingIsLeft() {
        try (GitServer server = GitServer.builder().http().lfs().start(); GitSource git = GitSource.builder().build()) {
            seed(server.repository("org/app"), random(200_000, 7), random(1_000, 8));
            server.fault(Fault.lfsCorruptObject());
            Path dir = tmp.resolve("c");
            assertThatThrownBy(() -> git.clone(server.httpUrl("org/app"),
                    CloneOptions.builder().directory(dir).lfs(true).build()))
                    .isInstanceOf(UnsafeContentException.class).hasMessageContaining("does not match its pointer");
            assertThat(tmp).isEmptyDirectory();
        }
    }

    @Test
    void missingObjectIsATypedErrorAndNothingIsLeft() {
        try (GitServer server = GitServer.builder().http().lfs().start(); GitSource git = GitSource.builder().build()) {
            seed(server.repository("org/app"), random(2_000, 9), random(1_000, 10));
            server.fault(Fault.lfsMissingObject());
            Path dir = tmp.resolve("c");
            assertThatThrownBy(() -> git.clone(server.httpUrl("org/app"),
                    CloneOptions.builder().directory(dir).lfs(true).build()))
                    .isInstanceOfSatisfying(LfsObjectNotFoundException.class,
                            e -> assertThat(e.path()).isIn("a.bin", "docs/b.bin"));
            assertThat(tmp).isEmptyDirectory();
        }
    }

    @Test
    void objectLargerThanMaxObjectBytesIsRefused() {
        try (GitServer server = GitServer.builder().http().lfs().start();
                GitSource git = GitSource.builder().maxObjectBytes(50_000).build()) {
            seed(server.repository("org/app"), random(60_000, 11), random(1_000, 12));
            Path dir = tmp.resolve("c");
            assertThatThrownBy(() -> git.clone(server.httpUrl("org/app"),
                    CloneOptions.builder().directory(dir).lfs(true).build()))
                    .isInstanceOf(dev.gitsource.SizeLimitExceededException.class).hasMessageContaining("a.bin");
            assertThat(tmp).isEmptyDirectory();
            assertThat(downloaded(server)).isEmpty();
        }
    }

    @Test
    void busyServerIsWaitedOutWithItsRetryAfter() throws IOException {
        byte[] a = random(3_000, 13);
        try (GitServer server = GitServer.builder().http().lfs().start();
                GitSource git = GitSource.builder().retry(RetryPolicy.attempts(3)).build()) {
            seed(server.repository("org/app"), a, a);
            server.fault(Fault.rateLimited(429, "1").onLfsDownload().times(1));
            Path dir = tmp.resolve("c");
            long start = System.nanoTime();
            git.clone(server.httpUrl("org/app"), CloneOptions.builder().directory(dir).lfs(true).build());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(Files.readAllBytes(dir.resolve("a.bin"))).isEqualTo(a);
            assertThat(lfsRequests(server)).anyMatch(r -> r.status() == 429);
        }
    }

    @Test
    void busyServerWithoutRetryPolicyIsARetryableTransportError() {
        try (GitServer server = GitServer.builder().http().lfs().start(); GitSource git = GitSource.builder().build()) {
            seed(server.repository("org/app"), random(100, 14), random(100, 15));
            server.fault(Fault.rateLimited(429, "1").onLfsBatch());
            Path dir = tmp.resolve("c");
            assertThatThrownBy(() -> git.clone(server.httpUrl("org/app"),
                    CloneOptions.builder().directory(dir).lfs(true).build()))
                    .isInstanceOfSatisfying(dev.gitsource.GitTransportException.class,
                            e -> assertThat(e.retryable()).isTrue());
            assertThat(tmp).isEmptyDirectory();
        }
    }

    @Test
    void sparsePathsDownloadOnlyTheObjectsInside() throws IOException {
        byte[] a = random(4_000, 16);
        byte[] b = random(4_000, 17);
        try (GitServer server = GitServer.builder().http().lfs().start(); GitSource git = GitSource.builder().build()) {
            seed(server.repository("org/app"), a, b);
            Path dir = tmp.resolve("c");
            git.clone(server.httpUrl("org/app"), CloneOptions.builder().directory(dir).lfs(true)
                    .sparsePaths(List.of("docs/")).build());
            assertThat(Files.readAllBytes(dir.resolve("docs/b.bin"))).isEqualTo(b);
            assertThat(dir.resolve("a.bin")).doesNotExist();
            String oidOfB = LfsObjects.sha256(b);
            assertThat(downloaded(server)).containsExactly(oidOfB);
        }
    }

    @Test
    void updateDownloadsOnlyTheNewObjects() throws IOException {
        Assumptions.assumeTrue(gitLfsInstalled(), "git-lfs is not installed: the clean check with C git skipped");
        byte[] a = random(4_000, 18);
        byte[] b = random(4_000, 19);
        byte[] c = random(4_000, 20);
        try (GitServer server = GitServer.builder().http().lfs().start(); GitSource git = GitSource.builder().build()) {
            RepositoryFixture repo = server.repository("org/app");
            seed(repo, a, b);
            Path dir = tmp.resolve("c");
            var copy = git.clone(server.httpUrl("org/app"), CloneOptions.builder().directory(dir).lfs(true).build())
                    .repository();
            repo.lfsFile("docs/b.bin", c).lfsFile("new.bin", c).commit("change b, add new");
            server.clearRequests();
            var u = copy.update(UpdateOptions.defaults()); // lfs as the copy was cloned
            assertThat(u.unchanged()).isFalse();
            assertThat(Files.readAllBytes(dir.resolve("docs/b.bin"))).isEqualTo(c);
            assertThat(Files.readAllBytes(dir.resolve("new.bin"))).isEqualTo(c);
            assertThat(Files.readAllBytes(dir.resolve("a.bin"))).isEqualTo(a);
            assertThat(downloaded(server)).containsExactly(LfsObjects.sha256(c));
            assertThat(dir.resolve(".git/gitsource-lfs")).doesNotExist();
            assertThat(CGit.run(dir, lfsHome(), "status", "--porcelain")).isEmpty();
            assertThat(copy.isClean()).isTrue();
        }
    }

    @Test
    void lfsConfigNamesAnotherServerWhichGetsNoCredentials() throws IOException {
        byte[] a = random(1_000, 21);
        try (GitServer lfsHost = GitServer.builder().http().lfs().start();
                GitServer server = GitServer.builder().http().basicAuth("bot", "s3cret").start();
                GitSource git = GitSource.builder().credentials(GitCredentials.basic("bot", "s3cret"))
                        .allowCredentialsOverHttp(true).build()) {
            lfsHost.repository("store/objects").lfsFile("x.bin", a).commit("objects only");
            server.repository("org/app").file(".gitattributes", ATTRIBUTES)
                    .file(".lfsconfig", "[lfs]\n\turl = " + lfsHost.httpUrl("store/objects") + "/info/lfs\n")
                    .file("a.bin", LfsObjects.pointer(a)).commit("pointer");
            Path dir = tmp.resolve("c");
            git.clone(server.httpUrl("org/app"), CloneOptions.builder().directory(dir).lfs(true).build());
            assertThat(Files.readAllBytes(dir.resolve("a.bin"))).isEqualTo(a);
            assertThat(lfsRequests(lfsHost)).isNotEmpty().allSatisfy(r -> assertThat(r.authScheme()).isNull());
        }
    }

    @Test
    void sshRemoteGetsItsLfsEndpointAndTokenFromGitLfsAuthenticate() throws Exception {
        Path key = Files.createDirectories(tmp.resolve("keys")).resolve("id");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start();
        assertThat(keygen.waitFor()).isZero();
        byte[] a = random(20_000, 22);
        try (GitServer server = GitServer.builder().ssh().http().lfs().basicAuth("nobody", "unused")
                .sshPublicKey(Files.readString(tmp.resolve("keys/id.pub"))).start()) {
            seed(server.repository("org/app"), a, a);
            URI url = server.sshUrl("org/app");
            Path dir = tmp.resolve("c");
            try (GitSource git = GitSource.builder()
                    .credentials(GitCredentials.sshKey(url.getUserInfo(), Files.readString(key), null))
                    .knownHosts(dev.gitsource.KnownHosts.parse(server.knownHostsLine())).build()) {
                git.clone(url, CloneOptions.builder().directory(dir).lfs(true).build());
            }
            assertThat(Files.readAllBytes(dir.resolve("a.bin"))).isEqualTo(a);
            // the LFS API accepted only the token git-lfs-authenticate issued over SSH to that user
            assertThat(lfsRequests(server)).isNotEmpty().allSatisfy(r -> {
                assertThat(r.authScheme()).isEqualTo("RemoteAuth");
                assertThat(r.user()).isEqualTo(url.getUserInfo());
                assertThat(r.status()).isEqualTo(200);
            });
        }
    }
}
