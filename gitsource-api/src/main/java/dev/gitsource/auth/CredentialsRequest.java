package dev.gitsource.auth;

import java.net.URI;
import java.util.Objects;

/**
 * What a {@link GitCredentialsProvider} is asked for. A final class rather than a record so
 * that parts can be added without breaking providers compiled against this one.
 */
public final class CredentialsRequest {
    private final URI remote;
    private final boolean refused;

    /**
     * Made by the implementation for each request; providers only read it (and tests make it).
     *
     * @param remote the remote URI (without user information)
     * @param refused true if the server refused the credentials this provider returned last
     *     time (HTTP 401/403 or SSH auth failure): a caching provider must fetch new ones
     */
    public CredentialsRequest(URI remote, boolean refused) {
        this.remote = Objects.requireNonNull(remote, "remote");
        this.refused = refused;
    }

    /** @return the remote URI (without user information) */
    public URI remote() {
        return remote;
    }

    /**
     * @return true if the server refused the credentials this provider returned last time
     *     (HTTP 401/403 or SSH auth failure): a caching provider must fetch new ones
     */
    public boolean refused() {
        return refused;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CredentialsRequest r && r.remote.equals(remote) && r.refused == refused;
    }

    @Override
    public int hashCode() {
        return Objects.hash(remote, refused);
    }

    @Override
    public String toString() {
        return "CredentialsRequest[remote=" + remote + ", refused=" + refused + "]";
    }
}
