package dev.gitsource.benchmarks;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PackParser;
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
 * Index-pack alone: receive a whole pack from a local file into an empty repository (check
 * every object's id, resolve deltas, write the index). gitsource fetches with JGit's
 * {@link PackParser} and its default settings, so {@code jgit} is gitsource's number here;
 * {@code cgit} is {@code git index-pack --stdin}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar IndexPack -p shape=MEDIUM}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class IndexPack {
    @Param({"SMALL", "MEDIUM", "LARGE"})
    public String shape;

    LocalPack pack;
    Path packFile;
    Path target;

    @Setup(Level.Trial)
    public void seed() throws Exception {
        pack = LocalPack.seed(shape);
        packFile = pack.packFile();
    }

    @Setup(Level.Invocation)
    public void emptyRepository() throws Exception {
        target = pack.emptyBareRepository();
    }

    @TearDown(Level.Invocation)
    public void removeRepository() throws Exception {
        ShallowClone.deleteTree(target);
    }

    @TearDown(Level.Trial)
    public void stop() {
        pack.close();
    }

    @Benchmark
    public Object jgit() throws Exception {
        try (Repository r = new FileRepositoryBuilder().setGitDir(target.toFile()).setMustExist(true).build();
                ObjectInserter ins = r.newObjectInserter();
                InputStream in = Files.newInputStream(packFile)) {
            PackParser parser = ins.newPackParser(in);
            parser.setAllowThin(false);
            Object lock = parser.parse(NullProgressMonitor.INSTANCE);
            ins.flush();
            return lock;
        }
    }

    @Benchmark
    public Path cgit() throws Exception {
        Processes.git(target, packFile, "index-pack", "--stdin");
        return target;
    }
}
