package dev.gitsource;

import java.util.List;

/**
 * An update would overwrite work in the working copy: uncommitted changes, untracked files
 * or local commits. Nothing was changed; update with {@code discardLocalChanges(true)} to
 * replace them.
 */
public class LocalChangesException extends GitSourceException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;
    /** Not serialized. */
    private final transient List<String> paths;

    /**
     * @param message names the working copy and what is changed
     * @param paths the changed or untracked paths (relative to the working copy), possibly empty
     */
    public LocalChangesException(String message, List<String> paths) {
        super(message);
        this.paths = List.copyOf(paths);
    }

    /** @return the changed or untracked paths, relative to the working copy; empty for local commits */
    public List<String> paths() {
        return paths == null ? List.of() : paths;
    }
}
