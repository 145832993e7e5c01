package dev.gitsource.auth;

import java.net.URI;
import java.util.Objects;

/**
 * What a {@link GitCredentialsProvider} is asked for.
 *
 * @param remote the remote URI (without user information)
 * @param refused true if the server refused the credentials this provider returned last
 *     time (HTTP 401/403 or SSH auth failure): a caching provider must fetch new ones
 */
public record CredentialsRequest(URI remote, boolean refused) {
    /**
     * Checks the remote.
     *
     * @param remote see the record component
     * @param refused see the record component
     */
    public CredentialsRequest {
        Objects.requireNonNull(remote, "remote");
    }
}
