package dev.gitsource.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.testkit.junit.EnabledIfCGit;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of the README's section "Testing your code with gitsource-testkit", compiled and run. */
@EnabledIfCGit
class ReadmeExampleTest {
    @TempDir Path tmp;

    @Test
    void readmeExample() {
        // README-START
        try (GitServer server = GitServer.builder().http().basicAuth("bot", "s3cret").start()) {
            String commit = server.repository("org/app")
                    .file("deploy/app.yaml", "replicas: 2\n")
                    .commit("first");
            URI url = server.httpUrl("org/app");          // http://127.0.0.1:PORT/org/app.git

            cloneWithYourCode(url, "bot", "s3cret");      // the code under test

            RecordedRequest fetch = server.awaitRequest(RecordedRequest::isFetch, Duration.ofSeconds(5));
            assertThat(fetch.protocolVersion()).isEqualTo(2);
            assertThat(fetch.wants()).containsExactly(commit);
            assertThat(fetch.deepen()).isEqualTo(1);
            assertThat(fetch.user()).isEqualTo("bot");
        }
        // README-END
    }

    private void cloneWithYourCode(URI url, String user, String password) {
        String withAuth = url.toString().replace("http://", "http://" + user + ":" + password + "@");
        GitCli.git(tmp, "-c", "protocol.version=2", "clone", "-q", "--depth", "1", withAuth, "app");
    }
}
