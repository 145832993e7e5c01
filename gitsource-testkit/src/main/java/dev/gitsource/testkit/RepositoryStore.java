package dev.gitsource.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The bare repositories under a server's root: found by the path of a URL, made on demand (by
 * a fixture, or by a first push when auto-create is on), and removed with the root if the
 * server made it.
 */
final class RepositoryStore {
    /** Sets up a repository the store has just made, beyond what every repository gets. */
    @FunctionalInterface
    interface Preparer {
        /** Nothing more. */
        Preparer NONE = (directory, name) -> { };

        void prepare(Path directory, String name) throws IOException;
    }

    private final Path root;
    private final boolean ownRoot;
    private final boolean autoCreate;
    private final Preparer preparer;
    private final Map<String, RepositoryFixture> fixtures = new ConcurrentHashMap<>();

    /**
     * @param root where the repositories live (kept on close), or null for a new temporary directory
     * @param autoCreate whether a push may create a repository
     * @param preparer what else a new repository needs (such as C git's hooks)
     * @throws IOException if the root cannot be made
     */
    RepositoryStore(Path root, boolean autoCreate, Preparer preparer) throws IOException {
        this.ownRoot = root == null;
        this.root = Files.createDirectories(root != null ? root : Files.createTempDirectory("gitserver-"));
        this.autoCreate = autoCreate;
        this.preparer = preparer;
    }

    Path root() {
        return root;
    }

    /**
     * @param name a path such as {@code org/app}
     * @return its fixture builder; the repository is created (bare, empty) if it does not exist
     */
    RepositoryFixture repository(String name) {
        return fixtures.computeIfAbsent(name, n -> {
            try {
                Path dir = root.resolve(n + ".git");
                Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
                if (!Files.isDirectory(dir)) {
                    repo.create(true);
                }
                configure(repo);
                preparer.prepare(dir, n);
                return new RepositoryFixture(repo, n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void configure(Repository repo) throws IOException {
        StoredConfig c = repo.getConfig();
        c.setBoolean("http", null, "receivepack", true);
        c.setBoolean("receive", null, "advertisePushOptions", true);
        c.setString("core", null, "fsyncObjectFiles", "false");
        c.save();
        repo.updateRef("HEAD").link("refs/heads/main");
    }

    /**
     * Opens a repository by the path of a URL, creating it first when auto-create is on (only
     * pushes get here with a name that does not exist yet: fetches of it fail).
     *
     * @param name such as {@code /org/app.git} or {@code org/app}
     * @return the open repository, for the caller to close
     * @throws RepositoryNotFoundException if there is none and none may be made
     */
    Repository open(String name) throws RepositoryNotFoundException {
        String clean = name.replaceFirst("^/+", "").replaceFirst("/+$", "");
        if (clean.contains("..") || clean.isEmpty()) {
            throw new RepositoryNotFoundException(name);
        }
        Path dir = root.resolve(clean.endsWith(".git") ? clean : clean + ".git");
        if (!Files.isDirectory(dir)) {
            if (!autoCreate) {
                throw new RepositoryNotFoundException(name);
            }
            autoCreateIfAllowed(clean.replaceFirst("\\.git$", ""));
        }
        try {
            return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
        } catch (IOException e) {
            throw new RepositoryNotFoundException(name, e);
        }
    }

    /** Creates a repository for a push that is about to arrive, if auto-create is on. */
    void autoCreateIfAllowed(String name) {
        if (autoCreate && !Files.isDirectory(root.resolve(name + ".git"))) {
            repository(name);
        }
    }

    /**
     * @param db an open repository of this store
     * @return its path on the server, such as {@code org/app}
     */
    String name(Repository db) {
        String rel = root.relativize(db.getDirectory().toPath()).toString();
        return rel.endsWith(".git") ? rel.substring(0, rel.length() - 4) : rel;
    }

    /** Closes the fixtures, and deletes the root if this store made it. */
    void close() {
        fixtures.values().forEach(RepositoryFixture::close);
        if (ownRoot) {
            try (Stream<Path> s = Files.walk(root)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory
            }
        }
    }
}
