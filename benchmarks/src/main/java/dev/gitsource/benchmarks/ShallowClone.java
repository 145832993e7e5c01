package dev.gitsource.benchmarks;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.CloneResult;
import dev.gitsource.GitSource;
import dev.gitsource.KnownHosts;
import dev.gitsource.auth.GitCredentials;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
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
 * The same clone of the same repository through gitsource, plain JGit (its defaults:
 * {@code Git.cloneRepository().setDepth(..)}) and C git ({@code git clone} as a process), in
 * one run so the ratios hold on a noisy machine. gitsource's own phase times are reported beside
 * its score ({@link Phases}). Two floors are measured beside them: writing the same tree with
 * {@code git archive | tar -x} on the same file system, and the server's part, C git's
 * {@code pack-objects} of the same objects (run them with {@code -p transport=HTTP_CGIT} only:
 * they do not depend on it).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ShallowClone -p shape=MEDIUM
 * -p transport=HTTP_CGIT -p depth=1 -rf json -rff benchmarks/target/jmh-clone.json}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ShallowClone {
    /** How the client reaches the server. */
    public enum Transport { HTTP_IN_JVM, HTTP_CGIT, SSH, GIT }

    @Param({"SMALL", "MEDIUM", "LARGE"})
    public String shape;

    @Param({"HTTP_CGIT", "HTTP_IN_JVM", "SSH", "GIT"})
    public Transport transport;

    @Param({"1", "0"})
    public int depth;

    Fixture fixture;
    URI url;
    GitSource gitsource;
    SshdSessionFactory plainJGitSsh;

    @Setup(Level.Trial)
    public void start() throws Exception {
        fixture = Fixture.start(Shapes.valueOf(shape));
        url = fixture.url(transport);
        GitSource.Builder b = GitSource.builder().listener(Phases.LISTENER);
        if (transport == Transport.SSH) {
            b.credentials(GitCredentials.sshKey("git", fixture.sshPrivateKey, null))
                    .knownHosts(KnownHosts.parse(fixture.inJvm.knownHostsLine()));
        }
        gitsource = b.build();
        if (transport == Transport.SSH) {
            // JGit's own SSH client as a user would set it up: ~/.ssh/id and ~/.ssh/known_hosts
            plainJGitSsh = new SshdSessionFactoryBuilder().setHomeDirectory(fixture.work.toFile())
                    .setSshDirectory(fixture.work.toFile())
                    .setDefaultIdentities(dir -> List.of(fixture.work.resolve("id")))
                    .setDefaultKnownHostsFiles(dir -> List.of(fixture.work.resolve("known_hosts")))
                    .build(null);
        }
        System.out.println("\n# clone of " + shape + " over " + transport + " depth " + depth + " from " + url);
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (plainJGitSsh != null) {
            plainJGitSsh.close();
        }
        gitsource.close();
        fixture.close();
    }

    @Benchmark
    public String gitsource(FreshTarget target, Phases phases) {
        CloneResult r = gitsource.clone(url, CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(depth)
                .directory(target.dir()).build());
        r.repository().close();
        phases.addLast();
        return r.revision();
    }

    @Benchmark
    public Object plainJGit(FreshTarget target) throws Exception {
        var clone = Git.cloneRepository().setURI(url.toString()).setDirectory(target.dir().toFile()).setBranch("main");
        if (plainJGitSsh != null) {
            clone.setTransportConfigCallback(t -> ((SshTransport) t).setSshSessionFactory(plainJGitSsh));
        }
        if (depth > 0) {
            clone.setDepth(depth);
        }
        try (Git g = clone.call()) {
            return g.getRepository().resolve("HEAD");
        }
    }

    /** The floor for writing the tree: C git's archive of the commit, unpacked by tar into the same file system. */
    @Benchmark
    public Path floorArchiveTar(FreshTarget target) throws Exception {
        Processes.sh("git -C '" + fixture.bare() + "' archive main | tar -x -C '" + target.dir() + "'");
        return target.dir();
    }

    /** The server's part: C git's pack-objects of what the clone fetches (reusing the served pack's deltas), to /dev/null. */
    @Benchmark
    public void floorServerPack() throws Exception {
        String bare = "'" + fixture.bare() + "'";
        Processes.sh("git -C " + bare + " rev-list --objects " + (depth > 0 ? "--max-count=" + depth + " " : "")
                + "main | git -C " + bare + " pack-objects -q --stdout --delta-base-offset > /dev/null");
    }

    @Benchmark
    public Path cgit(FreshTarget target) throws Exception {
        Map<String, String> env = transport == Transport.SSH ? Map.of("GIT_SSH_COMMAND", fixture.sshCommand) : Map.of();
        if (depth > 0) {
            Processes.git(null, null, env, "clone", "-q", "--depth", String.valueOf(depth), "-b", "main",
                    url.toString(), target.dir().toString());
        } else {
            Processes.git(null, null, env, "clone", "-q", "-b", "main", url.toString(), target.dir().toString());
        }
        return target.dir();
    }
}
