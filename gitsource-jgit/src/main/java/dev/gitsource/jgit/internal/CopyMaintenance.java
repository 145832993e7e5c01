package dev.gitsource.jgit.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Keeps a working copy that is updated again and again from growing: the shallow boundary
 * holds only commits the refs still reach, leftovers of a killed fetch are removed, and the
 * objects are repacked (dropping what no ref reaches) once the packs have grown by half, so
 * the cost of a repack is spread over many updates; a partial copy by {@link PartialRepack}.
 */
final class CopyMaintenance {
    /** Repack once the packs are this much larger than after the last repack (or the clone). */
    private static final double GROWTH = 1.5;
    private static final int MAX_PACKS = 32;

    private CopyMaintenance() {}

    /**
     * Removes what a killed fetch left: JGit's {@code incoming_*} and C git's {@code tmp_*} pack
     * files, and the repository a fetch of blobs by id uses ({@link BlobFetch}).
     */
    static void removeFetchLeftovers(Repository repo) throws IOException {
        StagingDirectory.deleteTree(repo.getDirectory().toPath().resolve(BlobFetch.DIRECTORY));
        Path packs = repo.getDirectory().toPath().resolve("objects/pack");
        if (!Files.isDirectory(packs)) {
            return;
        }
        try (Stream<Path> s = Files.list(packs)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("incoming_") || name.startsWith("tmp_") || name.startsWith(".tmp-")) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Keeps in {@code .git/shallow} only the boundary commits that some ref still reaches. */
    static void trimShallow(Repository repo) throws IOException {
        FileRepository file = (FileRepository) repo;
        Set<ObjectId> shallow = file.getObjectDatabase().getShallowCommits();
        if (shallow.isEmpty()) {
            return;
        }
        Set<ObjectId> kept = new HashSet<>();
        try (RevWalk walk = new RevWalk(repo)) {
            for (Ref ref : repo.getRefDatabase().getRefs()) {
                ObjectId id = ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
                if (id != null && walk.parseAny(id) instanceof RevCommit c) {
                    walk.markStart(c);
                }
            }
            for (RevCommit c; (c = walk.next()) != null; ) {
                if (shallow.contains(c)) {
                    kept.add(c.copy());
                }
            }
        }
        if (!kept.equals(shallow)) {
            file.getObjectDatabase().setShallowCommits(kept);
        }
    }

    /** Repacks what the refs reach and drops the rest, if the packs have grown enough since the last time. */
    static void repackIfGrown(Repository repo) throws IOException {
        long size = packBytes(repo);
        long base = repo.getConfig().getLong("gitsource", null, "packedBytes", 0);
        if (base > 0 && size <= base * GROWTH && packCount(repo) <= MAX_PACKS) {
            return;
        }
        if (base > 0 && RepositoryLayout.isPartial(repo)) {
            PartialRepack.repack(repo); // JGit's GC would read the blobs the copy never fetched
        } else if (base > 0) {
            GC gc = new GC((FileRepository) repo);
            gc.setExpire(Instant.now().plusSeconds(1));
            gc.setPackExpire(Instant.now().plusSeconds(1));
            try {
                gc.gc().join();
            } catch (java.text.ParseException | org.eclipse.jgit.api.errors.GitAPIException e) {
                throw new IOException("cannot repack " + repo.getDirectory() + ": " + e.getMessage(), e);
            }
        }
        recordPackedBytes(repo);
    }

    /** Records the current pack size as the base for {@link #repackIfGrown}. */
    static void recordPackedBytes(Repository repo) throws IOException {
        setPackedBytes(repo);
        repo.getConfig().save();
    }

    /** Sets the base for {@link #repackIfGrown} in the configuration, for the caller to save. */
    static void setPackedBytes(Repository repo) throws IOException {
        repo.getConfig().setLong("gitsource", null, "packedBytes", Math.max(1, packBytes(repo)));
    }

    private static long packBytes(Repository repo) throws IOException {
        long n = 0;
        for (Path p : Fetch.packs(repo)) {
            n += Files.size(p);
        }
        return n;
    }

    private static int packCount(Repository repo) throws IOException {
        return Fetch.packs(repo).size();
    }
}
