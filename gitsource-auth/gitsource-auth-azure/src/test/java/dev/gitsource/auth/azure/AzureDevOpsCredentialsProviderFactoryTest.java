package dev.gitsource.auth.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.auth.GitCredentialsProvider;
import dev.gitsource.auth.GitCredentialsProviderFactory;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The factory only chooses; credentials are built on first use, so nothing here reads the machine's Azure setup. */
class AzureDevOpsCredentialsProviderFactoryTest {
    private final AzureDevOpsCredentialsProviderFactory factory = new AzureDevOpsCredentialsProviderFactory();

    private Optional<GitCredentialsProvider> create(String url, Map<String, String> settings) {
        return factory.create(URI.create(url), settings);
    }

    @Test
    void isFoundByServiceLoader() {
        assertThat(ServiceLoader.load(GitCredentialsProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get).map(GitCredentialsProviderFactory::id))
                .contains("azure");
    }

    @Test
    void appliesToAzureDevOpsHosts() {
        assertThat(create("https://dev.azure.com/org/project/_git/repo", Map.of())).get()
                .isInstanceOf(AzureDevOpsCredentialsProvider.class);
        assertThat(create("https://org@dev.azure.com/org/project/_git/repo", Map.of())).isPresent();
        assertThat(create("https://org.visualstudio.com/project/_git/repo", Map.of())).isPresent();
        assertThat(create("https://ORG.VisualStudio.com/DefaultCollection/_git/repo", Map.of())).isPresent();
    }

    @Test
    void doesNotApplyElsewhere() {
        assertThat(create("https://github.com/acme/app", Map.of())).isEmpty();
        assertThat(create("ssh://git@ssh.dev.azure.com/v3/org/project/repo", Map.of())).isEmpty();
        assertThat(create("ssh://org@vs-ssh.visualstudio.com/v3/org/project/repo", Map.of())).isEmpty();
        assertThat(create("https://visualstudio.com.evil.example/x", Map.of())).isEmpty();
        assertThat(create("https://evilvisualstudio.com/x", Map.of())).isEmpty();
        assertThat(create("https://dev.azure.com.evil.example/x", Map.of())).isEmpty();
        assertThat(create("https://tfs.internal.example/tfs/x", Map.of("azureClientID", "abc"))).isEmpty();
    }

    @Test
    void providerSettingChoosesOrExcludesIt() {
        assertThat(create("https://tfs.internal.example/tfs/DefaultCollection/_git/repo", Map.of("provider", "azure")))
                .isPresent();
        assertThat(create("https://dev.azure.com/org/project/_git/repo", Map.of("provider", "github"))).isEmpty();
    }

    @Test
    void settingsAreValidatedWhenItApplies() {
        assertThat(create("https://dev.azure.com/o/p/_git/r", Map.of("azureCredential", "workloadIdentity")))
                .get().asString().contains("WorkloadIdentityCredential");
        assertThatThrownBy(() -> create("https://dev.azure.com/o/p/_git/r", Map.of("azureCredential", "nope")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
