package dev.gitsource.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A seeded repository packed into one pack, for the benchmarks that work without a network:
 * empty repositories that borrow its objects (checkout), and its pack file (index-pack).
 */
public final class LocalPack implements AutoCloseable {
    private final Fixture fixture;
    private final Path bare;
    private final String head;

    private LocalPack(Fixture fixture) throws IOException {
        this.fixture = fixture;
        this.bare = fixture.work.resolve("repos/bench/repo.git");
        try (Repository r = new FileRepositoryBuilder().setGitDir(bare.toFile()).setMustExist(true).build()) {
            this.head = r.resolve("refs/heads/main").name();
        }
    }

    /**
     * @param shape a {@link Shapes} name
     * @return the seeded, packed repository
     * @throws Exception if seeding fails
     */
    public static LocalPack seed(String shape) throws Exception {
        return new LocalPack(Fixture.start(Shapes.valueOf(shape)));
    }

    /** @return the commit id of {@code main} */
    public String head() {
        return head;
    }

    /** @return the single pack file of the repository */
    public Path packFile() throws IOException {
        try (Stream<Path> s = Files.list(bare.resolve("objects/pack"))) {
            return s.filter(p -> p.toString().endsWith(".pack")).findFirst().orElseThrow();
        }
    }

    /**
     * @return a new non-bare repository with an empty work tree, whose objects come from the
     *     packed repository through {@code objects/info/alternates}
     */
    public Repository emptyRepositorySharingObjects() throws IOException {
        Path work = Files.createTempDirectory(fixture.work, "checkout-");
        Repository r = new FileRepositoryBuilder().setGitDir(work.resolve(".git").toFile())
                .setWorkTree(work.toFile()).build();
        r.create();
        Files.writeString(work.resolve(".git/objects/info/alternates"), bare.resolve("objects") + "\n");
        return r;
    }

    /** @return an empty bare repository for index-pack */
    public Path emptyBareRepository() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(fixture.work, "index-");
        cgit(dir, "init", "-q", "--bare", ".");
        return dir;
    }

    /** @return the tree of {@code main}, read through the given repository */
    public RevTree headTree(Repository r) throws IOException {
        try (RevWalk walk = new RevWalk(r)) {
            return walk.parseCommit(ObjectId.fromString(head)).getTree();
        }
    }

    /** Closes the repository and deletes its directory. */
    public void remove(Repository r) throws IOException {
        r.close();
        ShallowClone.deleteTree(r.getWorkTree().toPath());
    }

    /** Runs C git in a directory. */
    public static void cgit(Path dir, String... args) throws IOException, InterruptedException {
        Processes.git(dir, null, args);
    }

    @Override
    public void close() {
        fixture.close();
    }
}
