package dev.gitsource.auth;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * HTTP(S) for a provider plugin's own traffic (token endpoints, provider APIs), made by the
 * implementation with the client's {@link dev.gitsource.TlsOptions} (a private CA, such as a
 * GitHub Enterprise Server on an internal CA) and {@link dev.gitsource.ProxyOptions}, exactly as
 * the client's Git traffic goes. Thread-safe; it keeps no cookies and follows no redirects.
 */
@FunctionalInterface
public interface PluginHttpClient {
    /**
     * Sends one request and reads the whole response.
     *
     * @param method the method, such as {@code GET} or {@code POST}
     * @param uri an absolute {@code http} or {@code https} URI
     * @param headers request headers (not {@code Host} or {@code Content-Length})
     * @param body the request body, or null for none
     * @param timeout for connecting and for each read
     * @return the response, whatever its status
     * @throws IOException if no response arrives
     */
    Response send(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException;

    /**
     * A response.
     *
     * @param status the HTTP status
     * @param headers the response headers, names in lower case
     * @param body the body (empty if none)
     */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {
        /**
         * Copies the parts; header names are put in lower case.
         *
         * @param status see the record component
         * @param headers see the record component
         * @param body see the record component
         */
        public Response {
            Map<String, List<String>> lower = new java.util.TreeMap<>();
            headers.forEach((k, v) -> {
                if (k != null) {
                    lower.put(k.toLowerCase(Locale.ROOT), List.copyOf(v));
                }
            });
            headers = java.util.Collections.unmodifiableMap(lower);
            body = Objects.requireNonNull(body, "body").clone();
        }

        /**
         * @param name a header name, in any case
         * @return its first value, if the response has it
         */
        public Optional<String> header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
        }

        /** @return the body as UTF-8 text */
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** @return the body (a copy) */
        @Override
        public byte[] body() {
            return body.clone();
        }

        /** Never prints the body: it may hold a token. */
        @Override
        public String toString() {
            return "Response[status=" + status + ", " + body.length + " bytes]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Response r && r.status == status && r.headers.equals(headers)
                    && java.util.Arrays.equals(r.body, body);
        }

        @Override
        public int hashCode() {
            return Objects.hash(status, headers, java.util.Arrays.hashCode(body));
        }
    }
}
