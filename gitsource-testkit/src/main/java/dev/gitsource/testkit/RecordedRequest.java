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
 * @param filter the object filter of a fetch ({@code filter blob:none} is recorded as
 *     {@code blob:none}), or null when the client sent none
 */
public record RecordedRequest(String transport, String service, String command, String repository,
        int protocolVersion, String authScheme, String user, int status, List<String> refPrefixes,
        List<String> wants, int deepen, List<String> shallows, List<String> pushedRefs, List<String> pushOptions,
        long bytesSent, String filter) {
    /** Copies the lists. */
    public RecordedRequest {
        refPrefixes = List.copyOf(refPrefixes);
        wants = List.copyOf(wants);
        shallows = List.copyOf(shallows);
        pushedRefs = List.copyOf(pushedRefs);
        pushOptions = List.copyOf(pushOptions);
    }

    /**
     * A request without a filter, the form before filters were recorded.
     *
     * @param transport see the record
     * @param service see the record
     * @param command see the record
     * @param repository see the record
     * @param protocolVersion see the record
     * @param authScheme see the record
     * @param user see the record
     * @param status see the record
     * @param refPrefixes see the record
     * @param wants see the record
     * @param deepen see the record
     * @param shallows see the record
     * @param pushedRefs see the record
     * @param pushOptions see the record
     * @param bytesSent see the record
     */
    public RecordedRequest(String transport, String service, String command, String repository, int protocolVersion,
            String authScheme, String user, int status, List<String> refPrefixes, List<String> wants, int deepen,
            List<String> shallows, List<String> pushedRefs, List<String> pushOptions, long bytesSent) {
        this(transport, service, command, repository, protocolVersion, authScheme, user, status, refPrefixes, wants,
                deepen, shallows, pushedRefs, pushOptions, bytesSent, null);
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
