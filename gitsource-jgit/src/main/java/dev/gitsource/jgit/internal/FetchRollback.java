package dev.gitsource.jgit.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/**
 * What fetches change in a repository (packs, refs, the shallow boundary), noted before them
 * so that they can be undone: a partial fetch that the server cannot finish (it refuses blobs
 * by id) is undone before the whole pack is fetched, which the server would otherwise send
 * without the objects that the commits of the partial fetch reach.
 */
final class FetchRollback {
    private static final List<String> PACK_FILES = List.of(".pack", ".idx", ".promisor", ".keep", ".rev", ".bitmap");
    private final Set<Path> packs;
    private final Map<String, ObjectId> refs;
    private final Set<ObjectId> shallow;

    private FetchRollback(Set<Path> packs, Map<String, ObjectId> refs, Set<ObjectId> shallow) {
        this.packs = packs;
        this.refs = refs;
        this.shallow = shallow;
    }

    static FetchRollback of(Repository repo) throws IOException {
        return new FetchRollback(Fetch.packs(repo), refs(repo),
                Set.copyOf(((FileRepository) repo).getObjectDatabase().getShallowCommits()));
    }

    /** Deletes the packs fetched since, and puts the refs and the shallow boundary back. */
    void restore(Repository repo) throws IOException {
        repo.getObjectDatabase().close(); // let go of the packs; they are scanned again when next read
        for (Path pack : Fetch.packs(repo)) {
            if (!packs.contains(pack)) {
                String base = pack.getFileName().toString().replaceFirst("\\.pack$", "");
                for (String ext : PACK_FILES) {
                    Files.deleteIfExists(pack.resolveSibling(base + ext));
                }
            }
        }
        for (Map.Entry<String, ObjectId> now : refs(repo).entrySet()) {
            ObjectId before = refs.get(now.getKey());
            if (now.getValue().equals(before)) {
                continue;
            }
            RefUpdate u = repo.updateRef(now.getKey());
            u.setForceUpdate(true);
            u.disableRefLog();
            RefUpdate.Result result;
            if (before == null) {
                result = u.delete();
            } else {
                u.setNewObjectId(before);
                result = u.update();
            }
            if (result != RefUpdate.Result.FORCED && result != RefUpdate.Result.NO_CHANGE
                    && result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
                throw new IOException("cannot put back " + now.getKey() + " in " + repo.getDirectory() + ": " + result);
            }
        }
        ((FileRepository) repo).getObjectDatabase().setShallowCommits(shallow);
    }

    private static Map<String, ObjectId> refs(Repository repo) throws IOException {
        Map<String, ObjectId> out = new HashMap<>();
        for (Ref r : repo.getRefDatabase().getRefs()) {
            if (!r.isSymbolic() && r.getObjectId() != null) {
                out.put(r.getName(), r.getObjectId());
            }
        }
        return out;
    }
}
