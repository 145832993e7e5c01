package dev.gitsource.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.testkit.GitServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A crowd of clones: each invocation starts {@code parallel} shallow clones at once and ends
 * when the last is done, through one {@code GitSource} ({@code gitsource}) or as that many
 * {@code git clone --depth 1} processes ({@code cgit}), from a C git daemon that runs as a
 * process of its own (so its CPU is neither side's). Beside the wall time, the counter
 * {@code cpuMsPerCloneSum} is the client's CPU (user and system) per clone, added up over the
 * measured invocations (divide by {@code Cnt}): for gitsource the benchmark JVM's process CPU
 * (its JIT and GC threads included), for C git the reaped children's ({@code cutime} and
 * {@code cstime} of {@code /proc/self/stat}: the clones and the index-pack each runs).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ConcurrentClones -wi 1 -i 3 -f 1
 * -rf json -rff benchmarks/target/jmh-concurrent.json}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ConcurrentClones {
    @Param({"SMALL", "MEDIUM"})
    public String shape;

    @Param({"1", "2", "4", "8"})
    public int parallel;

    Process daemon;
    URI url;
    GitSource gitsource;
    ExecutorService pool;

    @Setup(Level.Trial)
    public void start() throws Exception {
        Path root = seeded(Shapes.valueOf(shape));
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        daemon = new ProcessBuilder("git", "daemon", "--export-all", "--reuseaddr", "--base-path=" + root,
                "--listen=127.0.0.1", "--port=" + port, root.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        awaitListening(port);
        url = URI.create("git://127.0.0.1:" + port + "/repo.git");
        gitsource = GitSource.builder().build();
        pool = Executors.newFixedThreadPool(parallel);
    }

    /** The shape's bare repository, seeded once per machine (trials of one shape share it). */
    private static Path seeded(Shapes shape) throws Exception {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "gitsource-bench-concurrent-" + shape.name().toLowerCase(Locale.ROOT));
        if (!Files.exists(root.resolve("repo.git/gitsource-seeded"))) {
            FreshTarget.deleteTree(root);
            try (GitServer server = GitServer.builder().root(root).http().start()) {
                shape.seed(server.repository("repo"));
            }
            GitServerGc.gc(root.resolve("repo.git"));
            Files.writeString(root.resolve("repo.git/gitsource-seeded"), shape.name());
        }
        return root;
    }

    private static void awaitListening(int port) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(20); // polling a port: there is no condition to wait on
            }
        }
        throw new IllegalStateException("git daemon is not listening on " + port);
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        pool.shutdownNow();
        gitsource.close();
        daemon.destroy();
        daemon.waitFor();
    }

    /** The client's CPU per clone, over an iteration's invocations. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        public double cpuMsPerCloneSum;

        @Setup(Level.Iteration)
        public void reset() {
            cpuMsPerCloneSum = 0;
        }
    }

    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** CPU of this JVM, in ms. */
    static double processCpuMs() {
        return OS.getProcessCpuTime() / 1e6;
    }

    /** User and system CPU of this process's reaped children, in ms (clock ticks of 10 ms). */
    static double childrenCpuMs() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
        // the fields after the command name, which is in parentheses and may hold spaces: state is field 3
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long ticks = Long.parseLong(f[16 - 3]) + Long.parseLong(f[17 - 3]);
        return ticks * 10.0;
    }

    @Benchmark
    public int gitsource(FreshTarget batch, Cpu cpu) throws Exception {
        double start = processCpuMs();
        List<Future<String>> clones = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            Path target = batch.dir().resolve("c" + i);
            clones.add(pool.submit(() -> gitsource.clone(url, CloneOptions.builder()
                    .target(CheckoutTarget.branch("main")).depth(1).directory(target).build()).revision()));
        }
        for (Future<String> f : clones) {
            f.get();
        }
        cpu.cpuMsPerCloneSum += (processCpuMs() - start) / parallel;
        return clones.size();
    }

    @Benchmark
    public int cgit(FreshTarget batch, Cpu cpu) throws Exception {
        double start = childrenCpuMs();
        List<Process> clones = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            clones.add(Processes.start(null, null, Map.of(), "clone", "-q", "--depth", "1", "-b", "main",
                    url.toString(), batch.dir().resolve("c" + i).toString()));
        }
        for (Process p : clones) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("git clone failed: " + out);
            }
        }
        cpu.cpuMsPerCloneSum += (childrenCpuMs() - start) / parallel;
        return clones.size();
    }
}
