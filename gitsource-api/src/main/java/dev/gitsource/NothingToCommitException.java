package dev.gitsource;

/** A commit was asked for but the working tree has no change. Carries the current head. */
public class NothingToCommitException extends GitSourceException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;
    /** Not serialized. */
    private final transient Commit head;

    /**
     * @param message what was attempted
     * @param head the current head commit, unchanged
     */
    public NothingToCommitException(String message, Commit head) {
        super(message);
        this.head = head;
    }

    /** @return the current head commit, which the attempt left unchanged */
    public Commit head() {
        return head;
    }
}
