package dev.gitsource.auth.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.auth.FluxSecret;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.RecordedRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin end to end: chosen from a Flux secret through ServiceLoader, it gets an
 * installation token from a fake GitHub API and a real Git server accepts exactly that token
 * as {@code x-access-token}; when the server stops accepting it, the next clone gets a new
 * one without the caller noticing.
 */
class GitHubAppCloneTest {
    private static final String APP_ID = "123456";
    @TempDir Path tmp;
    private FakeGitHub github;
    private GitServer server;

    @BeforeEach
    void start() throws Exception {
        github = new FakeGitHub("/api/v3", APP_ID, TestKeys.RSA.getPublic(), Clock.systemUTC())
                .installedOn("orgs/acme", 7890123);
        server = GitServer.builder().https().basicAuth("x-access-token", token(1)).start();
        server.repository("acme/app").file("a.txt", "from github\n").commit("one");
    }

    @AfterEach
    void stop() {
        server.close();
        github.close();
    }

    /** The fake numbers its tokens; the test knows the n-th before it is issued. */
    private static String token(int n) {
        return "ghs_" + "16C7e42F292c6912E7710c838347Ae178B4a".substring(0, 30) + n;
    }

    /** Configured as a Flux controller would be: from a Kubernetes Secret's data, the plugin found by ServiceLoader. */
    private GitSource client() {
        Map<String, byte[]> secret = Map.of("githubAppID", bytes(APP_ID), "githubAppInstallationOwner", bytes("acme"),
                "githubAppPrivateKey", bytes(TestKeys.pkcs8Pem(TestKeys.RSA)),
                "githubAppBaseURL", bytes(github.apiBase().toString()), "ca.crt", bytes(server.caCertificatePem()));
        return FluxSecret.configure(GitSource.builder(), server.httpsUrl("acme/app"), secret).build();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void cloneInto(GitSource git, String dir) {
        URI url = server.httpsUrl("acme/app");
        git.clone(url, CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1).directory(tmp.resolve(dir))
                .build()).repository().close();
        assertThat(tmp.resolve(dir + "/a.txt")).hasContent("from github");
    }

    @Test
    void theGitServerGetsTheInstallationTokenAndARefusedTokenIsReplaced() {
        try (GitSource git = client()) {
            cloneInto(git, "first");
            assertThat(github.issuedTokens).containsExactly(token(1));
            assertThat(github.paths()).containsExactly("GET /orgs/acme/installation",
                    "POST /app/installations/7890123/access_tokens");
            List<RecordedRequest> seen = server.requests();
            assertThat(seen).isNotEmpty().allSatisfy(r -> {
                assertThat(r.authScheme()).isEqualTo("Basic");
                assertThat(r.user()).isEqualTo("x-access-token");
                assertThat(r.status()).isNotEqualTo(401); // sent up front, and accepted: exactly token 1
            });

            // The token is revoked before it expires: the server now takes only the next one.
            server.clearRequests();
            server.acceptOnlyBasicAuth("x-access-token", token(2));
            cloneInto(git, "second");
            assertThat(github.issuedTokens).containsExactly(token(1), token(2));
            assertThat(server.requests()).anySatisfy(r -> assertThat(r.status()).isEqualTo(401))
                    .anySatisfy(r -> assertThat(r.isFetch()).isTrue());
        }
    }
}
