package dev.gitsource.auth;

import dev.gitsource.GitSourceException;

/**
 * A provider did not try: it is not configured for this environment or remote (no
 * environment variables, no token file). A {@linkplain GitCredentialsProvider#chain chain}
 * moves on to the next provider; any other exception stops the chain.
 */
public class CredentialsUnavailableException extends GitSourceException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** @param message why the provider did not try */
    public CredentialsUnavailableException(String message) {
        super(message);
    }
}
