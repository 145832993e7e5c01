package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.TlsOptions;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Five clients with five sets of credentials clone at once in one JVM: nothing crosses over, nothing leaks. */
class TenantsTest {
    private static final int TENANTS = 5;
    private static final int CLONES = 50;
    @TempDir Path tmp;

    /** Odd tenants use basic credentials, even ones a bearer token. */
    private static String secret(int tenant) {
        return "tenant-" + tenant + "-S3CRET";
    }

    @Test
    void fiftyClonesFromFiveClientsEachServerSeesOnlyItsOwnCredentials() throws Exception {
        List<GitServer> servers = new ArrayList<>();
        List<GitSource> clients = new ArrayList<>();
        PrintStream err = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            for (int t = 0; t < TENANTS; t++) {
                GitServer.Builder b = GitServer.builder().https();
                GitServer server = (t % 2 == 1 ? b.basicAuth("user-" + t, secret(t)) : b.bearerToken(secret(t))).start();
                server.repository("org/app").file("tenant.txt", "tenant " + t + "\n").commit("t" + t);
                servers.add(server);
                clients.add(GitSource.builder()
                        .credentials(t % 2 == 1 ? GitCredentials.basic("user-" + t, secret(t)) : GitCredentials.bearer(secret(t)))
                        .tls(TlsOptions.builder().caCertificatesPem(server.caCertificatePem()).build()).build());
            }
            ExecutorService pool = Executors.newFixedThreadPool(10);
            List<Future<?>> clones = new ArrayList<>();
            for (int i = 0; i < CLONES; i++) {
                int t = i % TENANTS;
                Path dir = tmp.resolve("t" + t + "-" + i);
                clones.add(pool.submit(() -> {
                    clients.get(t).clone(servers.get(t).httpsUrl("org/app"), CloneOptions.builder()
                            .target(CheckoutTarget.branch("main")).depth(1).directory(dir).build()).repository().close();
                    assertThat(dir.resolve("tenant.txt")).hasContent("tenant " + t);
                    return null;
                }));
            }
            for (Future<?> f : clones) {
                f.get();
            }
            pool.shutdown();
            for (int t = 0; t < TENANTS; t++) {
                List<RecordedRequest> requests = servers.get(t).requests();
                assertThat(requests.stream().filter(RecordedRequest::isFetch)).hasSize(CLONES / TENANTS);
                int tenant = t;
                // every request carries this tenant's credentials (sent up front, so none is refused)
                assertThat(requests).allSatisfy(r -> {
                    assertThat(r.status()).isNotEqualTo(401);
                    assertThat(r.authScheme()).isEqualTo(tenant % 2 == 1 ? "Basic" : "Bearer");
                    if (tenant % 2 == 1) {
                        assertThat(r.user()).isEqualTo("user-" + tenant);
                    }
                });
            }
        } finally {
            System.setErr(err);
            clients.forEach(GitSource::close);
            servers.forEach(GitServer::close);
        }
        String seen = RedactionAuditTest.clientLogLines(logs.toString(StandardCharsets.UTF_8)) + clients;
        for (int t = 0; t < TENANTS; t++) {
            assertThat(seen).doesNotContain(secret(t)).doesNotContain(Base64.getEncoder()
                    .encodeToString(("user-" + t + ":" + secret(t)).getBytes(StandardCharsets.UTF_8)));
        }
        try (var dirs = Files.list(tmp)) {
            assertThat(dirs).hasSize(CLONES);
        }
    }
}
