package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gitsource.AuthenticationException;
import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.DeadlineExceededException;
import dev.gitsource.GitSource;
import dev.gitsource.GitSourceException;
import dev.gitsource.GitTransportException;
import dev.gitsource.KnownHosts;
import dev.gitsource.SizeLimitExceededException;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.testkit.CraftedPacks;
import dev.gitsource.testkit.Fault;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.GitServer.Backend;
import dev.gitsource.testkit.RecordedRequest;
import dev.gitsource.testkit.junit.BackendAssumptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fault, against both backends: the right typed error (retryable or not), within the
 * deadline, no directory left, no thread or file descriptor leaked, and the next clone works.
 */
class FaultMatrixTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(6);
    private static final Map<Backend, GitServer> SERVERS = new EnumMap<>(Backend.class);
    private static final Map<Backend, Long> FETCH_BYTES = new EnumMap<>(Backend.class);
    private static GitSource git;
    private static Resources baseline;
    @TempDir Path tmp;
    @TempDir static Path warm;

    /** A fault, and what the client must make of it (retryable null: not a transport error). */
    record Case(String name, Function<Long, Fault> fault, Class<? extends GitSourceException> type, Boolean retryable) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        git = GitSource.builder().timeout(TIMEOUT).build();
        for (Backend b : Backend.values()) {
            if (b == Backend.C_GIT && !GitServer.isCGitAvailable()) {
                continue;
            }
            GitServer server = GitServer.builder().http().backend(b).start();
            server.repository("org/app").largeFile("big.bin", 1_000_000).file("a.txt", "a\n").commit("one");
            SERVERS.put(b, server);
            // Learn the size of the fetch response, so drops can land at a fraction of the pack.
            git.clone(server.httpUrl("org/app"), options(warm.resolve(b.name()))).repository().close();
            FETCH_BYTES.put(b, server.awaitRequest(RecordedRequest::isFetch, Duration.ofSeconds(5)).bytesSent());
        }
        baseline = Resources.now();
    }

    /** Once for the whole matrix: a leak in any case adds up to more than the baseline. */
    @AfterAll
    static void nothingLeaked() throws Exception {
        try {
            Resources.awaitBackTo(baseline);
        } finally {
            SERVERS.values().forEach(GitServer::close);
            git.close();
        }
    }

    static Stream<Arguments> cases() {
        List<Case> cases = new ArrayList<>();
        for (int percent : new int[] {0, 10, 50, 90}) {
            cases.add(new Case("drop at " + percent + "% of the pack",
                    size -> Fault.dropAfterBytes(size * percent / 100).onFetch().times(1), GitTransportException.class, true));
        }
        for (int status : new int[] {500, 502, 503, 429}) {
            cases.add(new Case("HTTP " + status, size -> Fault.httpStatus(status).times(1), GitTransportException.class, true));
        }
        cases.add(new Case("bad pack checksum", size -> Fault.rewritePack(CraftedPacks::withBadChecksum).times(1),
                GitTransportException.class, true));
        cases.add(new Case("corrupt object data", size -> Fault.rewritePack(CraftedPacks::withCorruptObject).times(1),
                GitTransportException.class, true));
        cases.add(new Case("pack cut in half", size -> Fault.rewritePack(p -> CraftedPacks.truncated(p, 0.5)).times(1),
                GitTransportException.class, true));
        cases.add(new Case("missing delta base", size -> Fault.rewritePack(p -> CraftedPacks.missingDeltaBase()).times(1),
                GitTransportException.class, true));
        cases.add(new Case("another object than wanted", size -> Fault.rewritePack(p -> CraftedPacks.unrelatedBlob())
                .times(1), GitTransportException.class, true));
        cases.add(new Case("a delta chain 5,000 deep", size -> Fault.rewritePack(p -> CraftedPacks.deepDeltaChain(5_000))
                .times(1), GitTransportException.class, true));
        cases.add(new Case("an object declaring 4 GiB", size -> Fault.rewritePack(p -> CraftedPacks.declaringObjectSize(4L << 30))
                .times(1), SizeLimitExceededException.class, null));
        cases.add(new Case("a delta inflating to 4 GiB", size -> Fault.rewritePack(p -> CraftedPacks.deltaBomb(4L << 30))
                .times(1), SizeLimitExceededException.class, null));
        // Every backend, installed or not: a missing one's cases are reported as skipped.
        return Stream.of(Backend.values()).flatMap(b -> cases.stream().map(c -> Arguments.of(b, c)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void eachFaultIsTypedTimelyCleanAndLeakFree(Backend backend, Case c) throws Exception {
        BackendAssumptions.assumeAvailable(backend);
        GitServer server = SERVERS.get(backend);
        URI url = server.httpUrl("org/app");
        server.fault(c.fault.apply(FETCH_BYTES.get(backend)));
        long start = System.nanoTime();
        Throwable thrown = catchThrowable(() -> git.clone(url, options(tmp.resolve("failed"))));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        server.clearFaults();

        assertThat(thrown).as(c.name).isInstanceOf(c.type);
        if (c.retryable != null) {
            assertThat(((GitTransportException) thrown).retryable()).as("retryable").isEqualTo(c.retryable);
        }
        assertThat(thrown.getMessage()).contains("127.0.0.1");
        assertThat(took).isLessThan(TIMEOUT.plusSeconds(2));
        assertNothingLeft(tmp, "failed");

        git.clone(url, options(tmp.resolve("after"))).repository().close();
        assertThat(tmp.resolve("after/big.bin")).hasSize(1_000_000);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aStallIsCutAtTheDeadlineAndReleasesEverything(Backend backend) throws Exception {
        BackendAssumptions.assumeAvailable(backend);
        Resources before = Resources.now();
        try (GitServer server = GitServer.builder().http().backend(backend).start()) {
            server.repository("org/app").file("a.txt", "a\n").commit("one");
            server.fault(Fault.stall().onFetch().times(1));
            try (GitSource quick = GitSource.builder().timeout(Duration.ofSeconds(2)).build()) {
                long start = System.nanoTime();
                Throwable thrown = catchThrowable(() -> quick.clone(server.httpUrl("org/app"), options(tmp.resolve("s"))));
                assertThat(thrown).isInstanceOf(DeadlineExceededException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
                assertNothingLeft(tmp, "s");
                quick.clone(server.httpUrl("org/app"), options(tmp.resolve("ok"))).repository().close();
            }
        }
        Resources.awaitBackTo(before);
    }

    @Test
    void tlsHandshakeFailureSshAuthRefusalSshDropAndUnknownHostAreTypedAndLeakFree() throws Exception {
        Path key = tmp.resolve("id");
        assertThat(new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start()
                .waitFor()).isZero();
        Resources before = Resources.now();
        try (GitServer server = GitServer.builder().https().ssh().sshPublicKey(Files.readString(tmp.resolve("id.pub")))
                .start()) {
            server.repository("org/app").file("a.txt", "a\n").commit("one");
            GitCredentials ssh = GitCredentials.sshKey(server.sshUrl("org/app").getUserInfo(), Files.readString(key), null);
            try (GitSource noCa = GitSource.builder().timeout(TIMEOUT).build();
                    GitSource sshClient = GitSource.builder().timeout(TIMEOUT).credentials(ssh)
                            .knownHosts(KnownHosts.parse(server.knownHostsLine())).build()) {
                assertThat(catchThrowable(() -> noCa.clone(server.httpsUrl("org/app"), options(tmp.resolve("tls")))))
                        .isInstanceOf(AuthenticationException.class).hasMessageContaining("127.0.0.1");
                assertNothingLeft(tmp, "tls");

                server.fault(Fault.refuseSshAuth().times(1));
                assertThat(catchThrowable(() -> sshClient.clone(server.sshUrl("org/app"), options(tmp.resolve("auth")))))
                        .isInstanceOf(AuthenticationException.class).hasMessageContaining("127.0.0.1");
                assertNothingLeft(tmp, "auth");
                server.clearFaults();

                server.fault(Fault.dropSshDuringAuth().times(1));
                assertThat(catchThrowable(() -> sshClient.clone(server.sshUrl("org/app"), options(tmp.resolve("drop")))))
                        .isInstanceOfSatisfying(GitTransportException.class, e -> assertThat(e.retryable()).isTrue())
                        .hasMessageContaining("127.0.0.1");
                assertNothingLeft(tmp, "drop");
                server.clearFaults();

                // gitsource.invalid is in no hosts file and this JVM resolves names from a file only (see the pom)
                assertThat(catchThrowable(() -> noCa.clone(URI.create("https://gitsource.invalid/org/app.git"),
                        options(tmp.resolve("dns")))))
                        .isInstanceOfSatisfying(GitTransportException.class, e -> assertThat(e.retryable()).isTrue())
                        .hasMessageContaining("gitsource.invalid");
                assertNothingLeft(tmp, "dns");

                sshClient.clone(server.sshUrl("org/app"), options(tmp.resolve("ok"))).repository().close();
                assertThat(tmp.resolve("ok/a.txt")).hasContent("a");
            }
        }
        Resources.awaitBackTo(before);
    }

    private static CloneOptions options(Path dir) {
        return CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1).directory(dir).build();
    }

    static void assertNothingLeft(Path parent, String dir) throws IOException {
        assertThat(parent.resolve(dir)).doesNotExist();
        try (Stream<Path> s = Files.list(parent)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".gitsource-"))).isEmpty();
        }
    }

    /** Live threads and open file descriptors of this process (what each descriptor points at, for the report). */
    record Resources(List<String> threads, List<String> fds) {
        static Resources now() throws IOException {
            List<String> fds = new ArrayList<>();
            try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
                for (Path fd : s.toList()) {
                    try {
                        fds.add(describe(Files.readSymbolicLink(fd).toString()));
                    } catch (IOException e) {
                        // closed while listing
                    }
                }
            }
            // the test kit's server threads and its CGI processes' reapers come and go; only the client's count
            return new Resources(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(n -> !n.startsWith("gitserver-") && !n.equals("process reaper")).toList(), fds);
        }

        /** Connections and threads close shortly after a clone returns (keep-alive, pools): wait for them. */
        static void awaitBackTo(Resources before) throws Exception {
            Resources now = now();
            // the JDK closes an idle keep-alive connection 5 to 10 s after its last use (it sweeps
            // every 5 s), later on a loaded machine: 10 s of waiting was sometimes too short
            // A socket whose connection JGit dropped without reading to its end is closed by the JDK's
            // cleaner once unreachable: a GC now and then lets that happen within the wait (faster
            // clones leave less time for a GC to come by itself).
            long start = System.nanoTime();
            for (long end = start + Duration.ofSeconds(20).toNanos(), gcs = 0; now.above(before)
                    && System.nanoTime() < end; now = now()) {
                if ((System.nanoTime() - start) / 2_000_000_000L > gcs) {
                    gcs++;
                    System.gc();
                }
                Thread.sleep(50);
            }
            assertThat(now.threads.size()).as("threads, new: %s", added(before.threads, now.threads))
                    .isLessThanOrEqualTo(before.threads.size());
            assertThat(now.fds.size()).as("file descriptors, new: %s", added(before.fds, now.fds))
                    .isLessThanOrEqualTo(before.fds.size());
        }

        /** A socket's ports and TCP state (from /proc/net/tcp), so a leak report says which connection. */
        private static String describe(String link) throws IOException {
            if (!link.startsWith("socket:[")) {
                return link;
            }
            String inode = link.substring(8, link.length() - 1);
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[9].equals(inode)) {
                        return "tcp " + port(f[1]) + "->" + port(f[2]) + " state " + f[3];
                    }
                }
            }
            return link;
        }

        private static int port(String hexAddress) {
            return Integer.parseInt(hexAddress.substring(hexAddress.indexOf(':') + 1), 16);
        }

        private static List<String> added(List<String> before, List<String> now) {
            List<String> added = new ArrayList<>(now);
            before.forEach(added::remove);
            return added;
        }

        private boolean above(Resources before) {
            return threads.size() > before.threads.size() || fds.size() > before.fds.size();
        }
    }
}
