package dev.gitsource.benchmarks;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.CloneResult;
import dev.gitsource.GitSource;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.RepositoryFixture;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
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
 * A depth-1 clone of a repository with {@code objects} Git LFS files of 1 MB each (and a few
 * ordinary files) from the test kit's server with its LFS API ({@code lfs()}), over HTTP, in
 * one run: gitsource with {@code lfs(true)}; C git with git-lfs as processes, cloning without
 * the smudge filter and then {@code git lfs pull} (the batch API, 8 transfers at once, as
 * gitsource); and C git's plain clone through the smudge filter (one object per file). C git
 * and git-lfs use a HOME of their own where {@code git lfs install --skip-repo} ran.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar LfsPull -wi 1 -i 5 -f 1
 * -rf json -rff benchmarks/target/jmh-lfs.json}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LfsPull {
    @Param({"200"})
    public int objects;

    Path work;
    GitServer server;
    URI url;
    GitSource gitsource;
    Map<String, String> lfsHome;

    @Setup(Level.Trial)
    public void start() throws Exception {
        work = Files.createTempDirectory("gitsource-bench-lfs-");
        server = GitServer.builder().root(work.resolve("repos")).http().lfs().start();
        RepositoryFixture repo = server.repository("bench/lfs");
        repo.file(".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n").file("README.md", "LFS\n");
        Random random = new Random(17);
        byte[] content = new byte[1 << 20];
        for (int i = 0; i < objects; i++) {
            random.nextBytes(content);
            repo.lfsFile("assets/" + (i % 10) + "/object-" + i + ".bin", content);
        }
        repo.commit("lfs objects");
        url = server.httpUrl("bench/lfs");
        Path home = Files.createDirectories(work.resolve("home"));
        lfsHome = Map.of("HOME", home.toString(), "GIT_CONFIG_GLOBAL", home.resolve(".gitconfig").toString(),
                "XDG_CONFIG_HOME", home.resolve(".config").toString());
        Processes.git(home, null, lfsHome, "lfs", "install", "--skip-repo");
        gitsource = GitSource.builder().build();
        System.out.println("\n# LFS: " + objects + " objects of 1 MiB from " + url);
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        gitsource.close();
        server.close();
        FreshTarget.deleteTree(work);
    }

    @Benchmark
    public String gitsource(FreshTarget target) {
        CloneResult r = gitsource.clone(url, CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1)
                .directory(target.dir()).lfs(true).build());
        r.repository().close();
        return r.revision();
    }

    @Benchmark
    public Path cgitLfsPull(FreshTarget target) throws Exception {
        Path dir = target.dir();
        Map<String, String> env = new java.util.HashMap<>(lfsHome);
        env.put("GIT_LFS_SKIP_SMUDGE", "1");
        Processes.git(null, null, env, "clone", "-q", "--depth", "1", "-b", "main", url.toString(), dir.toString());
        Processes.git(dir, null, lfsHome, "lfs", "pull");
        return dir;
    }

    @Benchmark
    public Path cgitSmudge(FreshTarget target) throws Exception {
        Path dir = target.dir();
        Processes.git(null, null, lfsHome, "clone", "-q", "--depth", "1", "-b", "main", url.toString(), dir.toString());
        return dir;
    }
}
