package dev.gitsource.benchmarks;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
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
 * The tree without {@code .git}, as a packager wants it: gitsource's export mode against
 * {@code git clone --depth 1} followed by removing {@code .git}, both over HTTP from C git's
 * server, and against {@code git archive --remote | tar -x} from C git's daemon, which the test
 * kit starts with upload-archive enabled ({@code git http-backend} does not serve it, and
 * neither do the big hosts).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar Export -p shape=MEDIUM}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class Export {
    @Param({"SMALL", "MEDIUM", "LARGE"})
    public String shape;

    Fixture fixture;
    URI url;
    GitSource gitsource;
    String archiveUrl;

    @Setup(Level.Trial)
    public void start() throws Exception {
        fixture = Fixture.start(Shapes.valueOf(shape));
        url = fixture.url(ShallowClone.Transport.HTTP_CGIT);
        gitsource = GitSource.builder().build();
        archiveUrl = fixture.cgit.gitUrl("bench/repo").toString();
    }

    @TearDown(Level.Trial)
    public void stop() {
        gitsource.close();
        fixture.close();
    }

    @Benchmark
    public String gitsourceExport(FreshTarget target) {
        return gitsource.clone(url, CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1)
                .directory(target.dir()).export(true).build()).revision();
    }

    @Benchmark
    public Path cgitCloneThenRemoveGit(FreshTarget target) throws Exception {
        Processes.git(null, null, "clone", "-q", "--depth", "1", "-b", "main", url.toString(), target.dir().toString());
        FreshTarget.deleteTree(target.dir().resolve(".git"));
        return target.dir();
    }

    @Benchmark
    public Path cgitArchiveRemote(FreshTarget target) throws Exception {
        List<Process> pipeline = ProcessBuilder.startPipeline(List.of(
                new ProcessBuilder("git", "archive", "--format=tar", "--remote=" + archiveUrl, "main")
                        .redirectError(ProcessBuilder.Redirect.INHERIT),
                new ProcessBuilder("tar", "-x", "-C", target.dir().toString())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)));
        for (Process p : pipeline) {
            if (p.waitFor() != 0) {
                throw new IllegalStateException(p.info().command().orElse("git archive | tar") + " failed");
            }
        }
        return target.dir();
    }
}
