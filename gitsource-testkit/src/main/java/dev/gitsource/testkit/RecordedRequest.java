package dev.gitsource.testkit;

import java.util.List;
import java.util.Objects;

/**
 * One request a {@link GitServer} served, as the client sent it. Never holds a secret: the
 * auth scheme and user name are recorded, not the password or token. A final class rather than
 * a record so that the server can record more without breaking tests compiled against this one.
 */
public final class RecordedRequest {
    private final String transport;
    private final String service;
    private final String command;
    private final String repository;
    private final int protocolVersion;
    private final String authScheme;
    private final String user;
    private final int status;
    private final List<String> refPrefixes;
    private final List<String> wants;
    private final int deepen;
    private final List<String> shallows;
    private final List<String> pushedRefs;
    private final List<String> pushOptions;
    private final long bytesSent;
    private final String filter;

    /** Made by the server's recorder; copies the lists. */
    RecordedRequest(String transport, String service, String command, String repository,
            int protocolVersion, String authScheme, String user, int status, List<String> refPrefixes,
            List<String> wants, int deepen, List<String> shallows, List<String> pushedRefs, List<String> pushOptions,
            long bytesSent, String filter) {
        this.transport = transport;
        this.service = service;
        this.command = command;
        this.repository = repository;
        this.protocolVersion = protocolVersion;
        this.authScheme = authScheme;
        this.user = user;
        this.status = status;
        this.refPrefixes = List.copyOf(refPrefixes);
        this.wants = List.copyOf(wants);
        this.deepen = deepen;
        this.shallows = List.copyOf(shallows);
        this.pushedRefs = List.copyOf(pushedRefs);
        this.pushOptions = List.copyOf(pushOptions);
        this.bytesSent = bytesSent;
        this.filter = filter;
    }

    /** A request without a filter. */
    RecordedRequest(String transport, String service, String command, String repository, int protocolVersion,
            String authScheme, String user, int status, List<String> refPrefixes, List<String> wants, int deepen,
            List<String> shallows, List<String> pushedRefs, List<String> pushOptions, long bytesSent) {
        this(transport, service, command, repository, protocolVersion, authScheme, user, status, refPrefixes, wants,
                deepen, shallows, pushedRefs, pushOptions, bytesSent, null);
    }

    /** @return {@code http}, {@code https}, {@code ssh} or {@code git} */
    public String transport() {
        return transport;
    }

    /** @return {@code git-upload-pack}, {@code git-receive-pack}, or {@code git-lfs} */
    public String service() {
        return service;
    }

    /**
     * @return for protocol v2: {@code ls-refs} or {@code fetch}; for v0/v1: {@code advertise}
     *     (the ref advertisement), {@code fetch} or {@code push}; for Git LFS: {@code batch},
     *     {@code download}, {@code upload}, {@code locks} or {@code other}
     */
    public String command() {
        return command;
    }

    /** @return the repository path without {@code .git}, such as {@code org/app} */
    public String repository() {
        return repository;
    }

    /** @return 0, 1 or 2 */
    public int protocolVersion() {
        return protocolVersion;
    }

    /** @return {@code Basic}, {@code Bearer}, {@code publickey}, {@code password}, or null */
    public String authScheme() {
        return authScheme;
    }

    /**
     * @return the user name the client sent: HTTP basic (accepted or not, also where the server
     *     requires no credentials) or the SSH user; null if none
     */
    public String user() {
        return user;
    }

    /** @return the HTTP status sent (200 for other transports unless refused) */
    public int status() {
        return status;
    }

    /** @return the {@code ref-prefix} arguments of an ls-refs request */
    public List<String> refPrefixes() {
        return refPrefixes;
    }

    /**
     * @return the object ids wanted; for Git LFS requests the SHA-256 of the objects asked for
     *     (batch) or sent (download, upload)
     */
    public List<String> wants() {
        return wants;
    }

    /** @return the requested depth ({@code deepen N}), or 0 */
    public int deepen() {
        return deepen;
    }

    /** @return the client's shallow commits */
    public List<String> shallows() {
        return shallows;
    }

    /** @return ref updates of a push, as {@code old new ref} */
    public List<String> pushedRefs() {
        return pushedRefs;
    }

    /** @return push options ({@code git push -o}) */
    public List<String> pushOptions() {
        return pushOptions;
    }

    /** @return bytes the server sent in its response */
    public long bytesSent() {
        return bytesSent;
    }

    /**
     * @return the object filter of a fetch ({@code filter blob:none} is recorded as
     *     {@code blob:none}), or null when the client sent none
     */
    public String filter() {
        return filter;
    }

    /** @return true for a protocol v2 ls-refs request */
    public boolean isLsRefs() {
        return "ls-refs".equals(command);
    }

    /** @return true for a request to the Git LFS API ({@link GitServer.Builder#lfs()}) */
    public boolean isLfs() {
        return "git-lfs".equals(service);
    }

    /** @return true for a request that asked for a pack */
    public boolean isFetch() {
        return "fetch".equals(command);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordedRequest r && Objects.equals(r.transport, transport)
                && Objects.equals(r.service, service) && Objects.equals(r.command, command)
                && Objects.equals(r.repository, repository) && r.protocolVersion == protocolVersion
                && Objects.equals(r.authScheme, authScheme) && Objects.equals(r.user, user) && r.status == status
                && r.refPrefixes.equals(refPrefixes) && r.wants.equals(wants) && r.deepen == deepen
                && r.shallows.equals(shallows) && r.pushedRefs.equals(pushedRefs)
                && r.pushOptions.equals(pushOptions) && r.bytesSent == bytesSent && Objects.equals(r.filter, filter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(transport, service, command, repository, protocolVersion, authScheme, user, status,
                refPrefixes, wants, deepen, shallows, pushedRefs, pushOptions, bytesSent, filter);
    }

    @Override
    public String toString() {
        return "RecordedRequest[transport=" + transport + ", service=" + service + ", command=" + command
                + ", repository=" + repository + ", protocolVersion=" + protocolVersion + ", authScheme="
                + authScheme + ", user=" + user + ", status=" + status + ", refPrefixes=" + refPrefixes
                + ", wants=" + wants + ", deepen=" + deepen + ", shallows=" + shallows + ", pushedRefs="
                + pushedRefs + ", pushOptions=" + pushOptions + ", bytesSent=" + bytesSent + ", filter=" + filter + "]";
    }
}
