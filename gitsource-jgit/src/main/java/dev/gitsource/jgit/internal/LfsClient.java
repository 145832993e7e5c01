package dev.gitsource.jgit.internal;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.gitsource.AuthenticationException;
import dev.gitsource.DeadlineExceededException;
import dev.gitsource.spi.GitSourceConfig;
import dev.gitsource.GitTransportException;
import dev.gitsource.LfsObjectNotFoundException;
import dev.gitsource.Redaction;
import dev.gitsource.RepositoryNotFoundException;
import dev.gitsource.SizeLimitExceededException;
import dev.gitsource.UnsafeContentException;
import dev.gitsource.auth.GitCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP side of Git LFS for one operation: the batch API ({@code POST {endpoint}/objects/batch},
 * operation {@code download}, transfer {@code basic}) and the downloads it hands out, over the
 * client's {@link HttpConnections} (its TLS options and proxy). The remote's credentials go only
 * to its own server (scheme, host and port); the headers an action gives go only to that action's
 * href. Each object is streamed to a file, its size and SHA-256 checked while it arrives. 429 and
 * 503 are waited out (their {@code Retry-After}) when the client has a {@link dev.gitsource.RetryPolicy}.
 */
final class LfsClient {
    static final String MEDIA_TYPE = "application/vnd.git-lfs+json";

    /** One object's download as the batch API gave it (or the endpoint git-lfs-authenticate gave). */
    record Download(URI href, Map<String, String> headers) {
        /** The headers may carry credentials: only their names. */
        @Override
        public String toString() {
            return "Download[" + Redaction.redact(href) + ", headers " + headers.keySet() + "]";
        }
    }

    private final HttpConnections http;
    private final GitSourceConfig config;
    private final URI endpoint;
    private final String endpointServer;
    /** What goes to the endpoint itself: the remote's {@code Authorization}, or what SSH handed out. */
    private final Map<String, String> endpointHeaders;
    private final Deadline deadline;
    private final Set<HttpURLConnection> open = ConcurrentHashMap.newKeySet();

    /**
     * @param endpoint the LFS server, such as {@code https://host/org/app.git/info/lfs}
     * @param remote the Git remote, whose credentials go to the endpoint only on its server
     * @param credentials the remote's credentials
     */
    LfsClient(HttpConnections http, GitSourceConfig config, URI endpoint, Remote remote, GitCredentials credentials,
            Deadline deadline) {
        this(http, config, endpoint, remoteHeaders(config, endpoint, remote, credentials), deadline);
    }

    /** The remote's {@code Authorization} if the endpoint is on its server (scheme, host and port), else none. */
    private static Map<String, String> remoteHeaders(GitSourceConfig config, URI endpoint, Remote remote,
            GitCredentials credentials) {
        boolean sameServer = Remote.server(endpoint).equals(Remote.server(remote.uri()))
                && endpoint.getScheme().equalsIgnoreCase(remote.uri().getScheme());
        String authorization = sameServer ? authorization(credentials) : null;
        if (authorization == null) {
            return Map.of();
        }
        if ("http".equalsIgnoreCase(endpoint.getScheme()) && !config.allowCredentialsOverHttp()) {
            throw new AuthenticationException("refusing to send credentials over plain http to the LFS server "
                    + Redaction.redact(endpoint) + ": use https, or allowCredentialsOverHttp(true) on the builder", null);
        }
        return Map.of("Authorization", authorization);
    }

    /**
     * A client for the endpoint and headers that {@code git-lfs-authenticate} gave over SSH.
     *
     * @param headers sent to the endpoint (and to hrefs on its server that bring none of their own)
     */
    LfsClient(HttpConnections http, GitSourceConfig config, URI endpoint, Map<String, String> headers,
            Deadline deadline) {
        this.http = http;
        this.config = config;
        this.endpoint = endpoint;
        this.endpointServer = Remote.server(endpoint);
        this.deadline = deadline;
        this.endpointHeaders = Map.copyOf(headers);
        deadline.onExpiry(this::abort);
    }

