package dev.gitsource.jgit.internal;

import dev.gitsource.auth.PluginHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The provider plugins' own HTTP: the same {@link HttpConnections} as the client's Git
 * traffic, so its TLS options and proxy (with their credentials) apply; no redirects, so no
 * {@code Authorization} header follows one to another host.
 */
final class PluginHttp implements PluginHttpClient {
    /** The most of a response body read into memory: token and API answers are small. */
    static final int MAX_BODY = 4 << 20;

    /** Headers the connection sets itself. */
    private static final java.util.Set<String> RESTRICTED = java.util.Set.of("host", "content-length", "connection",
            "transfer-encoding", "expect", "upgrade");

    private final HttpConnections http;

    PluginHttp(HttpConnections http) {
        this.http = http;
    }

    @Override
    public Response send(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("not an http(s) URI: " + dev.gitsource.Redaction.redact(uri));
        }
        HttpURLConnection c = http.open(uri.toURL());
        try {
            request(c, method, headers, body, (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] bytes = new byte[0];
            if (in != null) {
                try (in) {
                    bytes = in.readNBytes(MAX_BODY + 1);
                }
                if (bytes.length > MAX_BODY) {
                    throw new IOException("the response from " + dev.gitsource.Redaction.redact(uri)
                            + " is larger than " + MAX_BODY + " bytes");
                }
            }
            return new Response(status, c.getHeaderFields(), bytes);
        } finally {
            c.disconnect();
        }
    }

    /**
     * Sends a request on a connection: its timeouts, no redirects (no {@code Authorization}
     * header follows one to another host), no caches, the headers the connection does not set
     * itself, and the body.
     *
     * @param body the body, or null for none
     * @param millis the connect and read timeout
     */
    static void request(HttpURLConnection c, String method, Map<String, String> headers, byte[] body, int millis)
            throws IOException {
        c.setConnectTimeout(millis);
        c.setReadTimeout(millis);
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setRequestMethod(method);
        headers.forEach((name, value) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                c.setRequestProperty(name, value);
            }
        });
        if (body != null) {
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
        }
    }

    @Override
    public String toString() {
        return "PluginHttp";
    }
}
