package dev.gitsource.auth.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.auth.GitCredentialsProvider;
import dev.gitsource.auth.GitCredentialsProviderFactory;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class GitHubAppCredentialsProviderFactoryTest {
    private final GitHubAppCredentialsProviderFactory factory = new GitHubAppCredentialsProviderFactory();
    private final String key = TestKeys.pkcs1Pem(TestKeys.RSA);

    private Map<String, String> app(String... more) {
        Map<String, String> s = new HashMap<>(Map.of(
                "githubAppID", "1", "githubAppInstallationID", "2", "githubAppPrivateKey", key));
        for (int i = 0; i < more.length; i += 2) {
            s.put(more[i], more[i + 1]);
        }
        return s;
    }

    private Optional<GitCredentialsProvider> create(String url, Map<String, String> settings) {
        return factory.create(URI.create(url), settings);
    }

    @Test
    void isFoundByServiceLoader() {
        assertThat(ServiceLoader.load(GitCredentialsProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get).map(GitCredentialsProviderFactory::id))
                .contains("github");
        assertThat(factory.id()).isEqualTo("github");
    }

    @Test
    void appliesToGithubComWithAppSettings() {
        assertThat(create("https://github.com/acme/app", app())).get()
                .isInstanceOf(GitHubAppCredentialsProvider.class);
        assertThat(create("https://GitHub.com/acme/app.git", app())).isPresent();
    }

    @Test
    void appliesToTheEnterpriseHostOfTheBaseUrl() {
        Map<String, String> ghes = app("githubAppBaseURL", "https://ghe.example.com/api/v3");
        assertThat(create("https://ghe.example.com/acme/app.git", ghes)).get()
                .extracting(p -> ((GitHubAppCredentialsProvider) p).apiBase())
                .isEqualTo(URI.create("https://ghe.example.com/api/v3"));
        assertThat(create("https://ghe.example.com/acme/app.git",
                app("githubAppBaseURL", "https://api.ghe.example.com"))).isPresent();
        assertThat(create("https://other.example.com/acme/app.git", ghes)).isEmpty();
    }

    @Test
    void doesNotApplyWithoutAppSettingsOrToOtherHosts() {
        assertThat(create("https://github.com/acme/app", Map.of())).isEmpty();
        assertThat(create("https://github.com/acme/app", Map.of("username", "u"))).isEmpty();
        assertThat(create("https://gitlab.com/acme/app", app())).isEmpty();
        assertThat(create("https://github.com.evil.example/acme/app", app())).isEmpty();
        assertThat(create("file:///srv/git/app", app())).isEmpty();
        assertThat(create("ssh://git@github.com/acme/app.git", app())).isEmpty();
    }

    @Test
    void providerSettingChoosesOrExcludesIt() {
        assertThat(create("https://git.internal.example/acme/app", app("provider", "github"))).isPresent();
        assertThat(create("https://github.com/acme/app", app("provider", "azure"))).isEmpty();
        assertThatThrownBy(() -> create("https://github.com/acme/app", Map.of("provider", "github")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("githubAppID");
    }

    @Test
    void incompleteAppSettingsForItsHostAreAnError() {
        assertThatThrownBy(() -> create("https://github.com/acme/app", Map.of("githubAppID", "1")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
