package dev.gitsource.jgit.internal;

import dev.gitsource.AuthenticationException;

/**
 * The one authentication failure after which asking the credentials provider again can help:
 * the server itself refused the credentials (HTTP 401 or 403, SSH authentication refused).
 * An untrusted certificate or host key, the plain-http refusal, an unreadable key or a proxy
 * refusal stay plain {@link AuthenticationException}s: no new token fixes them, and a provider
 * such as a GitHub App would mint one for nothing. Callers see an AuthenticationException.
 */
final class CredentialsRefusedException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    CredentialsRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
