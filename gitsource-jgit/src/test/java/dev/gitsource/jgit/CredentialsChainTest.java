package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.AuthenticationException;
import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.TlsOptions;
import dev.gitsource.auth.CredentialsUnavailableException;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.auth.GitCredentialsProvider;
import dev.gitsource.auth.GitCredentialsProviderChain;
import dev.gitsource.testkit.GitServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chain of providers in a real clone: the unavailable ones are skipped; when all are, each one's reason is told. */
class CredentialsChainTest {
    @TempDir Path tmp;

    /** A provider that is not available here, named so the error can say which. */
    private static GitCredentialsProvider unavailable(String name, String reason) {
        return new GitCredentialsProvider() {
            @Override
            public GitCredentials resolve(dev.gitsource.auth.CredentialsRequest request) {
                throw new CredentialsUnavailableException(reason);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    @Test
    void unavailableProvidersFallThroughAndTheLastErrorListsEveryReason() throws Exception {
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (GitServer server = GitServer.builder().https()
                .basicAuth("ci", p -> received.add(p) && p.equals("from-the-third")).start()) {
            server.repository("org/app").file("a.txt", "a\n").commit("one");
            TlsOptions tls = TlsOptions.builder().caCertificatesPem(server.caCertificatePem()).build();
            GitCredentialsProvider workload = unavailable("workload-identity", "no token file at /var/run/token");
            GitCredentialsProvider aws = unavailable("aws", "no AWS credentials in the environment");

            try (GitSource git = GitSource.builder().tls(tls).credentials(new GitCredentialsProviderChain(List.of(
                    workload, aws, GitCredentialsProvider.of(GitCredentials.basic("ci", "from-the-third"))))).build()) {
                git.clone(server.httpsUrl("org/app"), CloneOptions.builder().target(CheckoutTarget.branch("main"))
                        .directory(tmp.resolve("ok")).build()).repository().close();
            }
            assertThat(tmp.resolve("ok/a.txt")).hasContent("a");
            assertThat(server.requests()).isNotEmpty().allSatisfy(r -> {
                assertThat(r.user()).isEqualTo("ci");
                assertThat(r.status()).isNotEqualTo(401);
            });
            assertThat(received).isNotEmpty().containsOnly("from-the-third");
            received.clear();

            server.clearRequests();
            try (GitSource git = GitSource.builder().tls(tls)
                    .credentials(new GitCredentialsProviderChain(List.of(workload, aws))).build()) {
                assertThatThrownBy(() -> git.clone(server.httpsUrl("org/app"), CloneOptions.builder()
                        .directory(tmp.resolve("none")).build()))
                        .isInstanceOf(AuthenticationException.class)
                        .hasMessageContaining("workload-identity: no token file at /var/run/token")
                        .hasMessageContaining("aws: no AWS credentials in the environment")
                        .hasMessageContaining("127.0.0.1");
            }
            assertThat(tmp.resolve("none")).doesNotExist();
            assertThat(server.requests()).allSatisfy(r -> assertThat(r.user()).isNull());
            assertThat(received).isEmpty(); // nothing was sent
        }
    }
}
