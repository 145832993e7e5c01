package dev.gitsource.testkit;

import java.util.List;

/**
 * One request a {@link GitServer} served, as the client sent it. Never holds a secret: the
 * auth scheme and user name are recorded, not the password or token.
 *
 * @param transport {@code http}, {@code https}, {@code ssh} or {@code git}
 * @param service {@code git-upload-pack} or {@code git-receive-pack}
 * @param command for protocol v2: {@code ls-refs} or {@code fetch}; for v0/v1: {@code advertise}
 *     (the ref advertisement), {@code fetch} or {@code push}
 * @param repository the repository path without {@code .git}, such as {@code org/app}
 * @param protocolVersion 0, 1 or 2
 * @param authScheme {@code Basic}, {@code Bearer}, {@code publickey}, {@code password}, or null
 * @param user the authenticated user, or null
 * @param status the HTTP status sent (200 for other transports unless refused)
 * @param refPrefixes the {@code ref-prefix} arguments of an ls-refs request
 * @param wants the object ids wanted
 * @param deepen the requested depth ({@code deepen N}), or 0
 * @param shallows the client's shallow commits
 * @param pushedRefs ref updates of a push, as {@code old new ref}
 * @param pushOptions push options ({@code git push -o})
 * @param bytesSent bytes the server sent in its response
 */
public record RecordedRequest(String transport, String service, String command, String repository,
        int protocolVersion, String authScheme, String user, int status, List<String> refPrefixes,
        List<String> wants, int deepen, List<String> shallows, List<String> pushedRefs, List<String> pushOptions,
        long bytesSent) {
    /**
     * Copies the lists.
     *
     * @param transport see the record component
     * @param service see the record component
     * @param command see the record component
     * @param repository see the record component
     * @param protocolVersion see the record component
     * @param authScheme see the record component
     * @param user see the record component
     * @param status see the record component
     * @param refPrefixes see the record component
     * @param wants see the record component
     * @param deepen see the record component
     * @param shallows see the record component
     * @param pushedRefs see the record component
     * @param pushOptions see the record component
     * @param bytesSent see the record component
     */
    public RecordedRequest {
        refPrefixes = List.copyOf(refPrefixes);
        wants = List.copyOf(wants);
        shallows = List.copyOf(shallows);
        pushedRefs = List.copyOf(pushedRefs);
        pushOptions = List.copyOf(pushOptions);
    }

    /** @return true for a protocol v2 ls-refs request */
    public boolean isLsRefs() {
        return "ls-refs".equals(command);
    }

    /** @return true for a request that asked for a pack */
    public boolean isFetch() {
        return "fetch".equals(command);
    }
}
