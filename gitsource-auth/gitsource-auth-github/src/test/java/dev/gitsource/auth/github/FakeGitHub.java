package dev.gitsource.auth.github;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's App endpoints on 127.0.0.1, speaking GitHub's JSON: it checks each request's
 * JWT against the app's public key (signature, RS256 header, iss, iat/exp) before it answers.
 */
final class FakeGitHub implements AutoCloseable {
    /** One request as the fake saw it, with the JWT claims it verified. */
    record Seen(String method, String path, String accept, long iat, long exp, String iss) {}

    private final HttpServer server;
    private final String prefix;
    private final String appId;
    private final PublicKey publicKey;
    private final Clock clock;
    private final AtomicInteger issued = new AtomicInteger();
    private final Map<String, Long> installations = new ConcurrentHashMap<>();
    final List<Seen> requests = new CopyOnWriteArrayList<>();
    final List<String> issuedTokens = new CopyOnWriteArrayList<>();
    volatile int failWith; // 0 = answer normally
    /** Headers sent with {@link #failWith} (GitHub's rate-limit headers), and how many failures are left. */
    private volatile Map<String, String> failHeaders = Map.of();
    private final AtomicInteger failuresLeft = new AtomicInteger(Integer.MAX_VALUE);
    volatile String tokenAnswer; // null = a real token; else the 201 body of the access-token call

    FakeGitHub(String prefix, String appId, PublicKey publicKey, Clock clock) throws IOException {
        this(prefix, appId, publicKey, clock, null);
    }

    /** @param ca if not null, the fake speaks HTTPS with a certificate from this CA (a GitHub Enterprise on an internal CA) */
    FakeGitHub(String prefix, String appId, PublicKey publicKey, Clock clock, dev.gitsource.testkit.TestCa ca)
            throws IOException {
        this.prefix = prefix;
        this.appId = appId;
        this.publicKey = publicKey;
        this.clock = clock;
        InetSocketAddress at = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
        if (ca != null) {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(at, 0);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(ca.serverContext()));
            this.server = https;
        } else {
            this.server = HttpServer.create(at, 0);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * The fixture most tests share: app {@code appId} with {@link TestKeys#RSA}, installed on
     * organization {@code acme} (7890123) and user {@code octocat} (4242), at the root path.
     */
    static FakeGitHub withAcmeAndOctocat(String appId, Clock clock) throws IOException {
        return new FakeGitHub("", appId, TestKeys.RSA.getPublic(), clock)
                .installedOn("orgs/acme", 7890123)
                .installedOn("users/octocat", 4242);
    }

    /**
     * Answers the next {@code times} requests as GitHub does past a rate limit.
     *
     * @param status 403 or 429
     * @param headers such as {@code retry-after}, {@code x-ratelimit-remaining}, {@code x-ratelimit-reset}
     */
    FakeGitHub rateLimited(int status, Map<String, String> headers, int times) {
        failHeaders = Map.copyOf(headers);
        failuresLeft.set(times);
        failWith = status;
        return this;
    }

    /** @param path like {@code orgs/acme} or {@code users/octocat} */
    FakeGitHub installedOn(String path, long installationId) {
        installations.put(path, installationId);
        return this;
    }

    URI apiBase() {
        String scheme = server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + prefix);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!path.startsWith(prefix + "/")) {
                send(ex, 404, notFound());
                return;
            }
            path = path.substring(prefix.length());
            long[] claims = new long[2];
            String iss = verifyJwt(ex.getRequestHeaders().getFirst("Authorization"), claims);
            requests.add(new Seen(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Accept"),
                    claims[0], claims[1], iss));
            if (iss == null) {
                send(ex, 401, "{\"message\":\"A JSON web token could not be decoded\","
                        + "\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"401\"}");
                return;
            }
            if (failWith != 0 && failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                failHeaders.forEach(ex.getResponseHeaders()::set);
                send(ex, failWith, "{\"message\":\"" + (failHeaders.isEmpty() ? "Bad credentials"
                        : "API rate limit exceeded") + "\",\"documentation_url\":"
                        + "\"https://docs.github.com/rest\",\"status\":\"" + failWith + "\"}");
                return;
            }
            Matcher token = Pattern.compile("/app/installations/(\\d+)/access_tokens").matcher(path);
            Matcher lookup = Pattern.compile("/((?:orgs|users)/[^/]+)/installation").matcher(path);
            if (ex.getRequestMethod().equals("POST") && token.matches()
                    && installations.containsValue(Long.parseLong(token.group(1)))) {
                if (tokenAnswer != null) {
                    send(ex, 201, tokenAnswer);
                    return;
                }
                String t = "ghs_" + "16C7e42F292c6912E7710c838347Ae178B4a".substring(0, 30) + issued.incrementAndGet();
                issuedTokens.add(t);
                Instant expires = clock.instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
                send(ex, 201, "{\"token\":\"" + t + "\",\"expires_at\":\"" + expires + "\","
                        + "\"permissions\":{\"contents\":\"read\",\"metadata\":\"read\"},"
                        + "\"repository_selection\":\"selected\"}");
            } else if (ex.getRequestMethod().equals("GET") && lookup.matches()
                    && installations.containsKey(lookup.group(1))) {
                long id = installations.get(lookup.group(1));
                String login = lookup.group(1).substring(lookup.group(1).indexOf('/') + 1);
                // The account's own "id" comes first and differs: the client must take the top-level one.
                send(ex, 200, "{\"account\":{\"login\":\"" + login + "\",\"id\":583231,\"type\":\"Organization\","
                        + "\"site_admin\":false},\"id\":" + id + ",\"app_id\":" + appId + ","
                        + "\"target_type\":\"Organization\",\"permissions\":{\"contents\":\"read\"},"
                        + "\"events\":[\"push\"],\"created_at\":\"2018-02-09T20:51:14Z\","
                        + "\"single_file_name\":null,\"suspended_at\":null}");
            } else {
                send(ex, 404, notFound());
            }
        }
    }

    /** @return the issuer if the JWT is valid now, else null; fills iat and exp */
    private String verifyJwt(String authorization, long[] claims) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = authorization.substring(7).split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            Base64.Decoder d = Base64.getUrlDecoder();
            String header = new String(d.decode(parts[0]), StandardCharsets.UTF_8);
            String payload = new String(d.decode(parts[1]), StandardCharsets.UTF_8);
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(publicKey);
            s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!s.verify(d.decode(parts[2])) || !header.contains("\"alg\":\"RS256\"")) {
                return null;
            }
            claims[0] = claim(payload, "\"iat\":(\\d+)");
            claims[1] = claim(payload, "\"exp\":(\\d+)");
            Matcher iss = Pattern.compile("\"iss\":\"([^\"]*)\"").matcher(payload);
            long now = clock.instant().getEpochSecond();
            if (!iss.find() || !iss.group(1).equals(appId) || claims[0] > now || claims[1] <= now
                    || claims[1] - claims[0] > 600) {
                return null;
            }
            return iss.group(1);
        } catch (Exception e) {
            return null;
        }
    }

    private static long claim(String payload, String regex) {
        Matcher m = Pattern.compile(regex).matcher(payload);
        if (!m.find()) {
            throw new IllegalArgumentException("missing claim");
        }
        return Long.parseLong(m.group(1));
    }

    private static String notFound() {
        return "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"404\"}";
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    List<String> paths() {
        List<String> out = new ArrayList<>();
        requests.forEach(r -> out.add(r.method() + " " + r.path()));
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
