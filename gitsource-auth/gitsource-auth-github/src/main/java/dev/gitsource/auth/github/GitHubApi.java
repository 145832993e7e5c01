package dev.gitsource.auth.github;

import dev.gitsource.AuthenticationException;
import dev.gitsource.GitTransportException;
import dev.gitsource.Redaction;
import dev.gitsource.auth.PluginHttpClient;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
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
 * {@link GitTransportException}; a rate limit's carries the wait GitHub asks for
 * ({@link GitTransportException#retryAfter()}), which the client's retry policy honours.
 * Thread-safe; it keeps no state between calls.
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
    private final PluginHttpClient http;
    private final Duration timeout;
    private final String appId;
    private final Clock clock;

    /**
     * @param base the REST API base, checked by {@link #checkBase}
     * @param http the client to send with: the gitsource client's, or one of {@link #jdk}
     * @param timeout the timeout of each request
     * @param appId the app, for messages only
     * @param clock the time against which a rate limit's reset time is read
     */
    GitHubApi(URI base, PluginHttpClient http, Duration timeout, String appId, Clock clock) {
        this.base = checkBase(base);
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.appId = Objects.requireNonNull(appId, "appId");
        this.clock = Objects.requireNonNull(clock, "clock");
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
            PluginHttpClient.Response r = send("GET", uri, jwt);
            if (r.status() == 404) {
                continue;
            }
            if (r.status() != 200) {
                throw failure("refused the installation lookup for app " + appId, uri, r);
            }
            try {
                // The top-level id: the body's "account" object has an id of its own.
                long found = ((BigDecimal) Json.parseObject(r.bodyText()).get("id")).longValueExact();
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
        PluginHttpClient.Response r = send("POST", uri, jwt);
        if (r.status() != 201 && r.status() != 200) {
            throw failure("refused an installation token for app " + appId, uri, r);
        }
        try {
            Map<String, Object> body = Json.parseObject(r.bodyText());
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

    private PluginHttpClient.Response send(String method, URI uri, String jwt) {
        Map<String, String> headers = Map.of("Authorization", "Bearer " + jwt,
                "Accept", "application/vnd.github+json",
                "X-GitHub-Api-Version", API_VERSION,
                "User-Agent", "gitsource");
        try {
            return http.send(method, uri, headers, method.equals("POST") ? new byte[0] : null, timeout);
        } catch (IOException e) {
            throw new GitTransportException("cannot reach the GitHub API at " + uri + ": " + e, true, e);
        } catch (RuntimeException e) {
            if (e instanceof dev.gitsource.GitSourceException g) {
                throw g;
            }
            throw new GitTransportException("cannot reach the GitHub API at " + uri + ": " + e, false, e);
        }
    }

    /**
     * A caller's JDK client as the plugin's HTTP, for {@code Builder.httpClient(HttpClient)} and
     * for a provider made without a gitsource client.
     *
     * @param client the JDK client
     * @return the same requests, sent with it
     */
    static PluginHttpClient jdk(HttpClient client) {
        return (method, uri, headers, body, timeout) -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(b::header);
            try {
                HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                return new PluginHttpClient.Response(r.statusCode(), r.headers().map(), r.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while calling " + uri, e);
            }
        };
    }

    private RuntimeException failure(String what, URI uri, PluginHttpClient.Response r) {
        int status = r.status();
        String message = "GitHub API at " + uri + " " + what + ": HTTP " + status + githubMessage(r.bodyText());
        Duration wait = rateLimitWait(r);
        if (wait != null) {
            return new GitTransportException(message + "; rate limited: GitHub asks to retry after " + wait.toSeconds()
                    + " s", true, wait, null);
        }
        if (status == 401 || status == 403 || status == 404 || status == 422) {
            return new AuthenticationException(message, null);
        }
        return new GitTransportException(message, status >= 500 || status == 429, null);
    }

    /**
     * The wait of a rate-limit answer, as GitHub documents it ("Rate limits for the REST API"):
     * a 403 or 429 with {@code retry-after} seconds; else, with {@code x-ratelimit-remaining: 0},
     * until {@code x-ratelimit-reset} (UTC epoch seconds); else a 429 waits a minute. A 503 with
     * {@code retry-after} (a GitHub Enterprise Server in maintenance) waits as asked.
     *
     * @return the wait, or null if the answer is no rate limit (a 403 without these headers is a refusal)
     */
    private Duration rateLimitWait(PluginHttpClient.Response r) {
        int status = r.status();
        if (status != 403 && status != 429 && status != 503) {
            return null;
        }
        Long retryAfter = seconds(r.header("retry-after").orElse(null));
        if (retryAfter != null) {
            return Duration.ofSeconds(retryAfter);
        }
        Long reset = seconds(r.header("x-ratelimit-reset").orElse(null));
        if (status != 503 && reset != null && "0".equals(r.header("x-ratelimit-remaining").map(String::trim).orElse(null))) {
            return Duration.ofSeconds(Math.max(0, reset - clock.instant().getEpochSecond()));
        }
        return status == 429 ? Duration.ofMinutes(1) : null;
    }

    /** A header's whole non-negative number of seconds, or null. */
    private static Long seconds(String value) {
        if (value == null || !value.trim().matches("[0-9]{1,12}")) {
            return null;
        }
        return Long.parseLong(value.trim());
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
