package dev.gitsource;

import java.util.List;

/**
 * The outcome of a push that the server accepted.
 *
 * @param updates the status of every ref the push updated
 * @param serverMessages what the server printed (hook output), if anything
 */
public record PushResult(List<RefUpdate> updates, String serverMessages) {
    /**
     * Copies the list.
     *
     * @param updates see the record component
     * @param serverMessages see the record component
     */
    public PushResult {
        updates = List.copyOf(updates);
        serverMessages = serverMessages == null ? "" : serverMessages;
    }
}
