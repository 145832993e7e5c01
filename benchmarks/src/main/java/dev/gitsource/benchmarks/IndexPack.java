package dev.gitsource.benchmarks;

import dev.gitsource.jgit.internal.pack.PackIndexer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.internal.storage.file.FileRepository;
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
 * every object's id, resolve deltas, write the index). {@code gitsource} is the indexer a clone
 * receives its pack with ({@link PackIndexer}, deltas resolved on every core), {@code jgit} is
 * JGit's own {@link PackParser} with its default settings, {@code cgit} is
 * {@code git index-pack --stdin}.
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

    @Setup(Level.Trial)
    public void seed() throws Exception {
        pack = LocalPack.seed(shape);
        packFile = pack.packFile();
    }

    /** A fresh empty bare repository per invocation. */
    @State(Scope.Thread)
    public static class EmptyRepository extends FreshTarget {
        @Override
        protected void prepare(Path dir) throws IOException, InterruptedException {
            Processes.git(dir, null, "init", "-q", "--bare", ".");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        pack.close();
    }

    @Benchmark
    public Object gitsource(EmptyRepository target) throws Exception {
        try (FileRepository r = new FileRepository(target.dir().toFile());
                InputStream in = Files.newInputStream(packFile)) {
            PackIndexer indexer = new PackIndexer(r.getObjectDatabase(), in);
            return indexer.parse(NullProgressMonitor.INSTANCE, NullProgressMonitor.INSTANCE);
        }
    }

    @Benchmark
    public Object jgit(EmptyRepository target) throws Exception {
        try (Repository r = new FileRepositoryBuilder().setGitDir(target.dir().toFile()).setMustExist(true).build();
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
    public Path cgit(EmptyRepository target) throws Exception {
        Processes.git(target.dir(), packFile, "index-pack", "--stdin");
        return target.dir();
    }
}
