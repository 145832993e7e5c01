package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.jgit.internal.pack.PackIndexer;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.RepositoryFixture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.transport.PackLock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * gitsource's pack indexer writes the {@code .idx} C git's {@code index-pack} writes for the
 * same pack, byte for byte, names the pack as C git does, and leaves a repository C git's
 * {@code fsck} finds clean: for packs of OFS_DELTA and REF_DELTA entries, deep and shallow
 * delta chains, and a full-history clone over HTTP.
 */
class PackIndexerTest {
    @TempDir static Path shared;
    @TempDir Path tmp;
    private static Path origin;

    /** Forty commits growing and editing text files and a binary one, so packs hold many deltas, then 3,000 files. */
    @BeforeAll
    static void history() {
        assumeThat(GitServer.isCGitAvailable()).as("C git installed").isTrue();
        Path work = shared.resolve("work");
        CGit.run(shared, "init", "-q", "-b", "main", work.toString());
        StringBuilder text = new StringBuilder();
        byte[] binary = new byte[40_000];
        for (int i = 0; i < 40; i++) {
            text.append("line ").append(i).append(" of a file that grows with every commit\n");
            CGit.write(work.resolve("grow.txt"), text.toString());
            CGit.write(work.resolve("dir/edit-" + (i % 3) + ".txt"), text.toString().replace("line " + (i / 2), "edited"));
            binary[(i * 997) % binary.length] = (byte) i;
            try {
                Files.write(work.resolve("data.bin"), binary);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            CGit.run(work, "add", "-A");
            CGit.run(work, "commit", "-q", "-m", "commit " + i);
        }
        // 1,100 commits that change nothing, which a pack without deltas sends first, whole: the
        // indexer's table grows while it names them (a copy of the history of the 40 before)
        try (FileRepository repo = new FileRepository(work.resolve(".git").toFile());
                ObjectInserter ins = repo.newObjectInserter()) {
            ObjectId parent = repo.resolve("HEAD");
            ObjectId tree = repo.parseCommit(parent).getTree();
            PersonIdent who = new PersonIdent("Fixture", "fixture@example.com", Instant.EPOCH, ZoneOffset.UTC);
            for (int i = 0; i < 1_100; i++) {
                CommitBuilder c = new CommitBuilder();
                c.setTreeId(tree);
                c.setParentId(parent);
                c.setAuthor(who);
                c.setCommitter(who);
                c.setMessage("empty " + i);
                parent = ins.insert(c);
            }
            ins.flush();
            RefUpdate main = repo.updateRef("refs/heads/main");
            main.setNewObjectId(parent);
            main.forceUpdate();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        // thousands of small blobs: the indexer's table grows while other threads name them
        for (int i = 0; i < 3_000; i++) {
            CGit.write(work.resolve("many/d" + (i % 30) + "/f" + i + ".txt"), "file " + i + "\n");
        }
        CGit.run(work, "add", "-A");
        CGit.run(work, "commit", "-q", "-m", "many files");
        CGit.run(work, "tag", "-a", "-m", "a tag", "v1");
        origin = work;
    }

    /** pack-objects writes REF_DELTA entries unless given --delta-base-offset; "--no-..." names those cases. */
    @ParameterizedTest(name = "pack-objects {0}")
    @ValueSource(strings = {"--delta-base-offset", "--no-delta-base-offset", "--delta-base-offset --depth=1",
            "--delta-base-offset --window=0",
            "--delta-base-offset --depth=4095 --window=50", "--no-delta-base-offset --depth=4095 --window=50"})
    void theIndexIsByteIdenticalToCGitsAndFsckIsClean(String options) throws Exception {
        Path pack = tmp.resolve("in.pack");
        List<String> args = List.of("sh", "-c", "git rev-list --objects --all | git pack-objects -q --stdout "
                + options.replace("--no-delta-base-offset", "") + " > " + pack);
        ProcessBuilder pb = new ProcessBuilder(args).directory(origin.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        Process p = pb.start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
        Path bare = tmp.resolve("bare.git");
        CGit.run(tmp, "init", "-q", "--bare", bare.toString());

        try (FileRepository repo = new FileRepository(bare.toFile()); InputStream in = Files.newInputStream(pack)) {
            PackIndexer indexer = new PackIndexer(repo.getObjectDatabase(), in);
            indexer.setLockMessage("fetching");
            PackLock lock = indexer.parse(NullProgressMonitor.INSTANCE, NullProgressMonitor.INSTANCE);
            assertThat(indexer.getObjectCount()).isEqualTo(objectCount(origin));
            Path ours = onlyPack(bare);
            assertThat(ours.resolveSibling(ours.getFileName().toString().replace(".pack", ".keep"))).exists();
            lock.unlock();

            // C git names the pack by its trailer and writes the index beside a copy of it
            Path copy = tmp.resolve("copy.pack");
            Files.copy(pack, copy);
            String name = CGit.run(tmp, "index-pack", "-o", tmp.resolve("copy.idx").toString(), copy.toString());
            assertThat(ours.getFileName().toString()).isEqualTo("pack-" + name + ".pack");
            assertThat(ours).hasSameBinaryContentAs(pack);
            assertThat(Files.readAllBytes(ours.resolveSibling(ours.getFileName().toString().replace(".pack", ".idx"))))
                    .isEqualTo(Files.readAllBytes(tmp.resolve("copy.idx")));
        }
        assertThat(CGit.run(bare, "count-objects", "-v")).contains("in-pack: " + objectCount(origin));
        CGit.run(bare, "fsck", "--full", "--strict", "--no-dangling");
    }

    @Test
    void aFullHistoryCloneOverHttpHasCGitsIndexAndIsClean() throws Exception {
        try (GitServer server = GitServer.builder().http().backend(GitServer.Backend.C_GIT).start();
                GitSource git = GitSource.builder().build()) {
            RepositoryFixture repo = server.repository("org/app");
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 30; i++) {
                text.append("version ").append(i).append(" of some configuration that changes a little\n");
                repo.file("deploy/app.yaml", text.toString()).file("n" + (i % 4) + ".txt", text.toString()).commit("c" + i);
            }
            Path dir = tmp.resolve("clone");
            git.clone(server.httpUrl("org/app"), CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(0)
                    .directory(dir).build()).repository().close();

            Path pack = onlyPack(dir.resolve(".git"));
            Path copy = tmp.resolve("copy.pack");
            Files.copy(pack, copy);
            String name = CGit.run(tmp, "index-pack", "-o", tmp.resolve("copy.idx").toString(), copy.toString());
            assertThat(pack.getFileName().toString()).isEqualTo("pack-" + name + ".pack");
            assertThat(Files.readAllBytes(pack.resolveSibling("pack-" + name + ".idx")))
                    .isEqualTo(Files.readAllBytes(tmp.resolve("copy.idx")));
            assertThat(Files.list(pack.getParent()).map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".keep") || n.startsWith("tmp_"));
            CGit.run(dir, "fsck", "--full", "--strict");
            assertThat(CGit.run(dir, "rev-list", "--count", "HEAD")).isEqualTo("30");
            assertThat(CGit.run(dir, "status", "--porcelain")).isEmpty();
        }
    }

    private static long objectCount(Path work) {
        return CGit.run(work, "rev-list", "--objects", "--all").lines().count();
    }

    private static Path onlyPack(Path gitDir) throws IOException {
        try (Stream<Path> s = Files.list(gitDir.resolve("objects/pack"))) {
            List<Path> packs = s.filter(p -> p.getFileName().toString().endsWith(".pack")).toList();
            assertThat(packs).hasSize(1);
            return packs.get(0);
        }
    }
}
