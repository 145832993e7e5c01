package dev.gitsource.jgit.internal;

import dev.gitsource.benchmarks.LocalPack;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheCheckout;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.Repository;
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
 * Checkout alone: materialise the head tree of a packed repository into an empty directory,
 * with the index, three ways. Lives in the implementation's package to reach the writer the
 * clone uses, which is not public API.
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
    Repository repo;

    @Setup(Level.Trial)
    public void seed() throws Exception {
        pack = LocalPack.seed(shape);
    }

    @Setup(Level.Invocation)
    public void emptyWorkTree() throws Exception {
        repo = pack.emptyRepositorySharingObjects();
    }

    @TearDown(Level.Invocation)
    public void removeWorkTree() throws Exception {
        pack.remove(repo);
    }

    @TearDown(Level.Trial)
    public void stop() {
        pack.close();
    }

    @Benchmark
    public List<String> gitsource() throws Exception {
        return new WorkTreeWriter(repo, "bench", List.of(), true).write(pack.headTree(repo), NullProgressMonitor.INSTANCE);
    }

    @Benchmark
    public boolean plainJGit() throws Exception {
        DirCache index = repo.lockDirCache();
        return new DirCacheCheckout(repo, index, pack.headTree(repo)).checkout();
    }

    @Benchmark
    public Path cgit() throws Exception {
        Path work = repo.getWorkTree().toPath();
        dev.gitsource.benchmarks.LocalPack.cgit(work, "checkout", "-q", "-f", pack.head());
        return work;
    }
}
