package dev.gitsource.jgit.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.errors.RemoteRepositoryException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;

/**
 * Fetches blobs by id into a partial copy, in batches. Each batch is fetched into an empty
 * repository inside the copy's {@code .git}, and its pack then moved into the copy, marked as
 * the promisor remote's. Empty, because JGit says {@code have} for every commit a repository's
 * refs reach, and the server leaves out whatever those commits reach: exactly the blobs a
 * partial copy lacks. (C git's own lazy fetch skips negotiation for the same reason.)
 */
final class BlobFetch {
    /** Ids per request: about 100 KB of {@code want} lines. */
    static final int BATCH = 2_000;
    /** The empty repository's directory inside {@code .git}; {@link CopyMaintenance} removes a leftover one. */
    static final String DIRECTORY = "gitsource-blobs";

    private final JGitSource git;
    private final Fetch fetch;

    BlobFetch(JGitSource git, Fetch fetch) {
        this.git = git;
        this.fetch = fetch;
    }

    /** The server sent a pack without some of the blobs asked for. */
    static final class Incomplete extends IOException {
        private static final long serialVersionUID = 1L;

        Incomplete(String message) {
            super(message);
        }
    }

    /**
     * Whether a failure of {@link #fetch} is the server's refusal to serve blobs by id (said in
     * the protocol, or a pack without them), rather than a failure of the connection or of the
     * local disk.
     */
    static boolean refused(IOException e) {
        return e instanceof Incomplete || LocalFiles.cause(e) == null
                && (Causes.has(e, PackProtocolException.class) || Causes.has(e, RemoteRepositoryException.class));
    }

    /** Fetches these blobs, which the repository must not have, and checks that all came. */
    void fetch(Repository repo, List<ObjectId> ids) throws IOException {
        if (ids.isEmpty()) {
            return;
        }
        Path dir = repo.getDirectory().toPath().resolve(DIRECTORY);
        StagingDirectory.deleteTree(dir);
        try (Repository into = LimitedRepository.build(new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare(),
                git.config())) {
            into.create(true);
            for (int i = 0; i < ids.size(); i += BATCH) {
                List<RefSpec> specs = ids.subList(i, Math.min(ids.size(), i + BATCH)).stream()
                        .map(id -> new RefSpec(id.name())).toList();
                fetch.refs(into, specs, 0);
                movePacks(into, repo);
            }
        } finally {
            StagingDirectory.deleteTree(dir);
        }
        for (ObjectId id : ids) {
            if (!repo.getObjectDatabase().has(id)) {
                throw new Incomplete("the server sent a pack without blob " + id.name() + " that it was asked for");
            }
        }
    }

    /** Moves the packs of one repository into another's, each marked {@code .promisor}, its index last. */
    private static void movePacks(Repository from, Repository to) throws IOException {
        Path target = to.getDirectory().toPath().resolve("objects/pack");
        Files.createDirectories(target);
        for (Path pack : Fetch.packs(from)) {
            String base = pack.getFileName().toString().replaceFirst("\\.pack$", "");
            Path moved = target.resolve(pack.getFileName());
            RepositoryLayout.markPromisor(moved);
            Files.move(pack, moved, StandardCopyOption.ATOMIC_MOVE);
            try (Stream<Path> s = Files.list(pack.getParent())) {
                for (Path p : s.filter(f -> f.getFileName().toString().startsWith(base + ".")).toList()) {
                    if (!p.toString().endsWith(".idx") && !p.toString().endsWith(".keep")) {
                        Files.move(p, target.resolve(p.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                    }
                }
            }
            Files.move(pack.resolveSibling(base + ".idx"), target.resolve(base + ".idx"), StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
