package dev.gitsource.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.CloneResult;
import dev.gitsource.CommitRequest;
import dev.gitsource.GitSource;
import dev.gitsource.Person;
import dev.gitsource.Repository;
import dev.gitsource.RepositoryNotFoundException;
import dev.gitsource.RetryPolicy;
import dev.gitsource.UpdateOptions;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.testkit.Fault;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.junit.StartStop;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meters of real operations against a test-kit server, read back from a SimpleMeterRegistry. */
class GitSourceMetricsTest {
    @StartStop GitServer server = GitServer.builder().http().basicAuth("bot", "s3cret-token").build();
    @TempDir Path tmp;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private GitSource client() {
        return GitSource.builder().listener(new GitSourceMetrics(registry)).allowCredentialsOverHttp(true)
                .credentials(GitCredentials.basic("bot", "s3cret-token"))
                .retry(new RetryPolicy(3, Duration.ZERO, Duration.ofSeconds(1))).build();
    }

    /** The remote with the secret in its user information too, as a careless caller gives it. */
    private URI url(String repository) {
        return URI.create(server.httpUrl(repository).toString().replace("http://", "http://bot:s3cret-token@"));
    }

    private CloneOptions.Builder clone(String dir) {
        return CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1).directory(tmp.resolve(dir));
    }

    private Timer timer(String operation, String outcome) {
        return registry.find(GitSourceMetrics.OPERATIONS)
                .tags("operation", operation, "outcome", outcome, "host", "127.0.0.1").timer();
    }

    private double counter(String name, String... tags) {
        var c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void cloneUnchangedPollUpdateLsRemotePushFailureAndRetryAreRecordedByHost() {
        server.repository("org/app").file("a.txt", "1").file("dir/b.txt", "2").file("c.txt", "x".repeat(50_000))
                .commit("one");
        try (GitSource git = client()) {
            CloneResult first = git.clone(url("org/app"), clone("first").build());
            try (Repository repo = first.repository()) {
                assertThat(timer("clone", "success").count()).isEqualTo(1);
                assertThat(timer("clone", "success").totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
                assertThat(counter(GitSourceMetrics.FILES_WRITTEN, "operation", "clone")).isEqualTo(3);
                assertThat(counter(GitSourceMetrics.BYTES_RECEIVED, "operation", "clone")).isGreaterThan(100);

                // an unchanged poll: by clone with the last revision, and by update
                git.clone(url("org/app"), clone("again").lastObservedRevision(first.revision()).build());
                assertThat(repo.update(UpdateOptions.builder().build()).unchanged()).isTrue();
                assertThat(timer("clone", "unchanged").count()).isEqualTo(1);
                assertThat(timer("update", "unchanged").count()).isEqualTo(1);
                assertThat(counter(GitSourceMetrics.UNCHANGED, "operation", "clone")).isEqualTo(1);
                assertThat(counter(GitSourceMetrics.UNCHANGED, "operation", "update")).isEqualTo(1);

                git.lsRemote(url("org/app"), "refs/heads/");
                assertThat(timer("ls-remote", "success").count()).isEqualTo(1);

                repo.commit(CommitRequest.of(Person.of("Bot", "bot@example.com"), "two").withFile("d.txt", "4"));
                repo.push();
                assertThat(timer("push", "success").count()).isEqualTo(1);
                assertThat(timer("push", "success").totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
            }

            assertThatThrownBy(() -> git.clone(url("org/missing"), clone("missing").build()))
                    .isInstanceOf(RepositoryNotFoundException.class);
            assertThat(timer("clone", "failure").count()).isEqualTo(1);
            assertThat(counter(GitSourceMetrics.FAILURES, "operation", "clone", "error", "RepositoryNotFoundException"))
                    .isEqualTo(1);

            server.fault(Fault.httpStatus(503).times(1));
            git.clone(url("org/app"), clone("retried").build()).repository().close();
            assertThat(counter(GitSourceMetrics.RETRIES, "host", "127.0.0.1", "error", "GitTransportException"))
                    .isEqualTo(1);
            assertThat(timer("clone", "success").count()).isEqualTo(2);
        }
        // The implementation's own subclass (a refused password) is counted by its public type.
        try (GitSource wrong = GitSource.builder().listener(new GitSourceMetrics(registry))
                .allowCredentialsOverHttp(true).credentials(GitCredentials.basic("bot", "wrong")).build()) {
            assertThatThrownBy(() -> wrong.lsRemote(server.httpUrl("org/app")))
                    .isInstanceOf(dev.gitsource.AuthenticationException.class);
        }
        assertThat(counter(GitSourceMetrics.FAILURES, "operation", "ls-remote", "error", "AuthenticationException"))
                .isEqualTo(1);
        assertThat(timer("ls-remote", "failure").count()).isEqualTo(1);
        // One host, no URL, path, user or secret in any tag.
        for (Meter m : registry.getMeters()) {
            for (Tag t : m.getId().getTags()) {
                assertThat(t.getValue()).doesNotContain("s3cret", "bot", "org/", "http", ":");
            }
            assertThat(m.getId().getTag("host")).isEqualTo("127.0.0.1");
        }
    }
}
