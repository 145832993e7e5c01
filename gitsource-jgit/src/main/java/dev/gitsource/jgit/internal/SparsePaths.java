package dev.gitsource.jgit.internal;

import dev.gitsource.PathNotFoundException;
import java.util.List;

/**
 * What the sparse paths of a working copy select: a path is inside when it is one of them or
 * lies under one. No sparse paths select everything.
 */
final class SparsePaths {
    private SparsePaths() {}

    /** Whether the path is checked out. */
    static boolean contains(List<String> sparse, String path) {
        return match(sparse, path) != null;
    }

    /** The sparse path that selects this path ({@code ""} when there are none), or null when none does. */
    static String match(List<String> sparse, String path) {
        if (sparse.isEmpty()) {
            return "";
        }
        for (String s : sparse) {
            if (path.equals(s) || path.startsWith(s) && path.length() > s.length() && path.charAt(s.length()) == '/') {
                return s;
            }
        }
        return null;
    }

    /** Whether the directory (the root is {@code ""}) lies on the way to a sparse path. */
    static boolean leadsTo(List<String> sparse, String directory) {
        return directory.isEmpty() || sparse.stream().anyMatch(s -> s.startsWith(directory + "/"));
    }

    /** The error for a sparse path that the tree does not have. */
    static PathNotFoundException notFound(String path, String remote) {
        return new PathNotFoundException("sparse path '" + path + "' does not exist in the tree of " + remote, path);
    }
}
