package dev.gitsource.benchmarks;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.RemoteRefs;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a controller pays each interval when nothing changed: a clone with the last observed
 * revision (one ls-refs round trip) and an ls-remote of one branch, on a repository with
 * 10,000 tags, over HTTP from the in-JVM server.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar NoChangePoll -rf json
 * -rff benchmarks/target/jmh-poll.json}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class NoChangePoll {
    Fixture fixture;
    GitSource git;
    URI url;
    String revision;
    Path never;

    @Setup(Level.Trial)
    public void start() throws Exception {
        fixture = Fixture.start(Shapes.MANY_REFS);
        url = fixture.url(ShallowClone.Transport.HTTP_IN_JVM);
        git = GitSource.builder().build();
        never = fixture.work.resolve("never-written");
        revision = "main@sha1:" + fixture.inJvm.repository("bench/repo").head("main");
    }

    @TearDown(Level.Trial)
    public void stop() {
        git.close();
        fixture.close();
    }

    @Benchmark
    public boolean noChangePoll() {
        boolean unchanged = git.clone(url, CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1)
                .directory(never).lastObservedRevision(revision).build()).unchanged();
        if (!unchanged) {
            throw new IllegalStateException("the remote moved");
        }
        return unchanged;
    }

    @Benchmark
    public RemoteRefs lsRemote() {
        return git.lsRemote(url, "refs/heads/main");
    }
}
