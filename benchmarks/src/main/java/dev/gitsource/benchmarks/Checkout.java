package dev.gitsource.benchmarks;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.CloneResult;
import dev.gitsource.GitSource;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
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
 * checkout; gitsource's own checkout time is reported beside its score as {@code checkoutMsSum}
 * (see {@link Phases}).
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

    @Setup(Level.Trial)
    public void seed() throws Exception {
        pack = LocalPack.seed(shape);
        url = pack.url();
        gitsource = GitSource.builder().allowSchemes("file").listener(Phases.LISTENER).build();
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
        phases.addLast();
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
