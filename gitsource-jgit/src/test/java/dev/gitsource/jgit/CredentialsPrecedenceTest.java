package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.auth.CredentialsUnavailableException;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.RecordedRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order credentials are taken in: the builder's, then the URL's, then a plugin chosen by
 * id or host ({@link TestPluginFactory}), then none; and a plugin matched by host with nothing
 * to give leaves a public repository anonymous.
 */
class CredentialsPrecedenceTest {
    @TempDir Path tmp;

    private CloneOptions into(String dir) {
        return CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1).directory(tmp.resolve(dir)).build();
    }

    private static URI on(GitServer server, String host, String userInfo) {
        return URI.create("http://" + (userInfo == null ? "" : userInfo + "@") + host + ":"
                + server.httpUrl("org/app").getPort() + "/org/app.git");
    }

    @Test
    void credentialsInTheUrlWinOverAPluginMatchedByHost() throws Exception {
        try (GitServer server = GitServer.builder().http().basicAuth("url-user", "url-pat").start();
                GitSource git = GitSource.builder().allowCredentialsOverHttp(true).build()) {
            server.repository("org/app").file("f", "x").commit("c");
            git.clone(on(server, "plugin.example", "url-user:url-pat"), into("a")).repository().close();
            assertThat(server.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.user()).isEqualTo("url-user"));
        }
    }

    @Test
    void aPluginMatchedByHostServesAUrlWithoutCredentials() throws Exception {
        try (GitServer server = GitServer.builder().http().basicAuth("plugin-user", "plugin-pass").start();
                GitSource git = GitSource.builder().allowCredentialsOverHttp(true).build()) {
            server.repository("org/app").file("f", "x").commit("c");
            git.clone(on(server, "plugin.example", null), into("a")).repository().close();
            assertThat(server.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.user()).isEqualTo("plugin-user"));
        }
    }

    @Test
    void theBuildersCredentialsWinOverTheUrlsAndThePlugins() throws Exception {
        try (GitServer server = GitServer.builder().http().basicAuth("builder-user", "builder-pass").start();
                GitSource git = GitSource.builder().credentials(GitCredentials.basic("builder-user", "builder-pass"))
                        .allowCredentialsOverHttp(true).build()) {
            server.repository("org/app").file("f", "x").commit("c");
            git.clone(on(server, "plugin.example", "url-user:url-pat"), into("a")).repository().close();
            assertThat(server.requests()).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.user()).isEqualTo("builder-user"));
        }
    }

    @Test
    void aPluginMatchedByHostWithNothingToGiveLeavesAPublicRepositoryAnonymous() throws Exception {
        try (GitServer server = GitServer.builder().http().start(); GitSource git = GitSource.builder().build()) {
            server.repository("org/app").file("f", "public").commit("c");
            git.clone(on(server, "public.example", null), into("a")).repository().close();
            assertThat(Files.readString(tmp.resolve("a/f"))).isEqualTo("public");
            assertThat(server.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.authScheme()).isNull())
                    .anySatisfy(r -> assertThat(r.isFetch()).isTrue());
            assertThat(server.requests()).extracting(RecordedRequest::status).doesNotContain(401);
        }
    }

    @Test
    void aPluginChosenByIdWithNothingToGiveFails() throws Exception {
        try (GitServer server = GitServer.builder().http().start();
                GitSource git = GitSource.builder().provider(TestPluginFactory.ID, Map.of()).build()) {
            server.repository("org/app").file("f", "x").commit("c");
            assertThatThrownBy(() -> git.clone(on(server, "127.0.0.1", null), into("a")))
                    .isInstanceOf(CredentialsUnavailableException.class).hasMessageContaining("no identity");
            assertThat(server.requests()).isEmpty();
        }
    }
}
