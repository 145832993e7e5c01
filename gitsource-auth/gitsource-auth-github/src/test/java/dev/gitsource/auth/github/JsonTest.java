package dev.gitsource.auth.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    @SuppressWarnings("unchecked")
    void parsesNestedDocuments() {
        Map<String, Object> o = Json.parseObject(
                " {\"a\": {\"id\": 1}, \"id\": 12345678901, \"l\": [true, false, null, -1.5e2, \"x\"], \"e\": {}, \"z\": []}");

        assertThat(o).containsEntry("id", new BigDecimal("12345678901"))
                .containsEntry("a", Map.of("id", BigDecimal.ONE))
                .containsEntry("e", Map.of())
                .containsEntry("z", List.of());
        assertThat((List<Object>) o.get("l")).containsExactly(true, false, null, new BigDecimal("-1.5e2"), "x");
    }

    @Test
    void unescapesStrings() {
        assertThat(Json.parse("\"a\\\"b\\\\c\\/d\\n\\u00e9\\t\"")).isEqualTo("a\"b\\c/d\né\t");
    }

    @Test
    void quoteRoundTrips() {
        String s = "Iv1.\"odd\"\\\n\u0001é";
        assertThat(Json.parse(Json.quote(s))).isEqualTo(s);
    }

    @Test
    void rejectsMalformedTextWithoutQuotingIt() {
        for (String bad : new String[] {"", "{", "{\"a\" 1}", "{\"a\":1,}", "[1 2]", "\"open", "tru", "{} x",
                "{\"secret-ghs_abc\":\"\\q\"}", "1.2.3"}) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .message().startsWith("malformed JSON").doesNotContain("ghs_abc");
        }
        assertThatThrownBy(() -> Json.parseObject("[1]")).isInstanceOf(IllegalArgumentException.class);
    }
}
