package dev.gitsource.benchmarks;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * Throughput of one {@code GitSource} under concurrency: each invocation is 8 shallow clones,
 * run one after another ({@code parallel=1}) or all at once ({@code parallel=8}). The
 * throughput gain is the first time divided by the second. The counter {@code cpuMsSum} is the
 * benchmark JVM's CPU time (user and system) over the measured invocations: divided by the
 * score's sum it gives the cores in use, which bounds the gain (C git's server processes add a
 * little more, not counted).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ConcurrentClones}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ConcurrentClones {
    static final int CLONES = 8;

    @Param({"SMALL"})
    public String shape;

    @Param({"1", "8"})
    public int parallel;

    @Param({"HTTP_CGIT"})
    public ShallowClone.Transport transport;

    Fixture fixture;
    URI url;
    GitSource gitsource;
    ExecutorService pool;

    @Setup(Level.Trial)
    public void start() throws Exception {
        fixture = Fixture.start(Shapes.valueOf(shape));
        url = fixture.url(transport);
        gitsource = GitSource.builder().build();
        pool = Executors.newFixedThreadPool(parallel);
    }

    @TearDown(Level.Trial)
    public void stop() {
        pool.shutdownNow();
        gitsource.close();
        fixture.close();
    }

    /** The JVM's CPU time over an iteration's invocations. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        private static final OperatingSystemMXBean OS =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        public double cpuMsSum;

        @Setup(Level.Iteration)
        public void reset() {
            cpuMsSum = 0;
        }

        static long now() {
            return OS.getProcessCpuTime();
        }
    }

    @Benchmark
    public int eightClones(FreshTarget batch, Cpu cpu) throws Exception {
        long cpuStart = Cpu.now();
        List<Future<String>> clones = new ArrayList<>();
        for (int i = 0; i < CLONES; i++) {
            Path target = batch.dir().resolve("c" + i);
            clones.add(pool.submit(() -> gitsource.clone(url, CloneOptions.builder()
                    .target(CheckoutTarget.branch("main")).depth(1).directory(target).build()).revision()));
        }
        for (Future<String> f : clones) {
            f.get();
        }
        cpu.cpuMsSum += (Cpu.now() - cpuStart) / 1e6;
        return clones.size();
    }
}
