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
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The Microsoft Entra ID v2.0 token endpoint on https://127.0.0.1 with a self-signed
 * certificate made here: client-credentials grants for one tenant, client and secret,
 * answered in the endpoint's JSON. Every request is recorded.
 */
final class FakeEntraId implements AutoCloseable {
    /** One request: method, path and form parameters. */
    record Seen(String method, String path, Map<String, String> form) {}

    final X509Certificate certificate;
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
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        certificate = selfSigned(pair);
        char[] password = "test".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", pair.getPrivate(), password, new Certificate[] {certificate});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
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
            trustFake = SslContextBuilder.forClient().trustManager(certificate).build();
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
            if (!"client_credentials".equals(form.get("grant_type")) || !clientId.equals(form.get("client_id"))
                    || !clientSecret.equals(form.get("client_secret"))) {
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

    private static X509Certificate selfSigned(KeyPair pair) throws Exception {
        X500Name name = new X500Name("CN=127.0.0.1");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), name,
                pair.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
