package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.AuthenticationException;
import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.CloneResult;
import dev.gitsource.CloneStats;
import dev.gitsource.DeadlineExceededException;
import dev.gitsource.GitEventListener;
import dev.gitsource.GitSource;
import dev.gitsource.GitSourceException;
import dev.gitsource.GitTransportException;
import dev.gitsource.RemoteRefs;
import dev.gitsource.auth.GitCredentials;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.util.FS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deadline, scheme rules, isolation from the user's configuration, events and ls-remote. */
class ClientBehaviourTest {
    @TempDir Path tmp;

    private Path seed() {
        Path work = tmp.resolve("seed");
        CGit.run(tmp, "init", "-q", "-b", "main", work.toString());
        CGit.write(work.resolve("a.txt"), "a\n");
        CGit.run(work, "add", "-A");
        CGit.run(work, "commit", "-q", "-m", "one");
        CGit.run(work, "tag", "v1.0.0");
        return work;
    }

    /**
     * Clones from a server that accepts connections and never says a word, under a 2 s deadline,
     * and checks the clone fails with the deadline, in time, leaving nothing.
     */
    private void assertStallEndsAtTheDeadline(String scheme, GitSource.Builder client, Duration within) throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(server.accept()); // read nothing, answer nothing
                    }
                } catch (Exception ignored) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Path target = tmp.resolve("stalled");
            long start = System.nanoTime();
            try (GitSource git = client.timeout(Duration.ofSeconds(2)).build()) {
                assertThatThrownBy(() -> git.clone(URI.create(scheme + "://" + (scheme.equals("ssh") ? "git@" : "") + "127.0.0.1:" + server.getLocalPort()
                        + "/r.git"), CloneOptions.builder().directory(target).build()))
                        .isInstanceOf(DeadlineExceededException.class).hasMessageContaining("127.0.0.1");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(within);
            assertThat(Thread.currentThread().isInterrupted()).as("the deadline's interrupt is not left behind").isFalse();
            assertThat(target).doesNotExist();
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aServerThatStallsForeverHitsTheWallClockDeadline() throws Exception {
        assertStallEndsAtTheDeadline("http", GitSource.builder(), Duration.ofSeconds(10));
    }

    @Test
    void anSshServerThatStallsBeforeItsGreetingHitsTheDeadline() throws Exception {
        // no SSH identification string, ever: MINA's own wait is two minutes
        assertStallEndsAtTheDeadline("ssh", GitSource.builder().knownHosts(dev.gitsource.KnownHosts.parse("")),
                Duration.ofSeconds(6));
    }

    @Test
    void schemesAndPlainHttpCredentialsAreRefusedUnlessAllowed() {
        Path work = seed();
        try (GitSource git = GitSource.builder().build()) {
            assertThatThrownBy(() -> git.clone(work.toUri(), CloneOptions.builder().directory(tmp.resolve("x")).build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("file");
            assertThatThrownBy(() -> git.lsRemote(URI.create("ext::sh -c touch% /tmp/pwned")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        try (GitSource git = GitSource.builder().credentials(GitCredentials.basic("u", "secret-pw")).build()) {
            assertThatThrownBy(() -> git.lsRemote(URI.create("http://127.0.0.1:9/r.git")))
                    .isInstanceOf(AuthenticationException.class).hasMessageContaining("plain http")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-pw"));
        }
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void connectionRefusedIsARetryableTransportErrorWithoutSecrets() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (GitSource git = GitSource.builder().build()) {
            URI remote = URI.create("https://user:tok3n-secret@127.0.0.1:" + port + "/org/app.git");
            assertThatThrownBy(() -> git.clone(remote, CloneOptions.builder().directory(tmp.resolve("r")).build()))
                    .isInstanceOfSatisfying(GitTransportException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.getMessage()).contains("127.0.0.1").doesNotContain("tok3n-secret");
                    });
        }
    }

    @Test
    void retryableErrorsAreRetriedOnlyWhenAsked() throws Exception {
        java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        try (Socket s = server.accept()) {
                            connections.incrementAndGet();
                            s.getOutputStream().write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        }
                    }
                } catch (Exception ignored) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            URI remote = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/r.git");
            try (GitSource git = GitSource.builder().build()) {
                assertThatThrownBy(() -> git.lsRemote(remote)).isInstanceOfSatisfying(GitTransportException.class,
                        e -> assertThat(e.retryable()).isTrue());
            }
            int once = connections.getAndSet(0);
            try (GitSource git = GitSource.builder().retry(new dev.gitsource.RetryPolicy(3, Duration.ofMillis(10),
                    Duration.ofMillis(50))).build()) {
                assertThatThrownBy(() -> git.lsRemote(remote)).isInstanceOf(GitTransportException.class);
            }
            assertThat(connections.get()).isEqualTo(3 * once);
        }
    }

    @Test
    void userAndSystemGitConfigAreNotRead() throws Exception {
        Path work = seed();
        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        // Would redirect every clone of the seed to a path that does not exist, and mangle line endings.
        Files.writeString(home.resolve(".gitconfig"), "[url \"file:///nonexistent/\"]\n\tinsteadOf = "
                + work.toUri() + "\n[core]\n\tautocrlf = true\n");
        File before = FS.DETECTED.userHome();
        FS.DETECTED.setUserHome(home.toFile());
        try (GitSource git = GitSource.builder().allowSchemes("file").build()) {
            CloneResult r = git.clone(work.toUri(), CloneOptions.builder().target(CheckoutTarget.branch("main"))
                    .directory(tmp.resolve("c")).build());
            assertThat(Files.readString(tmp.resolve("c/a.txt"))).isEqualTo("a\n");
            r.repository().close();
        } finally {
            FS.DETECTED.setUserHome(before);
        }
        try (var s = Files.list(home)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly(".gitconfig");
        }
    }

    @Test
    void listenerSeesStartAndEndWithStats() {
        Path work = seed();
        List<String> events = new ArrayList<>();
        List<CloneStats> stats = new ArrayList<>();
        List<String> checkout = new ArrayList<>();
        GitEventListener listener = new GitEventListener() {
            @Override
            public void progress(String phase, long done, long total) {
                if (phase.equals("checking out files")) {
                    checkout.add(done + "/" + total);
                }
            }

            @Override
            public void cloneStarted(URI remote, CheckoutTarget target) {
                events.add("start " + target);
            }

            @Override
            public void cloneFinished(URI remote, CloneResult result, CloneStats s) {
                events.add("end " + result.unchanged());
                stats.add(s);
            }

            @Override
            public void cloneFailed(URI remote, GitSourceException error, CloneStats s) {
                events.add("failed " + error.getClass().getSimpleName());
            }
        };
        try (GitSource git = GitSource.builder().allowSchemes("file").listener(listener).build()) {
            git.clone(work.toUri(), CloneOptions.builder().directory(tmp.resolve("l")).build()).repository().close();
            assertThatThrownBy(() -> git.clone(work.toUri(), CloneOptions.builder()
                    .target(CheckoutTarget.branch("nope")).directory(tmp.resolve("l2")).build()));
        }
        assertThat(events).containsExactly("start Head[]", "end false", "start Branch[name=nope]",
                "failed RefNotFoundException");
        assertThat(stats.get(0).filesWritten()).isEqualTo(1);
        assertThat(checkout).as("the checkout's progress knows its total").containsExactly("0/1", "1/1");
        assertThat(stats.get(0).bytesReceived()).isPositive();
        assertThat(stats.get(0).phases()).containsKeys("ls-refs", "fetch", "checkout");
    }

    @Test
    void lsRemoteWithPrefixes() {
        Path work = seed();
        try (GitSource git = GitSource.builder().allowSchemes("file").build()) {
            RemoteRefs all = git.lsRemote(work.toUri());
            assertThat(all.refs()).containsKeys("refs/heads/main", "refs/tags/v1.0.0");
            assertThat(all.headIfAny()).contains("refs/heads/main");
            RemoteRefs tags = git.lsRemote(work.toUri(), "refs/tags/");
            assertThat(tags.refs()).containsOnlyKeys("refs/tags/v1.0.0");
        }
    }
}
