package dev.gitsource.auth;

import java.util.List;

/**
 * Supplies credentials for a remote, when a connection needs them. Implementations must be
 * thread-safe; they may cache, and must fetch anew when {@link CredentialsRequest#refused()}.
 */
@FunctionalInterface
public interface GitCredentialsProvider {
    /**
     * @param request the remote, and whether the last answer was refused
     * @return credentials; {@link GitCredentials#anonymous()} for none
     * @throws CredentialsUnavailableException if this provider does not apply (a chain moves on)
     * @throws dev.gitsource.AuthenticationException if it applies but failed (a chain stops)
     */
    GitCredentials resolve(CredentialsRequest request);

    /**
     * Whether this provider gives the same credentials whatever remote it is asked for, as
     * {@link #of(GitCredentials)} does. Such credentials go only to the server of a remote the
     * caller names: a submodule on another server (its URL chosen by the repository's content,
     * not by the caller) is resolved without this provider. A provider that looks at
     * {@link CredentialsRequest#remote()} keeps the default, false, and is asked for every remote.
     *
     * @return true if the answer does not depend on the remote
     */
    default boolean sameForEveryRemote() {
        return false;
    }

    /**
     * @param credentials fixed credentials
     * @return a provider that always returns them
     */
    static GitCredentialsProvider of(GitCredentials credentials) {
        java.util.Objects.requireNonNull(credentials, "credentials");
        return new GitCredentialsProvider() {
            @Override
            public GitCredentials resolve(CredentialsRequest request) {
                return credentials;
            }

            @Override
            public boolean sameForEveryRemote() {
                return true;
            }

            @Override
            public String toString() {
                return "fixed " + credentials;
            }
        };
    }

    /**
     * @param providers providers to try in order
     * @return a chain that returns the first provider's credentials that is available
     */
    static GitCredentialsProvider chain(GitCredentialsProvider... providers) {
        return new GitCredentialsProviderChain(List.of(providers));
    }
}
