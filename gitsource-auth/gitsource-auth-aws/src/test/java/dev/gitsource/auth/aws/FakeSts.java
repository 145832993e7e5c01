package dev.gitsource.auth.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.gitsource.testkit.TestCa;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * AWS STS's {@code AssumeRoleWithWebIdentity} on https://127.0.0.1 (a certificate from a
 * {@link TestCa}), answering in STS's query-protocol XML: for one role and one web identity
 * token, temporary credentials given to the constructor. Every request's form is recorded.
 */
final class FakeSts implements AutoCloseable {
    final TestCa ca = TestCa.create();
    final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private final HttpsServer server;
    private final String role;
    private final String webIdentityToken;
    private final String keyId;
    private final String secret;
    private final String session;

    FakeSts(String role, String webIdentityToken, String keyId, String secret, String session) throws IOException {
        this.role = role;
        this.webIdentityToken = webIdentityToken;
        this.keyId = keyId;
        this.secret = secret;
        this.session = session;
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ca.serverContext()));
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            requests.add(form);
            if (!"AssumeRoleWithWebIdentity".equals(form.get("Action")) || !role.equals(form.get("RoleArn"))
                    || !webIdentityToken.equals(form.get("WebIdentityToken"))) {
                send(ex, 403, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
                        + "<Type>Sender</Type><Code>AccessDenied</Code><Message>Not authorized to perform"
                        + " sts:AssumeRoleWithWebIdentity</Message></Error><RequestId>r-1</RequestId></ErrorResponse>");
                return;
            }
            Instant expires = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
            send(ex, 200, "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                    + "<AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>" + keyId + "</AccessKeyId>"
                    + "<SecretAccessKey>" + secret + "</SecretAccessKey><SessionToken>" + session + "</SessionToken>"
                    + "<Expiration>" + expires + "</Expiration></Credentials>"
                    + "<SubjectFromWebIdentityToken>system:serviceaccount:flux:source</SubjectFromWebIdentityToken>"
                    + "<AssumedRoleUser><Arn>" + role + "/gitsource</Arn><AssumedRoleId>AROAEXAMPLE:gitsource"
                    + "</AssumedRoleId></AssumedRoleUser></AssumeRoleWithWebIdentityResult>"
                    + "<ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>");
        }
    }

    private static void send(HttpExchange ex, int status, String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/xml");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
