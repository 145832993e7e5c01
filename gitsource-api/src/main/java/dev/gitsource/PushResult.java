package dev.gitsource;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of a push that the server accepted. A final class rather than a record so that
 * parts can be added without breaking code compiled against this one.
 */
public final class PushResult {
    private final List<RefUpdate> updates;
    private final String serverMessages;

    /**
     * For implementations, which make the result; callers only read it. Copies the list.
     *
     * @param updates the status of every ref the push updated
     * @param serverMessages what the server printed (hook output), or null for nothing
     */
    public PushResult(List<RefUpdate> updates, String serverMessages) {
        this.updates = List.copyOf(updates);
        this.serverMessages = serverMessages == null ? "" : serverMessages;
    }

    /** @return the status of every ref the push updated */
    public List<RefUpdate> updates() {
        return updates;
    }

    /** @return what the server printed (hook output); empty if nothing */
    public String serverMessages() {
        return serverMessages;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PushResult p && p.updates.equals(updates) && p.serverMessages.equals(serverMessages);
    }

    @Override
    public int hashCode() {
        return Objects.hash(updates, serverMessages);
    }

    @Override
    public String toString() {
        return "PushResult[updates=" + updates + ", serverMessages=" + serverMessages + "]";
    }
}
