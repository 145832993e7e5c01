package dev.gitsource.benchmarks;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.Repository;
import dev.gitsource.UpdateOptions;
import dev.gitsource.UpdateResult;
import dev.gitsource.testkit.RepositoryFixture;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
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
 * Following a remote that moved by 1 or 10 commits (10 files changed per commit) from a
 * depth-1 copy: gitsource's {@code update}, C git's {@code fetch --depth 1} + {@code checkout -f
 * FETCH_HEAD} on its own depth-1 clone, and a fresh gitsource clone, in one run. The copies are
 * made before each invocation (untimed) at branch {@code base}; {@code main} is ahead of it.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar Update -p shape=LARGE -p commits=1,10
 * -wi 1 -i 5 -f 1 -rf json -rff benchmarks/target/jmh-update.json}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class Update {
    static final int FILES_PER_COMMIT = 10;

    @Param({"SMALL", "MEDIUM", "LARGE"})
    public String shape;

    @Param({"1", "10"})
    public int commits;

    Fixture fixture;
    URI url;
    GitSource gitsource;

    @Setup(Level.Trial)
    public void start() throws Exception {
        Shapes s = Shapes.valueOf(shape);
        fixture = Fixture.start(s);
        RepositoryFixture repo = fixture.inJvm.repository("bench/repo");
        repo.branch("base");
        for (int c = 0; c < commits; c++) {
            for (int f = 0; f < FILES_PER_COMMIT; f++) {
                int i = (c * FILES_PER_COMMIT + f) * 7 % s.files;
                repo.file("dir" + (i % 97) + "/sub" + (i % 13) + "/file" + i + ".txt", "updated by commit " + c + "\n");
            }
            repo.commit("ahead " + c);
        }
        url = fixture.cgit.httpUrl("bench/repo");
        gitsource = GitSource.builder().build();
        System.out.println("\n# update of " + shape + " by " + commits + " commits from " + url);
    }

    @TearDown(Level.Trial)
    public void stop() {
        gitsource.close();
        fixture.close();
    }

    /** A depth-1 gitsource copy of {@code base}, made before the invocation. */
    @State(Scope.Thread)
    public static class GitSourceCopy extends FreshTarget {
        Update bench;
        Repository repo;

        @Setup(Level.Trial)
        public void bind(Update update) {
            bench = update;
        }

        @Override
        protected void prepare(Path dir) throws IOException {
            repo = bench.gitsource.clone(bench.url, CloneOptions.builder().target(CheckoutTarget.branch("base"))
                    .depth(1).directory(dir).build()).repository();
        }

        @TearDown(Level.Invocation)
        public void closeRepo() {
            repo.close();
        }
    }

    /** A depth-1 C git clone of {@code base}, made before the invocation. */
    @State(Scope.Thread)
    public static class CGitCopy extends FreshTarget {
        Update bench;

        @Setup(Level.Trial)
        public void bind(Update update) {
            bench = update;
        }

        @Override
        protected void prepare(Path dir) throws IOException, InterruptedException {
            Processes.git(null, null, "clone", "-q", "--depth", "1", "-b", "base", bench.url.toString(), dir.toString());
        }
    }

    /** Files written and deleted by the update, for the record. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Written {
        public long filesChanged;

        @Setup(Level.Iteration)
        public void reset() {
            filesChanged = 0;
        }
    }

    @Benchmark
    public String gitsource(GitSourceCopy copy, Written written) {
        UpdateResult r = copy.repo.update(UpdateOptions.builder().target(CheckoutTarget.branch("main")).build());
        written.filesChanged += r.filesWritten() + r.filesDeleted();
        return r.revision();
    }

    @Benchmark
    public Path cgit(CGitCopy copy) throws Exception {
        Processes.git(copy.dir(), null, "fetch", "-q", "--depth", "1", "origin", "main");
        Processes.git(copy.dir(), null, "checkout", "-q", "-f", "FETCH_HEAD");
        return copy.dir();
    }

    @Benchmark
    public String gitsourceFreshClone(FreshTarget target) {
        try (Repository r = gitsource.clone(url, CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1)
                .directory(target.dir()).build()).repository()) {
            return r.head().id();
        }
    }
}
