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
