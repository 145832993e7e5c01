package dev.gitsource.auth.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.auth.GitCredentialsProvider;
import dev.gitsource.auth.GitCredentialsProviderFactory;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Creating providers never resolves AWS credentials, so these tests read no environment or files. */
class CodeCommitCredentialsProviderFactoryTest {
    private final CodeCommitCredentialsProviderFactory factory = new CodeCommitCredentialsProviderFactory();

    private Optional<GitCredentialsProvider> create(String url, Map<String, String> settings) {
        return factory.create(URI.create(url), settings);
    }

    @Test
    void isFoundByServiceLoader() {
        assertThat(ServiceLoader.load(GitCredentialsProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get).map(GitCredentialsProviderFactory::id))
                .contains("aws");
    }

    @Test
    void appliesToCodeCommitHostsAndUrls() {
        assertThat(create("https://git-codecommit.us-east-1.amazonaws.com/v1/repos/app", Map.of())).get()
                .isInstanceOf(CodeCommitCredentialsProvider.class);
        assertThat(create("https://git-codecommit-fips.us-east-1.amazonaws.com/v1/repos/app", Map.of())).isPresent();
        assertThat(create("https://git-codecommit.cn-north-1.amazonaws.com.cn/v1/repos/app", Map.of())).isPresent();
        assertThat(create("codecommit::eu-west-1://app", Map.of())).isPresent();
        assertThat(create("codecommit://app", Map.of("awsRegion", "eu-west-1"))).isPresent();
    }

    @Test
    void profileComesFromSettingsOrTheCodecommitUrl() {
        assertThat(create("codecommit::eu-west-1://dev@app", Map.of()).orElseThrow().toString()).contains("profile=dev");
        assertThat(create("codecommit::eu-west-1://dev@app", Map.of("awsProfile", "ops")).orElseThrow().toString())
                .contains("profile=ops");
        assertThat(create("https://git-codecommit.us-east-1.amazonaws.com/v1/repos/app", Map.of()).orElseThrow().toString())
                .doesNotContain("profile");
    }

    @Test
    void doesNotApplyElsewhere() {
        assertThat(create("https://github.com/acme/app", Map.of())).isEmpty();
        assertThat(create("ssh://git-codecommit.us-east-1.amazonaws.com/v1/repos/app", Map.of())).isEmpty();
        assertThat(create("https://git-codecommit.us-east-1.amazonaws.com.evil.example/v1/repos/app", Map.of())).isEmpty();
        assertThat(create("https://git-codecommit.us-east-1.amazonaws.com/v1/repos/app", Map.of("provider", "github"))).isEmpty();
    }

    @Test
    void providerSettingChoosesItForOtherHostsWithARegion() {
        assertThat(create("https://git.internal.example/v1/repos/app", Map.of("provider", "aws", "awsRegion", "eu-west-1")))
                .get().asString().contains("region=eu-west-1");
        assertThatThrownBy(() -> create("https://git.internal.example/v1/repos/app", Map.of("provider", "aws")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("awsRegion");
    }

    @Test
    void badSettingsAreErrors() {
        assertThatThrownBy(() -> create("https://git-codecommit.us-east-1.amazonaws.com/v1/repos/app",
                Map.of("awsRegion", "Europe"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> create("codecommit://app", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no region");
    }
}
