package dev.gitsource;

import java.util.List;

/**
 * The branch, tag, ref, commit or semver range asked for does not exist on the remote.
 * {@link #seen()} lists the candidates the remote did offer (for a semver range: the tags).
 */
public class RefNotFoundException extends GitSourceException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;
    /** Not serialized. */
    private final transient List<String> seen;

    /**
     * @param message names what was asked for and the remote
     * @param seen the candidates the remote offered; may be empty
     */
    public RefNotFoundException(String message, List<String> seen) {
        super(message);
        this.seen = List.copyOf(seen);
    }

    /** @return the candidate names the remote offered, possibly empty */
    public List<String> seen() {
        return seen == null ? List.of() : seen;
    }
}
