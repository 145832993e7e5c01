package dev.gitsource.auth.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.Configuration;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.gitsource.testkit.TestCa;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The Microsoft Entra ID v2.0 token endpoint on https://127.0.0.1 with a self-signed
 * certificate made here: client-credentials grants for one tenant, client and secret,
 * answered in the endpoint's JSON. Every request is recorded.
 */
final class FakeEntraId implements AutoCloseable {
    /** One request: method, path and form parameters. */
    record Seen(String method, String path, Map<String, String> form) {}

    /** The CA of the fake's certificate (for 127.0.0.1): clients trust it through TlsOptions or their own trust. */
    final TestCa ca = TestCa.create();
    /** A federated token (workload identity) accepted instead of the client secret, or null. */
    volatile String clientAssertion;
    final List<Seen> requests = new CopyOnWriteArrayList<>();
    final List<String> issuedTokens = new CopyOnWriteArrayList<>();
    private final HttpsServer server;
    private final String tenant;
    private final String clientId;
    private final String clientSecret;
    private final AtomicInteger issued = new AtomicInteger();
    /** The lifetime the fake gives its tokens, in seconds, as Entra ID's {@code expires_in}. */
    volatile int expiresInSeconds = 3599;

    FakeEntraId(String tenant, String clientId, String clientSecret) throws Exception {
        this.tenant = tenant;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        SSLContext tls = ca.serverContext();
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", this::handle);
        server.start();
    }

    String authorityHost() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /**
     * azure-identity's client-credentials flow against this fake: an HTTP client that trusts
     * only the fake's certificate, instance discovery off (it would ask
     * login.microsoftonline.com), no retries, and none of the machine's AZURE_* variables.
     *
     * @param secret the client secret to send
     */
    ClientSecretCredentialBuilder clientSecretCredential(String secret) {
        SslContext trustFake;
        try {
            trustFake = SslContextBuilder.forClient().trustManager(new java.io.ByteArrayInputStream(
                    ca.certificatePem().getBytes(StandardCharsets.US_ASCII))).build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException(e);
        }
        HttpClient http = new NettyAsyncHttpClientBuilder(
                reactor.netty.http.client.HttpClient.create().secure(spec -> spec.sslContext(trustFake))).build();
        return new ClientSecretCredentialBuilder()
                .configuration(Configuration.NONE)
                .authorityHost(authorityHost())
                .disableInstanceDiscovery()
                .tenantId(tenant).clientId(clientId).clientSecret(secret)
                .httpClient(http)
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))));
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            String path = ex.getRequestURI().getPath();
            requests.add(new Seen(ex.getRequestMethod(), path, form));
            if (!ex.getRequestMethod().equals("POST") || !path.equals("/" + tenant + "/oauth2/v2.0/token")) {
                send(ex, 404, "{\"error\":\"not_found\"}");
                return;
            }
            String assertion = clientAssertion;
            boolean byAssertion = assertion != null && assertion.equals(form.get("client_assertion"))
                    && "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"));
            if (!"client_credentials".equals(form.get("grant_type")) || !clientId.equals(form.get("client_id"))
                    || !(byAssertion || clientSecret.equals(form.get("client_secret")))) {
                send(ex, 401, "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client"
                        + " secret provided.\",\"error_codes\":[7000215],\"timestamp\":\"" + Instant.now() + "\","
                        + "\"trace_id\":\"00000000-0000-0000-0000-000000000000\","
                        + "\"correlation_id\":\"00000000-0000-0000-0000-000000000000\"}");
                return;
            }
            String token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiI0OTliODRhYyJ9.fake-signature-"
                    + issued.incrementAndGet();
            issuedTokens.add(token);
            send(ex, 200, "{\"token_type\":\"Bearer\",\"expires_in\":" + expiresInSeconds + ",\"ext_expires_in\":"
                    + expiresInSeconds + ",\"access_token\":\"" + token + "\"}");
        }
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
