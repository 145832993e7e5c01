package dev.gitsource.auth.aws;

import dev.gitsource.auth.PluginHttpClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The AWS SDK's {@link SdkHttpClient} on the gitsource client's HTTP, so that STS requests
 * (web identity, as on EKS) use the client's TLS options and proxy. One request at a time
 * per call, read whole: STS answers are small.
 */
final class PluginSdkHttpClient implements SdkHttpClient {
    private final PluginHttpClient http;
    private final Duration timeout;

    PluginSdkHttpClient(PluginHttpClient http, Duration timeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = timeout;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                SdkHttpRequest r = request.httpRequest();
                Map<String, String> headers = new LinkedHashMap<>();
                r.forEachHeader((name, values) -> headers.put(name, String.join(",", values)));
                byte[] body = null;
                if (request.contentStreamProvider().isPresent()) {
                    ContentStreamProvider p = request.contentStreamProvider().get();
                    try (InputStream in = p.newStream()) {
                        body = in.readAllBytes();
                    }
                }
                PluginHttpClient.Response answer = http.send(r.method().name(), r.getUri(), headers, body, timeout);
                SdkHttpFullResponse.Builder response = SdkHttpResponse.builder().statusCode(answer.status());
                answer.headers().forEach(response::putHeader);
                return HttpExecuteResponse.builder().response(response.build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer.body()))).build();
            }

            @Override
            public void abort() {
                // Nothing to abort: the request is sent and read within call().
            }
        };
    }

    @Override
    public String clientName() {
        return "gitsource";
    }

    @Override
    public void close() {
        // The gitsource client owns its connections.
    }
}
