package dev.gitsource.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Credentials for one remote: anonymous, HTTP basic, a bearer token, an SSH key, or the keys
 * of an ssh-agent. Each
 * may carry an expiry, after which the provider is asked again. {@code toString()} never
 * prints a secret.
 */
public sealed interface GitCredentials {

    /** @return when these credentials stop working, if known */
    Optional<Instant> expiresAt();

    /** No credentials. */
    record Anonymous() implements GitCredentials {
        @Override
        public Optional<Instant> expiresAt() {
            return Optional.empty();
        }
    }

    /**
     * HTTP basic credentials, sent preemptively over HTTPS.
     *
     * @param username the user name
     * @param password the password or token
     * @param expires when the password stops working, or null
     */
    record Basic(String username, String password, Instant expires) implements GitCredentials {
        /**
         * Validates the parts.
         *
         * @param username see the record component
         * @param password see the record component
         * @param expires see the record component
         */
        public Basic {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            if (username.isEmpty() || username.contains(":")) {
                throw new IllegalArgumentException("username must be non-empty and have no ':': '" + username + "'");
            }
        }

        @Override
        public Optional<Instant> expiresAt() {
            return Optional.ofNullable(expires);
        }

        @Override
        public String toString() {
            // CodeCommit user names are "AccessKeyId%SessionToken": print only the part before '%'.
            int secret = username.indexOf('%');
            String shown = secret < 0 ? username : username.substring(0, secret) + "%***";
            return "Basic[username=" + shown + ", password=***" + expiry(expires) + "]";
        }
    }

    /**
     * A bearer token, sent as {@code Authorization: Bearer <token>}.
     *
     * @param token the token
     * @param expires when the token stops working, or null
     */
    record Bearer(String token, Instant expires) implements GitCredentials {
        /**
         * Validates the token.
         *
         * @param token see the record component
         * @param expires see the record component
         */
        public Bearer {
            Objects.requireNonNull(token, "token");
            if (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
                throw new IllegalArgumentException("bearer token must be non-blank printable text");
            }
        }

        @Override
        public Optional<Instant> expiresAt() {
            return Optional.ofNullable(expires);
        }

        @Override
        public String toString() {
            return "Bearer[token=***" + expiry(expires) + "]";
        }
    }

    /**
     * An SSH private key.
     *
     * @param username the SSH user ({@code git} for most hosts)
     * @param privateKeyPem the key in OpenSSH, PEM or PKCS#8 format
     * @param passphrase the key's passphrase, or null if it is not encrypted
     */
    record SshKey(String username, String privateKeyPem, String passphrase) implements GitCredentials {
        /**
         * Validates the parts.
         *
         * @param username see the record component
         * @param privateKeyPem see the record component
         * @param passphrase see the record component
         */
        public SshKey {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(privateKeyPem, "privateKeyPem");
            if (username.isBlank()) {
                throw new IllegalArgumentException("SSH username must not be blank");
            }
            if (!privateKeyPem.contains("-----BEGIN ") || !privateKeyPem.contains("PRIVATE KEY-----")) {
                throw new IllegalArgumentException("SSH private key is not PEM or OpenSSH text");
            }
        }

        @Override
        public Optional<Instant> expiresAt() {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "SshKey[username=" + username + ", key=***" + (passphrase == null ? "" : ", passphrase=***") + "]";
        }
    }

    /**
     * The keys an ssh-agent holds: the agent signs, so no private key enters this process.
     *
     * @param username the SSH user ({@code git} for most hosts)
     * @param socket the agent's Unix socket, or null for the process environment's {@code SSH_AUTH_SOCK}
     */
    record SshAgent(String username, String socket) implements GitCredentials {
        /**
         * Validates the parts.
         *
         * @param username see the record component
         * @param socket see the record component
         */
        public SshAgent {
            Objects.requireNonNull(username, "username");
            if (username.isBlank()) {
                throw new IllegalArgumentException("SSH username must not be blank");
            }
            if (socket != null && socket.isBlank()) {
                throw new IllegalArgumentException("ssh-agent socket must not be blank (null: SSH_AUTH_SOCK)");
            }
        }

        @Override
        public Optional<Instant> expiresAt() {
            return Optional.empty();
        }
    }

    private static String expiry(Instant expires) {
        return expires == null ? "" : ", expires=" + expires;
    }

    /** @return no credentials */
    static GitCredentials anonymous() {
        return new Anonymous();
    }

    /**
     * @param username the user name
     * @param password the password or token
     * @return HTTP basic credentials
     */
    static GitCredentials basic(String username, String password) {
        return new Basic(username, password, null);
    }

    /**
     * @param token the token
     * @return a bearer token
     */
    static GitCredentials bearer(String token) {
        return new Bearer(token, null);
    }

    /**
     * @param username the SSH user
     * @param privateKeyPem the private key text
     * @param passphrase its passphrase, or null
     * @return SSH key credentials
     */
    static GitCredentials sshKey(String username, String privateKeyPem, String passphrase) {
        return new SshKey(username, privateKeyPem, passphrase);
    }

    /**
     * @param username the SSH user
     * @return the keys of the ssh-agent at {@code SSH_AUTH_SOCK}
     */
    static GitCredentials sshAgent(String username) {
        return new SshAgent(username, null);
    }

    /**
     * @param username the SSH user
     * @param socket the agent's Unix socket
     * @return the keys of the ssh-agent listening there
     */
    static GitCredentials sshAgent(String username, String socket) {
        return new SshAgent(username, Objects.requireNonNull(socket, "socket"));
    }

    /**
     * A GitHub personal access token or fine-grained token (any user name works; GitHub
     * documents {@code x-access-token} for tokens).
     *
     * @param token the token
     * @return basic credentials
     */
    static GitCredentials githubToken(String token) {
        return basic("x-access-token", token);
    }

    /**
     * A GitLab personal, project or group access token: GitLab accepts {@code oauth2} as
     * the user name for any token.
     *
     * @param token the token
     * @return basic credentials
     */
    static GitCredentials gitlabToken(String token) {
        return basic("oauth2", token);
    }

    /**
     * A Bitbucket Cloud repository, project or workspace access token: the user name is
     * {@code x-token-auth}.
     *
     * @param token the token
     * @return basic credentials
     */
    static GitCredentials bitbucketAccessToken(String token) {
        return basic("x-token-auth", token);
    }
}
