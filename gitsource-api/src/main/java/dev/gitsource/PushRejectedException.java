package dev.gitsource;

import java.util.List;

/**
 * The server refused one or more ref updates of a push (non-fast-forward, a hook, a
 * protected branch). The local commits are untouched. {@link #updates()} says, per ref,
 * what happened and why.
 */
public class PushRejectedException extends GitSourceException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;
    /** Not serialized. */
    private final transient List<RefUpdate> updates;

    /**
     * @param message names the remote and the rejected refs
     * @param updates the status of every ref the push tried to update
     */
    public PushRejectedException(String message, List<RefUpdate> updates) {
        super(message);
        this.updates = List.copyOf(updates);
    }

    /** @return the status of every ref the push tried to update, rejected or not */
    public List<RefUpdate> updates() {
        return updates == null ? List.of() : updates;
    }
}
