package dev.gitsource.jgit.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The blobs that a sparse checkout of a tree reads: the files and symlinks under the sparse
 * paths, the {@code .gitattributes} of the directories on the way to them (the checkout reads
 * them for line endings), and {@code .gitmodules} when submodules inside the sparse paths are
 * to be cloned. Only the trees on the way to and under the sparse paths are read.
 */
final class SparseBlobs {
    private SparseBlobs() {}

    /**
     * @param remote the remote's redacted URL when every sparse path must be in the tree (a clone),
     *     null when a path may have gone (an update)
     * @return the ids of those blobs that the repository does not have, each once, in tree order
     * @throws dev.gitsource.PathNotFoundException if {@code remote} is given and a sparse path is not in the tree
     */
    static List<ObjectId> missing(Repository repo, RevTree tree, List<String> sparse, boolean submodules, String remote)
            throws IOException {
        Set<ObjectId> wanted = new LinkedHashSet<>();
        Set<String> found = new HashSet<>();
        ObjectId gitmodules = null;
        boolean gitlinks = false;
        try (ObjectReader reader = repo.newObjectReader(); TreeWalk walk = new TreeWalk(repo, reader)) {
            walk.addTree(tree);
            walk.setRecursive(true);
            walk.setFilter(new OnTheWay(sparse));
            while (walk.next()) {
                String path = walk.getPathString();
                String matched = SparsePaths.match(sparse, path);
                if (matched != null) {
                    found.add(matched);
                }
                FileMode mode = walk.getFileMode(0);
                if (mode == FileMode.GITLINK) {
                    gitlinks |= matched != null;
                } else if (matched == null && path.equals(".gitmodules")) {
                    gitmodules = walk.getObjectId(0);
                } else {
                    wanted.add(walk.getObjectId(0));
                }
            }
            if (gitlinks && submodules && gitmodules != null) {
                wanted.add(gitmodules);
            }
            if (remote != null) {
                for (String s : sparse) {
                    if (!found.contains(s)) {
                        throw SparsePaths.notFound(s, remote);
                    }
                }
            }
            List<ObjectId> missing = new ArrayList<>();
            for (ObjectId id : wanted) {
                if (!reader.has(id)) {
                    missing.add(id);
                }
            }
            return missing;
        }
    }

    /** Enters the directories on the way to and under the sparse paths; keeps the entries a sparse checkout reads. */
    private static final class OnTheWay extends TreeFilter {
        private final List<String> sparse;

        OnTheWay(List<String> sparse) {
            this.sparse = sparse;
        }

        @Override
        public boolean include(TreeWalk walk) {
            String path = walk.getPathString();
            if (SparsePaths.contains(sparse, path)) {
                return true;
            }
            if (walk.isSubtree()) {
                return SparsePaths.leadsTo(sparse, path);
            }
            String name = walk.getNameString();
            String parent = path.length() > name.length() ? path.substring(0, path.length() - name.length() - 1) : "";
            return name.equals(".gitattributes") && SparsePaths.leadsTo(sparse, parent) || path.equals(".gitmodules");
        }

        @Override
        public boolean shouldBeRecursive() {
            return true;
        }

        @Override
        public TreeFilter clone() {
            return this;
        }
    }
}
