package dev.gitsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RevisionTest {
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    @ParameterizedTest
    @ValueSource(strings = {"main@sha1:" + SHA, "v1.0.0@sha1:" + SHA, "refs/pull/1/head@sha1:" + SHA,
            "sha1:" + SHA, "feature/x@sha1:" + SHA})
    void roundTrips(String text) {
        assertThat(Revision.parse(text).toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({
            "main/" + SHA + ", main, main@sha1:" + SHA,
            "feature/x/" + SHA + ", feature/x, feature/x@sha1:" + SHA,
            SHA + ", , sha1:" + SHA})
    void parsesFluxLegacyFormats(String legacy, String name, String canonical) {
        Revision r = Revision.parse(legacy);
        assertThat(r.name()).isEqualTo(name);
        assertThat(r.id()).isEqualTo(SHA);
        assertThat(r).hasToString(canonical);
    }

    @ParameterizedTest
    @CsvSource({"refs/heads/main, main", "refs/tags/v1.2.0, v1.2.0", "refs/pull/7/head, refs/pull/7/head"})
    void shortensBranchAndTagRefsOnly(String ref, String printed) {
        assertThat(Revision.of(ref, SHA)).hasToString(printed + "@sha1:" + SHA);
    }

    @org.junit.jupiter.api.Test
    void sha256IsPrintedWithItsAlgorithm() {
        String id = SHA + "0123456789abcdef01234567";
        assertThat(Revision.parse("main@sha256:" + id).id()).isEqualTo(id);
        assertThat(Revision.of("main", id)).hasToString("main@sha256:" + id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "main", "main@sha1:abc", "main@md5:" + SHA, "main/" + "XYZ", "sha1:" + SHA + "00",
            "main@sha1:" + "0123456789ABCDEF0123456789ABCDEF01234567"})
    void rejectsMalformedRevisionsNamingThem(String bad) {
        assertThatThrownBy(() -> Revision.parse(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + bad + "'");
    }

    @org.junit.jupiter.api.Test
    void equalWhetherLegacyOrCurrent() {
        assertThat(Revision.parse("main/" + SHA)).isEqualTo(Revision.parse("main@sha1:" + SHA));
        assertThat(Revision.parse("dev/" + SHA)).isNotEqualTo(Revision.parse("main@sha1:" + SHA));
    }

}
