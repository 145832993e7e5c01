package dev.gitsource.jgit.internal;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jgit.lib.FileMode;

/**
 * Checks the paths of one tree, in tree order, before anything of it is written: each path
 * passes {@link PathRules}; no two entries share a name in any letter case; no entry goes
 * through a file or symlink that an earlier entry is; {@code .gitmodules} is no symlink.
 */
final class TreeCheck {
    private final String remote;
    private final Set<String> nonDirectories = new HashSet<>();
    private final Set<String> directories = new HashSet<>();
    private final Set<String> seen = new HashSet<>();

    /** @param remote the remote's redacted URL, for messages */
    TreeCheck(String remote) {
        this.remote = remote;
    }

    /** @throws dev.gitsource.UnsafeContentException if the entry may not be written */
    void check(String path, FileMode mode) {
        PathRules.check(path, remote);
        String folded = path.toLowerCase(Locale.ROOT);
        if (!seen.add(folded)) {
            throw PathRules.unsafe(path, remote, "collides with another entry of the same name in another case");
        }
        if (directories.contains(folded)) {
            throw PathRules.unsafe(path, remote, "collides with a directory of an earlier entry");
        }
        for (int slash = folded.indexOf('/'); slash > 0; slash = folded.indexOf('/', slash + 1)) {
            String directory = folded.substring(0, slash);
            if (nonDirectories.contains(directory)) {
                throw PathRules.unsafe(path, remote, "would be written through the symlink or file '"
                        + path.substring(0, slash) + "'");
            }
            directories.add(directory);
        }
        nonDirectories.add(folded);
        if (mode == FileMode.SYMLINK && (folded.equals(".gitmodules") || folded.endsWith("/.gitmodules"))) {
            throw PathRules.unsafe(path, remote, "is a symlink named .gitmodules");
        }
    }
}
