package dev.gitsource.jgit.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevBlob;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.storage.pack.PackConfig;

/**
 * Repacks a partial copy, which JGit's GC cannot: it would read the blobs the copy never
 * fetched. One new pack holds what the refs reach and the copy has (the commits down to the
 * shallow boundary, their trees, the blobs it fetched), marked {@code .promisor} as the
 * promisor remote's; the old packs and loose objects are deleted.
 */
final class PartialRepack {
    private static final List<String> PACK_FILES = List.of(".pack", ".idx", ".promisor", ".keep", ".rev", ".bitmap");

    private PartialRepack() {}

    static void repack(Repository repo) throws IOException {
        Path packDir = repo.getDirectory().toPath().resolve("objects/pack");
        List<Path> old = new ArrayList<>(Fetch.packs(repo));
        Path tmpPack = packDir.resolve("tmp_gitsource_repack.pack");
        Path tmpIdx = packDir.resolve("tmp_gitsource_repack.idx");
        String name;
        try (ObjectReader reader = repo.newObjectReader();
                org.eclipse.jgit.internal.storage.pack.PackWriter writer =
                        new org.eclipse.jgit.internal.storage.pack.PackWriter(new PackConfig(repo), reader)) {
            writer.setDeltaBaseAsOffset(true);
            writer.setUseBitmaps(false);
            writer.preparePack(present(repo, reader).iterator());
            try (OutputStream out = Files.newOutputStream(tmpPack)) {
                writer.writePack(NullProgressMonitor.INSTANCE, NullProgressMonitor.INSTANCE, out);
            }
            try (OutputStream out = Files.newOutputStream(tmpIdx)) {
                writer.writeIndex(out);
            }
            name = "pack-" + writer.computeName().name();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmpPack);
            Files.deleteIfExists(tmpIdx);
            throw e;
        }
        Path pack = packDir.resolve(name + ".pack");
        RepositoryLayout.markPromisor(pack);
        Files.move(tmpPack, pack, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmpIdx, packDir.resolve(name + ".idx"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        repo.getObjectDatabase().close(); // let go of the old packs before they are deleted
        for (Path p : old) {
            if (!p.equals(pack)) {
                String base = p.getFileName().toString().replaceFirst("\\.pack$", "");
                for (String ext : PACK_FILES) {
                    Files.deleteIfExists(p.resolveSibling(base + ext));
                }
            }
        }
        deleteLooseObjects(repo.getDirectory().toPath().resolve("objects"));
    }

    /** What the refs reach, without the blobs the copy does not have; commits first, as a walk gives them. */
    private static List<RevObject> present(Repository repo, ObjectReader reader) throws IOException {
        List<RevObject> out = new ArrayList<>();
        try (ObjectWalk walk = new ObjectWalk(reader)) {
            for (Ref ref : repo.getRefDatabase().getRefs()) {
                ObjectId id = ref.getObjectId();
                if (id != null && !ref.isSymbolic()) {
                    walk.markStart(walk.parseAny(id));
                }
            }
            for (RevObject c = walk.next(); c != null; c = walk.next()) {
                out.add(c);
            }
            for (RevObject o = walk.nextObject(); o != null; o = walk.nextObject()) {
                if (!(o instanceof RevBlob) || reader.has(o)) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    private static void deleteLooseObjects(Path objects) throws IOException {
        try (Stream<Path> dirs = Files.list(objects)) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().matches("[0-9a-f]{2}")).toList()) {
                StagingDirectory.deleteTree(d);
            }
        }
    }
}
