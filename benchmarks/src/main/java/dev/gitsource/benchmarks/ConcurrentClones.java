package dev.gitsource.benchmarks;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * throughput gain is the first time divided by the second.
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

    @Benchmark
    public int eightClones(FreshTarget batch) throws Exception {
        List<Future<String>> clones = new ArrayList<>();
        for (int i = 0; i < CLONES; i++) {
            Path target = batch.dir().resolve("c" + i);
            clones.add(pool.submit(() -> gitsource.clone(url, CloneOptions.builder()
                    .target(CheckoutTarget.branch("main")).depth(1).directory(target).build()).revision()));
        }
        for (Future<String> f : clones) {
            f.get();
        }
        return clones.size();
    }
}
