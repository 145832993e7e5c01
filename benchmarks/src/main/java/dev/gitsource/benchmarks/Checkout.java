package dev.gitsource.benchmarks;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.CloneResult;
import dev.gitsource.CloneStats;
import dev.gitsource.GitEventListener;
import dev.gitsource.GitSource;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
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
 * A shallow clone from a local bare repository ({@code file://}, no network), three ways:
 * gitsource, plain JGit ({@code Git.cloneRepository().setDepth(1)}) and C git
 * ({@code git clone --depth 1}). Without a server, the clone is mostly pack transfer and
 * checkout; gitsource's own checkout time, from {@link CloneStats#phases()}, is reported
 * beside its score as {@code checkoutMsSum} (and {@code fetchMsSum}). JMH adds such counters
 * up over the measured iterations, one clone each: divide the table's value by its
 * {@code Cnt}; the per-iteration lines (and the JSON's {@code rawData}) give each clone's.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar Checkout -p shape=MEDIUM}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class Checkout {
    @Param({"SMALL", "MEDIUM", "LARGE"})
    public String shape;

    LocalPack pack;
    URI url;
    GitSource gitsource;
    // the listener runs on the cloning thread, and one thread clones at a time
    volatile CloneStats lastStats;

    /** gitsource's phase times of the iteration's clones (single-shot: one clone per iteration). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Phases {
        public double fetchMsSum;
        public double checkoutMsSum;

        @Setup(Level.Iteration)
        public void reset() {
            fetchMsSum = 0;
            checkoutMsSum = 0;
        }

        void add(CloneStats stats) {
            fetchMsSum += millis(stats.phases().get("fetch"));
            checkoutMsSum += millis(stats.phases().get("checkout"));
        }

        private static double millis(Duration d) {
            return d == null ? 0 : d.toNanos() / 1e6;
        }
    }

    @Setup(Level.Trial)
    public void seed() throws Exception {
        pack = LocalPack.seed(shape);
        url = pack.url();
        gitsource = GitSource.builder().allowSchemes("file").listener(new GitEventListener() {
            @Override
            public void cloneFinished(URI remote, CloneResult result, CloneStats stats) {
                lastStats = stats;
            }
        }).build();
        System.out.println("\n# local clone of " + shape + " from " + url);
    }

    @TearDown(Level.Trial)
    public void stop() {
        gitsource.close();
        pack.close();
    }

    @Benchmark
    public String gitsource(FreshTarget target, Phases phases) {
        CloneResult r = gitsource.clone(url, CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1)
                .directory(target.dir()).build());
        r.repository().close();
        phases.add(lastStats);
        return r.revision();
    }

    @Benchmark
    public Object plainJGit(FreshTarget target) throws Exception {
        try (Git g = Git.cloneRepository().setURI(url.toString()).setDirectory(target.dir().toFile())
                .setBranch("main").setDepth(1).call()) {
            return g.getRepository().resolve("HEAD");
        }
    }

    @Benchmark
    public Path cgit(FreshTarget target) throws Exception {
        Processes.git(null, null, "clone", "-q", "--depth", "1", "-b", "main", url.toString(),
                target.dir().toString());
        return target.dir();
    }
}
