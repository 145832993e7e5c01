package dev.gitsource.auth.github;

import dev.gitsource.AuthenticationException;
import dev.gitsource.GitTransportException;
import dev.gitsource.Redaction;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two GitHub App endpoints this plugin calls, on github.com or a GitHub Enterprise
 * Server: the installation of an account, and an installation access token. It maps GitHub's
 * answers to gitsource errors: a refusal (401, 403, 404, 422) is an
 * {@link AuthenticationException}, a server error or rate limit a retryable
 * {@link GitTransportException}. Thread-safe; it keeps no state between calls.
 */
final class GitHubApi {
    /** The REST API version whose answers this client reads. */
    static final String API_VERSION = "2022-11-28";
    private static final Logger LOG = LoggerFactory.getLogger(GitHubApi.class);

    /** An installation access token; {@link #toString()} hides the token. */
    record AccessToken(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "AccessToken[token=***, expiresAt=" + expiresAt + "]";
        }
    }

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final String appId;

    /**
     * @param base the REST API base, checked by {@link #checkBase}
     * @param http the client to send with
     * @param timeout the timeout of each request
     * @param appId the app, for messages only
     */
    GitHubApi(URI base, HttpClient http, Duration timeout, String appId) {
        this.base = checkBase(base);
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.appId = Objects.requireNonNull(appId, "appId");
    }

    /** @return the API base, without a trailing slash */
    URI base() {
        return base;
    }

    /**
     * Looks up the installation on an account: as an organization's first, then as a user's,
     * because an account is one or the other.
     *
     * @param owner the account name, already checked to be one (it becomes a path segment)
     * @param jwt the app's JWT
     * @return the installation id
     * @throws AuthenticationException if the app is not installed there or the JWT is refused
     */
    long installationOf(String owner, String jwt) {
        for (String kind : new String[] {"orgs", "users"}) {
            URI uri = uri("/" + kind + "/" + owner + "/installation");
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri).GET(), jwt);
            if (r.statusCode() == 404) {
                continue;
            }
            if (r.statusCode() != 200) {
                throw failure("refused the installation lookup for app " + appId, uri, r);
            }
            try {
                // The top-level id: the body's "account" object has an id of its own.
                long found = ((BigDecimal) Json.parseObject(r.body()).get("id")).longValueExact();
                LOG.debug("GitHub App {}: installation {} for {}", appId, found, owner);
                return found;
            } catch (IllegalArgumentException | ClassCastException | NullPointerException | ArithmeticException e) {
                throw new GitTransportException("GitHub API at " + uri
                        + " answered with an installation that has no numeric id", false, null);
            }
        }
        throw new AuthenticationException("GitHub App " + appId + " is not installed for organization or user '"
                + owner + "' (GitHub API at " + base + ")", null);
    }

    /**
     * Asks for a new installation access token.
     *
     * @param installationId the installation
     * @param jwt the app's JWT
     * @return the token and when it expires
     * @throws AuthenticationException if GitHub refuses
     * @throws GitTransportException if GitHub cannot be reached or its answer is not understood
     */
    AccessToken accessToken(long installationId, String jwt) {
        URI uri = uri("/app/installations/" + installationId + "/access_tokens");
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()), jwt);
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw failure("refused an installation token for app " + appId, uri, r);
        }
        try {
            Map<String, Object> body = Json.parseObject(r.body());
            String token = (String) body.get("token");
            Instant expires = Instant.parse((String) body.get("expires_at"));
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("no token");
            }
            return new AccessToken(token, expires);
        } catch (IllegalArgumentException | ClassCastException | NullPointerException | DateTimeParseException e) {
            // Never quote the body: it may hold the token.
            throw new GitTransportException("GitHub API at " + uri
                    + " answered with an installation token response that is not understood", false, null);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String jwt) {
        HttpRequest r = request.header("Authorization", "Bearer " + jwt)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", API_VERSION)
                .header("User-Agent", "gitsource")
                .timeout(timeout)
                .build();
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new GitTransportException("cannot reach the GitHub API at " + r.uri() + ": " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitTransportException("interrupted while calling the GitHub API at " + r.uri(), false, e);
        }
    }

    private static RuntimeException failure(String what, URI uri, HttpResponse<String> r) {
        int status = r.statusCode();
        String message = "GitHub API at " + uri + " " + what + ": HTTP " + status + githubMessage(r.body());
        if (status == 401 || status == 403 || status == 404 || status == 422) {
            return new AuthenticationException(message, null);
        }
        return new GitTransportException(message, status >= 500 || status == 429, null);
    }

    /** GitHub's error body is {@code {"message": "...", "documentation_url": "..."}}. */
    private static String githubMessage(String body) {
        try {
            Object m = Json.parseObject(body).get("message");
            if (m instanceof String s && !s.isBlank()) {
                return " (" + Redaction.redact(s.length() > 200 ? s.substring(0, 200) + "..." : s) + ")";
            }
        } catch (IllegalArgumentException e) {
            // not JSON: say nothing more
        }
        return "";
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    /**
     * HTTPS, or plain HTTP to a loopback address only (local fakes): the JWT is a secret.
     *
     * @return the base without trailing slashes
     * @throws IllegalArgumentException if the base is not such a URL
     */
    static URI checkBase(URI base) {
        if (base.getScheme() == null || base.getHost() == null || base.getRawUserInfo() != null || base.getRawQuery() != null
                || base.getRawFragment() != null) {
            throw new IllegalArgumentException("GitHub API base must be a plain http(s) URL: " + Redaction.redact(base));
        }
        String scheme = base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(base.getHost()))) {
            throw new IllegalArgumentException("GitHub API base must use https: " + Redaction.redact(base));
        }
        String s = base.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s);
    }

    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Literal addresses only; getByName on a literal does not resolve.
        if (!host.matches("[0-9.]+|\\[[0-9a-fA-F:.]+\\]")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