    /**
     * Reads the answer of {@code git-lfs-authenticate}: {@code href} (the endpoint) and {@code header}.
     *
     * @param remote the SSH remote, for messages
     */
    static Download sshAnswer(byte[] json, String remote) {
        try {
            Map<String, Object> answer = JSON.std.mapFrom(json);
            if (!(answer.get("href") instanceof String href)) {
                throw new GitTransportException("git-lfs-authenticate on " + remote + " gave no href", false, null);
            }
            URI uri = URI.create(href.replaceAll("/+$", ""));
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw new GitTransportException("git-lfs-authenticate on " + remote + " gave no http(s) href", false,
                        null);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            if (answer.get("header") instanceof Map<?, ?> h) {
                h.forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
            }
            return new Download(uri, headers);
        } catch (IOException | IllegalArgumentException e) {
            throw new GitTransportException("git-lfs-authenticate on " + remote + " gave no JSON answer", false, e);
        }
    }

    /**
     * The LFS endpoint of an HTTP(S) remote: {@code lfs.url} from {@code .lfsconfig} if given, else
     * the remote URL with {@code .git} (added if missing) and {@code /info/lfs}.
     *
     * @param lfsUrl the {@code lfs.url} of {@code .lfsconfig}, or null
     */
    static URI endpoint(Remote remote, String lfsUrl) {
        if (lfsUrl != null && !lfsUrl.isBlank()) {
            URI u = URI.create(lfsUrl.trim().replaceAll("/+$", ""));
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw new IllegalArgumentException("lfs.url in .lfsconfig is not an http(s) URL: " + Redaction.redact(u));
            }
            return u;
        }
        URI git = Credentials.withoutUserInfo(remote.uri());
        String path = git.getPath().replaceAll("/+$", "");
        path = (path.endsWith(".git") ? path : path + ".git") + "/info/lfs";
        try {
            return new URI(git.getScheme().toLowerCase(Locale.ROOT), null, git.getHost(), git.getPort(),
                    path.startsWith("/") ? path : "/" + path, null, null);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("no LFS endpoint for " + remote.redacted(), e);
        }
    }

    private static String authorization(GitCredentials credentials) {
        if (credentials instanceof GitCredentials.Basic b) {
            return "Basic " + Base64.getEncoder().encodeToString((b.username() + ":" + b.password())
                    .getBytes(StandardCharsets.UTF_8));
        }
        if (credentials instanceof GitCredentials.Bearer b) {
            return "Bearer " + b.token();
        }
        return null; // SSH keys and agents are not HTTP credentials
    }

    String redacted() {
        return Redaction.redact(endpoint);
    }

    /**
     * Refuses objects larger than {@code maxObjectBytes} before anything is asked for.
     *
     * @param path the pointer file's path, for the message
     */
    static void checkSize(GitSourceConfig config, LfsPointer pointer, String path) {
        if (config.maxObjectBytes() > 0 && pointer.size() > config.maxObjectBytes()) {
            throw new SizeLimitExceededException("the LFS object of '" + path + "' is " + pointer.size()
                    + " bytes, larger than the limit of " + config.maxObjectBytes() + " bytes (maxObjectBytes)",
                    config.maxObjectBytes(), null);
        }
    }

    /**
     * Asks the batch API where to download these objects.
     *
     * @param objects the pointers, each oid once, with the path first naming it (for errors)
     * @return the download of each oid
     */
    Map<String, Download> batch(Map<LfsPointer, String> objects) {
        List<Map<String, Object>> list = new ArrayList<>();
        objects.keySet().forEach(p -> list.add(Map.of("oid", p.oid(), "size", p.size())));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("operation", "download");
        request.put("transfers", List.of("basic"));
        request.put("objects", list);
        request.put("hash_algo", "sha256");
        URI batch = URI.create(endpoint + "/objects/batch");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", MEDIA_TYPE);
        headers.put("Content-Type", MEDIA_TYPE);
        headers.putAll(endpointHeaders);
        byte[] body;
        try {
            body = JSON.std.asBytes(request);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the LFS batch request", e);
        }
        Map<String, Object> answer = withRetries(() -> {
            HttpURLConnection c = connect("POST", batch, headers, body);
            try {
                int status = c.getResponseCode();
                if (status != 200) {
                    throw statusError(status, c, null, null);
                }
                try (InputStream in = c.getInputStream()) {
                    byte[] bytes = in.readNBytes(PluginHttp.MAX_BODY + 1);
                    if (bytes.length > PluginHttp.MAX_BODY) {
                        throw new GitTransportException("the LFS batch answer of " + redacted() + " is larger than "
                                + PluginHttp.MAX_BODY + " bytes", false, null);
                    }
                    return JSON.std.mapFrom(bytes);
                }
            } finally {
                close(c);
            }
        });
        return downloads(answer, objects);
    }

    private Map<String, Download> downloads(Map<String, Object> answer, Map<LfsPointer, String> objects) {
        Map<String, String> pathOf = new java.util.HashMap<>();
        objects.forEach((p, path) -> pathOf.put(p.oid(), path));
        Map<String, Download> out = new java.util.HashMap<>();
        Object transfer = answer.get("transfer");
        if (transfer != null && !"basic".equals(transfer)) {
            throw malformed("transfer " + transfer + " (only basic was asked for)");
        }
        if (!(answer.get("objects") instanceof List<?> list)) {
            throw malformed("no objects");
        }
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> obj) || !(obj.get("oid") instanceof String oid) || !pathOf.containsKey(oid)) {
                throw malformed("an object that was not asked for");
            }
            String path = pathOf.get(oid);
            if (obj.get("error") instanceof Map<?, ?> error) {
                int code = error.get("code") instanceof Number n ? n.intValue() : 0;
                if (code == 404 || code == 410) {
                    throw notFound(path, oid);
                }
                throw new GitTransportException("the LFS server " + redacted() + " cannot give the object of '" + path
                        + "' (" + code + " " + text(error.get("message")) + ")", code >= 500, null);
            }
            Object download = obj.get("actions") instanceof Map<?, ?> actions ? actions.get("download") : null;
            if (!(download instanceof Map<?, ?> action) || !(action.get("href") instanceof String href)) {
                throw notFound(path, oid);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            if (action.get("header") instanceof Map<?, ?> h) {
                h.forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
            }
            URI uri;
            try {
                uri = URI.create(href);
            } catch (IllegalArgumentException e) {
                throw malformed("a download href that is not a URL");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw malformed("a download href that is not http(s)");
            }
            out.put(oid, new Download(uri, headers));
        }
        for (String oid : pathOf.keySet()) {
            if (!out.containsKey(oid)) {
                throw notFound(pathOf.get(oid), oid);
            }
        }
        return out;
    }

    /**
     * Downloads one object into a file, checking its size and SHA-256 as it arrives.
     *
     * @param path the pointer file's path, for errors
     * @param file where it goes (created; deleted again if anything fails)
     */
    void download(LfsPointer pointer, String path, Download download, Path file) {
        Map<String, String> headers = new LinkedHashMap<>(download.headers());
        boolean ownServer = Remote.server(download.href()).equals(endpointServer)
                && download.href().getScheme().equalsIgnoreCase(endpoint.getScheme());
        if (ownServer && headers.keySet().stream().noneMatch("authorization"::equalsIgnoreCase)) {
            headers.putAll(endpointHeaders);
        }
        withRetries(() -> {
            HttpURLConnection c = connect("GET", download.href(), headers, null);
            try {
                int status = c.getResponseCode();
                if (status != 200) {
                    throw statusError(status, c, path, pointer.oid());
                }
                try (InputStream in = c.getInputStream()) {
                    receive(in, pointer, path, file);
                }
                return null;
            } finally {
                close(c);
            }
        });
    }

    private void receive(InputStream in, LfsPointer pointer, String path, Path file) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long received = 0;
        byte[] buf = new byte[64 * 1024];
        OutputStream out;
        try {
            out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw LocalFiles.failure(file.getParent(), e);
        }
        try (out) {
            for (int n; (n = in.read(buf)) > 0; ) { // a network failure here is the transport's
                received += n;
                if (received > pointer.size()) {
                    throw mismatch(path, "more than the " + pointer.size() + " bytes its pointer says");
                }
                sha256.update(buf, 0, n);
                try {
                    out.write(buf, 0, n);
                } catch (IOException e) {
                    throw LocalFiles.failure(file.getParent(), e);
                }
            }
        } catch (IOException e) {
            if (LocalFiles.cause(e) != null) {
                throw LocalFiles.failure(file.getParent(), e);
            }
            throw e;
        }
        if (received != pointer.size()) {
            throw mismatch(path, received + " bytes where its pointer says " + pointer.size());
        }
        String got = HexFormat.of().formatHex(sha256.digest());
        if (!got.equals(pointer.oid())) {
            throw mismatch(path, "SHA-256 " + got + " where its pointer says " + pointer.oid());
        }
    }

    private UnsafeContentException mismatch(String path, String what) {
        return new UnsafeContentException("the LFS object of '" + path + "' from " + redacted()
                + " does not match its pointer: " + what + "; nothing was written", path);
    }

    private LfsObjectNotFoundException notFound(String path, String oid) {
        return new LfsObjectNotFoundException("the LFS server " + redacted() + " has no object " + oid + " for '"
                + path + "'", path, oid);
    }

    private GitTransportException malformed(String what) {
        return new GitTransportException("the LFS batch answer of " + redacted() + " is not one: " + what, false, null);
    }

    private static String text(Object o) {
        return o == null ? "" : Redaction.redact(String.valueOf(o));
    }

    private HttpURLConnection connect(String method, URI uri, Map<String, String> headers, byte[] body)
            throws IOException {
        HttpURLConnection c = http.open(uri.toURL());
        open.add(c);
        PluginHttp.request(c, method, headers, body,
                (int) Math.min(Integer.MAX_VALUE, Math.max(1, deadline.remainingSeconds() * 1000L)));
        return c;
    }

    /** Drops every open connection: the operation has failed, nothing more is read. */
    void abort() {
        open.forEach(HttpURLConnection::disconnect);
    }

    private void close(HttpURLConnection c) {
        open.remove(c);
        c.disconnect();
    }

    /** A status that is not 200, as a typed error; 429 and 5xx are retryable and carry their wait. */
    private RuntimeException statusError(int status, HttpURLConnection c, String path, String oid) {
        String what = path == null ? "the LFS batch API of " + redacted() : "the LFS download of '" + path + "' from "
                + redacted();
        if (status == 401 || status == 403) {
            return new CredentialsRefusedException("authentication failed for " + what + " (HTTP " + status + ")", null);
        }
        if (status == 404 && path == null) {
            return new RepositoryNotFoundException("no Git LFS server at " + redacted() + " (HTTP 404)", null);
        }
        if ((status == 404 || status == 410) && path != null) {
            return notFound(path, oid);
        }
        boolean retryable = status == 429 || status >= 500;
        Duration wait = retryable ? RetryAfter.parse(c.getHeaderField("Retry-After"), java.time.Instant.now()) : null;
        return new GitTransportException(what + " failed: HTTP " + status
                + (wait != null ? " (the server asks to retry after " + Errors.seconds(wait) + ")" : ""), retryable, wait, null);
    }

    @FunctionalInterface
    private interface Request<T> {
        T send() throws IOException;
    }

    /**
     * Sends a request; a busy server (429, 5xx) or a broken connection is tried again as the
     * client's retry policy allows, waiting what {@code Retry-After} asks or the policy's backoff, within the deadline.
     */
    private <T> T withRetries(Request<T> request) {
        for (int attempt = 1; ; attempt++) {
            GitTransportException failure;
            try {
                return request.send();
            } catch (GitTransportException e) {
                failure = e;
            } catch (IOException e) {
                if (deadline.expired()) {
                    throw new DeadlineExceededException("deadline of " + deadline.timeout() + " exceeded talking to "
                            + "the LFS server " + redacted(), deadline.timeout(), e);
                }
                failure = new GitTransportException("connection to the LFS server " + redacted() + " failed: "
                        + Errors.describe(e), true, e);
            }
            if (!failure.retryable() || attempt >= config.retry().maxAttempts()) {
                throw attempt > 1 ? new GitTransportException(failure.getMessage() + " (after " + attempt
                        + " attempts)", false, failure) : failure;
            }
            // the server's own wait wins over the policy's backoff: sooner would only be refused again
            Duration wait = failure.retryAfter().isPresent() ? failure.retryAfter().get() : config.retry().backoff(attempt);
            if (deadline.expiresWithin(wait)) {
                throw failure;
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure;
            }
        }
    }
}
