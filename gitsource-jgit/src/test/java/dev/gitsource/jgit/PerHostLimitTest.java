package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.DeadlineExceededException;
import dev.gitsource.GitEventListener;
import dev.gitsource.GitSource;
import dev.gitsource.RepositoryNotFoundException;
import dev.gitsource.testkit.Fault;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.RepositoryFixture;
import dev.gitsource.testkit.junit.StartStop;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** maxConcurrentPerHost: operations on one host wait for a permit, inside their deadline. */
class PerHostLimitTest {
    @StartStop GitServer server = GitServer.builder().http().build();
    @TempDir Path tmp;
    private URI url;

    @BeforeEach
    void repository() {
        server.repository("org/app").file("a.txt", "1").commit("one");
        url = server.httpUrl("org/app");
    }

    private CloneOptions.Builder clone(String dir) {
        return CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1).directory(tmp.resolve(dir));
    }

    @Test
    void sixOperationsAtOnceWithALimitOfTwoHaveNoMoreThanTwoInFlightAndAllFinish() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Fault hold = Fault.hold(release);
        server.fault(hold);
        CountDownLatch started = new CountDownLatch(6);
        GitEventListener counting = new GitEventListener() {
            @Override
            public void cloneStarted(URI remote, CheckoutTarget target) {
                started.countDown();
            }

            @Override
            public void lsRemoteStarted(URI remote) {
                started.countDown();
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try (GitSource git = GitSource.builder().maxConcurrentPerHost(2).listener(counting)
                .timeout(Duration.ofSeconds(60)).build()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String dir = "c" + i;
                done.add(pool.submit(() -> git.clone(url, clone(dir).build()).repository().close()));
            }
            done.add(pool.submit(() -> git.lsRemote(url, "refs/heads/")));
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            hold.awaitHeld(2, Duration.ofSeconds(30));
            // Every operation has started: a third request at the server within half a second is a failure.
            assertThatThrownBy(() -> hold.awaitHeld(3, Duration.ofMillis(500))).isInstanceOf(AssertionError.class);
            assertThat(hold.held()).isEqualTo(2);
            assertThat(hold.mostHeld()).isEqualTo(2);
            // after the release requests are counted until the servlet returns, which can be after the
            // client has sent its next request: only the held phase shows what the limit lets through
            release.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            for (int i = 0; i < 5; i++) {
                assertThat(tmp.resolve("c" + i + "/a.txt")).hasContent("1");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWaitForAPermitPastTheDeadlineIsADeadlineExceededAndEveryPathReleasesItsPermit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Fault hold = Fault.hold(release).times(1);
        server.fault(hold);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (GitSource git = GitSource.builder().maxConcurrentPerHost(1).timeout(Duration.ofSeconds(60)).build()) {
            Future<?> first = pool.submit(() -> git.clone(url, clone("first").build()).repository().close());
            hold.awaitHeld(1, Duration.ofSeconds(30));

            long start = System.nanoTime();
            assertThatThrownBy(() -> git.clone(url, clone("waiting").timeout(Duration.ofSeconds(1)).build()))
                    .isInstanceOf(DeadlineExceededException.class)
                    .hasMessageContaining("maxConcurrentPerHost");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(1),
                    Duration.ofSeconds(5));
            assertThat(tmp.resolve("waiting")).doesNotExist();
            assertThat(hold.mostHeld()).isEqualTo(1);

            release.countDown();
            first.get(60, TimeUnit.SECONDS);
            // a failure releases its permit as a success does: with a limit of 1 the next ones still run
            assertThatThrownBy(() -> git.clone(server.httpUrl("org/missing"), clone("missing").build()))
                    .isInstanceOf(RepositoryNotFoundException.class);
            git.clone(url, clone("after").timeout(Duration.ofSeconds(10)).build()).repository().close();
            assertThat(git.lsRemote(url, "refs/heads/main").refs()).containsKey("refs/heads/main");
        } finally {
            pool.shutdownNow();
        }
    }
    @Test
    void aSubmoduleOnTheSameHostRunsUnderItsSuperprojectsPermit() throws Exception {
        RepositoryFixture lib = server.repository("org/lib");
        lib.file("lib.txt", "lib").commit("lib");
        server.repository("org/app").submodule("deps/lib", lib).commit("with lib");
        // with one permit, a submodule that waited for a second one would wait out the deadline
        try (GitSource git = GitSource.builder().maxConcurrentPerHost(1).timeout(Duration.ofSeconds(20)).build()) {
            git.clone(url, clone("app").submodules(true).build()).repository().close();
        }
        assertThat(Files.readString(tmp.resolve("app/deps/lib/lib.txt"))).isEqualTo("lib");
    }
}
