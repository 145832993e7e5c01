package dev.gitsource.benchmarks;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.CloneResult;
import dev.gitsource.GitSource;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.RecordedRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * A depth-1 clone of one directory over HTTP from C git's {@code git http-backend}, three ways
 * in one run: gitsource's partial clone ({@code sparsePaths}: commit and trees with
 * {@code filter blob:none}, then that directory's blobs), C git's blobless sparse clone as a
 * process ({@code git clone --depth 1 --filter=blob:none --sparse} + {@code git sparse-checkout
 * set DIR}), and gitsource from a server on the same repository that does not advertise
 * {@code filter} (the whole depth-1 pack, only the directory written). Bytes received are aux
 * counters ({@link Received}), gitsource's phases too ({@link Phases}).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SparseClone -wi 1 -i 3 -f 1
 * -rf json -rff benchmarks/target/jmh-sparse.json}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SparseClone {
    @Param({"MONOREPO", "LARGE"})
    public String shape;

    Fixture fixture;
    GitServer withoutFilter;
    URI url;
    URI wholePackUrl;
    String directory;
    GitSource gitsource;

    @Setup(Level.Trial)
    public void start() throws Exception {
        Shapes s = Shapes.valueOf(shape);
        fixture = Fixture.start(s);
        url = fixture.url(ShallowClone.Transport.HTTP_CGIT);
        withoutFilter = GitServer.builder().root(fixture.work.resolve("repos")).http()
                .backend(GitServer.Backend.C_GIT).allowFilter(false).start();
        withoutFilter.repository("bench/repo");
        wholePackUrl = withoutFilter.httpUrl("bench/repo");
        directory = s.oneDirectory();
        gitsource = GitSource.builder().listener(Phases.LISTENER).build();
        System.out.println("\n# sparse clone of " + directory + " of " + shape + " from " + url);
    }

    @TearDown(Level.Trial)
    public void stop() {
        gitsource.close();
        withoutFilter.close();
        fixture.close();
    }

    /**
     * Bytes an iteration's clone received: {@code packKiBSum} the packs it kept (what the
     * server sent of objects), {@code servedKiBSum} all the server sent (refs, negotiation,
     * packs), both in KiB. Added up over the measured iterations, one clone each: divide by
     * {@code Cnt}.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Received {
        public double packKiBSum;
        public double servedKiBSum;

        @Setup(Level.Iteration)
        public void reset() {
            packKiBSum = 0;
            servedKiBSum = 0;
        }

        void add(Path clone, GitServer server) throws IOException {
            try (Stream<Path> s = Files.list(clone.resolve(".git/objects/pack"))) {
                for (Path p : s.filter(p -> p.toString().endsWith(".pack")).toList()) {
                    packKiBSum += Files.size(p) / 1024.0;
                }
            }
            List<RecordedRequest> requests = server.requests();
            servedKiBSum += requests.stream().mapToLong(RecordedRequest::bytesSent).sum() / 1024.0;
            server.clearRequests();
        }
    }

    private String clone(URI from, Path dir) {
        CloneResult r = gitsource.clone(from, CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1)
                .directory(dir).sparsePaths(List.of(directory)).build());
        r.repository().close();
        return r.revision();
    }

    @Benchmark
    public String gitsource(FreshTarget target, Received received, Phases phases) throws IOException {
        fixture.cgit.clearRequests();
        String revision = clone(url, target.dir());
        phases.addLast();
        received.add(target.dir(), fixture.cgit);
        return revision;
    }

    @Benchmark
    public String gitsourceWholePack(FreshTarget target, Received received) throws IOException {
        withoutFilter.clearRequests();
        String revision = clone(wholePackUrl, target.dir());
        received.add(target.dir(), withoutFilter);
        return revision;
    }

    @Benchmark
    public Path cgit(FreshTarget target, Received received) throws Exception {
        fixture.cgit.clearRequests();
        Path dir = target.dir();
        Processes.git(null, null, "clone", "-q", "--depth", "1", "--filter=blob:none", "--sparse", "-b", "main",
                url.toString(), dir.toString());
        Processes.git(dir, null, "sparse-checkout", "set", directory);
        received.add(dir, fixture.cgit);
        return dir;
    }
}
