package dev.gitsource.auth.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import dev.gitsource.auth.PluginHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * azure-core's {@link HttpClient} on the gitsource client's HTTP, so that azure-identity's
 * requests (Entra ID, through MSAL too, and managed identity endpoints) use the client's TLS
 * options and proxy. Blocking underneath: a token request is one small exchange.
 */
final class PluginAzureHttpClient implements HttpClient {
    private final PluginHttpClient http;
    private final Duration timeout;

    PluginAzureHttpClient(PluginHttpClient http, Duration timeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = timeout;
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return Mono.fromCallable(() -> sendSync(request, Context.NONE));
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.getHeaders().forEach(h -> headers.put(h.getName(), h.getValue()));
        BinaryData body = request.getBodyAsBinaryData();
        try {
            PluginHttpClient.Response r = http.send(request.getHttpMethod().name(), request.getUrl().toURI(), headers,
                    body == null ? null : body.toBytes(), timeout);
            return new Answer(request, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI: " + request.getUrl().getHost(), e);
        }
    }

    /** A response read whole. */
    private static final class Answer extends HttpResponse {
        private final int status;
        private final HttpHeaders headers = new HttpHeaders();
        private final byte[] body;

        Answer(HttpRequest request, PluginHttpClient.Response r) {
            super(request);
            this.status = r.status();
            for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
                headers.set(HttpHeaderName.fromString(h.getKey()), h.getValue());
            }
            this.body = r.body();
        }

        @Override
        public int getStatusCode() {
            return status;
        }

        @Override
        @Deprecated
        public String getHeaderValue(String name) {
            return headers.getValue(HttpHeaderName.fromString(name));
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return Flux.just(ByteBuffer.wrap(body.clone()));
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return Mono.just(body.clone());
        }

        @Override
        public Mono<String> getBodyAsString() {
            return getBodyAsString(StandardCharsets.UTF_8);
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return Mono.just(new String(body, charset));
        }
    }
}
