package dev.gitsource.auth.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CodeCommitUrlsTest {
    @ParameterizedTest
    @CsvSource({
        "git-codecommit.us-east-1.amazonaws.com, us-east-1",
        "GIT-CODECOMMIT.EU-WEST-1.AMAZONAWS.COM, eu-west-1",
        "git-codecommit-fips.us-east-2.amazonaws.com, us-east-2",
        "git-codecommit-fips.us-gov-west-1.amazonaws.com, us-gov-west-1",
        "git-codecommit.cn-north-1.amazonaws.com.cn, cn-north-1",
        "git-codecommit.cn-northwest-1.amazonaws.com.cn, cn-northwest-1",
        "git-codecommit.ap-southeast-2.amazonaws.com, ap-southeast-2",
    })
    void regionFromHost(String host, String region) {
        assertThat(CodeCommitUrls.regionOfHost(host)).hasValue(region);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "git-codecommit.amazonaws.com", "github.com", "codecommit.us-east-1.amazonaws.com",
        "git-codecommit.us-east-1.amazonaws.com.evil.example", "xgit-codecommit.us-east-1.amazonaws.com",
        "git-codecommit.us-east-1.amazonaws.cn", "git-codecommit-fips.nowhere.amazonaws.com",
        "evil.example/git-codecommit.us-east-1.amazonaws.com"
    })
    void otherHostsHaveNoRegion(String host) {
        assertThat(CodeCommitUrls.regionOfHost(host)).isEmpty();
    }

    @Test
    void codecommitUrlsMapToHttps() {
        assertThat(CodeCommitUrls.toHttps(URI.create("codecommit::eu-west-1://my-repo"), null))
                .isEqualTo(URI.create("https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/my-repo"));
        assertThat(CodeCommitUrls.toHttps(URI.create("codecommit::us-east-2://demo-profile@My.Repo_1"), "eu-west-1"))
                .isEqualTo(URI.create("https://git-codecommit.us-east-2.amazonaws.com/v1/repos/My.Repo_1"));
        assertThat(CodeCommitUrls.toHttps(URI.create("codecommit::cn-north-1://repo"), null))
                .isEqualTo(URI.create("https://git-codecommit.cn-north-1.amazonaws.com.cn/v1/repos/repo"));
        assertThat(CodeCommitUrls.toHttps(URI.create("codecommit://repo"), "ap-south-1"))
                .isEqualTo(URI.create("https://git-codecommit.ap-south-1.amazonaws.com/v1/repos/repo"));
    }

    @Test
    void profileIsTheUserPart() {
        assertThat(CodeCommitUrls.profileOf(URI.create("codecommit::us-east-2://demo-profile@repo"))).hasValue("demo-profile");
        assertThat(CodeCommitUrls.profileOf(URI.create("codecommit://p@repo"))).hasValue("p");
        assertThat(CodeCommitUrls.profileOf(URI.create("codecommit::us-east-2://repo"))).isEqualTo(Optional.empty());
    }

    @Test
    void malformedCodecommitUrlsAreRejected() {
        assertThatThrownBy(() -> CodeCommitUrls.toHttps(URI.create("codecommit://repo"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no region");
        assertThatThrownBy(() -> CodeCommitUrls.toHttps(URI.create("codecommit::Mars://repo"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an AWS region");
        assertThatThrownBy(() -> CodeCommitUrls.toHttps(URI.create("codecommit::us-east-1://repo/extra"), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CodeCommitUrls.toHttps(URI.create("https://git-codecommit.us-east-1.amazonaws.com/v1/repos/r"), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
