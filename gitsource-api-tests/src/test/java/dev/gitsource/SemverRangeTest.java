package dev.gitsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SemverRangeTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
            "'>=1.2.0 <2.0.0', 1.2.0, true",
            "'>=1.2.0 <2.0.0', 1.9.9, true",
            "'>=1.2.0 <2.0.0', 2.0.0, false",
            "'>=1.2.0 <2.0.0', 1.1.9, false",
            "'>=1.2.0, <2.0.0', 1.5.0, true",
            "'>= 1.2 < 2', 1.5.0, true",
            "~1.2, 1.2.0, true",
            "~1.2, 1.2.9, true",
            "~1.2, 1.3.0, false",
            "~1.2.3, 1.2.2, false",
            "~1, 1.9.0, true",
            "^1, 1.0.0, true",
            "^1, 1.99.3, true",
            "^1, 2.0.0, false",
            "^0.2.3, 0.2.9, true",
            "^0.2.3, 0.3.0, false",
            "^0.0.3, 0.0.4, false",
            "1.x, 1.4.2, true",
            "1.x, 2.0.0, false",
            "1.2.*, 1.2.7, true",
            "1.2.*, 1.3.0, false",
            "*, 7.0.0, true",
            "'1.2 - 1.4', 1.4.9, true",
            "'1.2 - 1.4', 1.5.0, false",
            "'1.2.3 - 2.3.4', 2.3.4, true",
            "'1.2.3 - 2.3.4', 2.3.5, false",
            "'<1.0.0 || >=3.0.0', 0.9.0, true",
            "'<1.0.0 || >=3.0.0', 2.0.0, false",
            "'<1.0.0 || >=3.0.0', 3.1.0, true",
            "'!=1.2.3', 1.2.3, false",
            "'!=1.2.3', 1.2.4, true",
            "'>1.2', 1.2.9, false",
            "'>1.2', 1.3.0, true",
            "'<=1.2', 1.2.9, true",
            "'<=1.2', 1.3.0, false",
            "1.2.3, 1.2.3, true",
            "v1.2.3, 1.2.3, true",
            "=1.2, 1.2.5, true",
            // pre-releases are excluded unless asked for or named on the same version
            "'>=1.2.0 <2.0.0', 1.5.0-rc.1, false",
            "^1, 2.0.0-rc.1, false",
            "'>=1.2.0-rc.1', 1.2.0-rc.2, true",
            "'>=1.2.0-rc.1', 1.2.0-alpha, false",
            "'>=1.2.0-rc.1', 1.3.0-rc.1, false",
            "'>=1.2.0-rc.1', 1.3.0, true",
    })
    void matches(String range, String version, boolean expected) {
        assertThat(SemverRange.parse(range).matches(SemanticVersion.parse(version))).isEqualTo(expected);
    }

    @Test
    void preReleasesWhenAsked() {
        SemverRange r = SemverRange.parse(">=1.0.0 <2.0.0").includingPreReleases();
        assertThat(r.matches(SemanticVersion.parse("1.5.0-rc.1"))).isTrue();
        assertThat(r.matches(SemanticVersion.parse("2.0.0-rc.1"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", ">=", "1.2.3.4", "~>>1", "abc", ">=1.2.0 <", "1.2 -", "||", "^1 || ", "1.2-rc.1"})
    void rejectsMalformedRangesNamingThem(String bad) {
        assertThatThrownBy(() -> SemverRange.parse(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(bad.isBlank() ? "empty" : bad.trim());
    }

    @Test
    void ordersBySemverPrecedence() {
        List<String> sorted = Stream.of("1.0.0", "1.0.0-rc.1", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta.11",
                        "1.0.0-beta.2", "0.9.0", "1.0.0-alpha.beta", "1.0.0-beta")
                .map(SemanticVersion::parse).sorted().map(SemanticVersion::toString).toList();
        assertThat(sorted).containsExactly("0.9.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
                "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0");
    }

    @Test
    void versionsAcceptPrefixAndShortForms() {
        assertThat(SemanticVersion.parse("v1.2")).hasToString("1.2.0");
        assertThat(SemanticVersion.parse("V3")).hasToString("3.0.0");
        assertThat(SemanticVersion.tryParse("release-1")).isEmpty();
        assertThat(SemanticVersion.tryParse("1.02.3")).isEmpty();
        assertThat(SemanticVersion.parse("1.2.3+build.7").compareTo(SemanticVersion.parse("1.2.3"))).isZero();
    }
}
