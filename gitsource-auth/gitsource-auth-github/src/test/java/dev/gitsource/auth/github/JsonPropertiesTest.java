package dev.gitsource.auth.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzing the JSON reader that sees GitHub's answers, as the API's parsers are fuzzed: whatever
 * the text, the only exception is {@link IllegalArgumentException} (never a
 * {@link StackOverflowError} or an {@link OutOfMemoryError}), every call returns within a
 * second, and what it parses survives a round trip.
 */
class JsonPropertiesTest {
    private static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "json-fuzz");
        t.setDaemon(true);
        return t;
    });

    @AfterContainer
    static void stop() {
        WORKER.shutdownNow();
    }

    /** The parse's result, or empty when it refused the input with an IllegalArgumentException. */
    private static Optional<Object> parse(String input) {
        Future<Object> f = WORKER.submit(() -> Json.parse(input));
        try {
            return Optional.of(Optional.ofNullable(f.get(1, TimeUnit.SECONDS)));
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("no answer within a second for " + input.length() + " characters");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException) {
                return Optional.empty();
            }
            throw new AssertionError("unexpected " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Provide
    Arbitrary<String> text() {
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(300);
        Arbitrary<String> tricky = Arbitraries.strings().withChars("{}[]\":,\\/-+.eE0123456789tfnrulase \t\n\u0000\u2028")
                .ofMaxLength(200);
        return Arbitraries.oneOf(any, tricky);
    }

    /** Pieces of valid JSON put together in odd ways, nesting deep among them. */
    @Provide
    Arbitrary<String> nearlyJson() {
        Arbitrary<String> piece = Arbitraries.of("{", "}", "[", "]", "\"id\"", ":", ",", "1", "-0.5e10", "true", "null",
                "\"\\u00e9\"", "\"\\ud83d\"", "\"", "\\", " ", "[".repeat(70), "]".repeat(70), "1e999999999", "");
        return piece.list().ofMaxSize(12).map(l -> String.join("", l));
    }

    /** JSON values, to serialize and read back. */
    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(20).map(s -> (Object) s),
                Arbitraries.bigDecimals().between(new BigDecimal("-1e12"), new BigDecimal("1e12")).ofScale(3)
                        .map(d -> (Object) d), Arbitraries.of(true, false).map(b -> (Object) b));
        return Arbitraries.recursive(() -> leaf, v -> Arbitraries.oneOf(
                v.list().ofMaxSize(4).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(6), v).ofMaxSize(4).map(m -> (Object) m)), 4);
    }

    @Property(tries = 2000)
    void anyTextIsParsedOrRefusedWithIllegalArgument(@ForAll("text") String any, @ForAll("nearlyJson") String nearly) {
        parse(any);
        parse(nearly);
    }

    @Property(tries = 500)
    void whatIsWrittenReadsBack(@ForAll("values") Object value) {
        String text = write(value);
        assertThat(parse(text)).as(text).contains(Optional.of(value));
    }

    @Example
    void deepNestingIsRefusedNotAStackOverflow() {
        assertThat(parse("[".repeat(100_000))).isEmpty();
        assertThat(parse("{\"a\":".repeat(100_000))).isEmpty();
        String deepest = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertThat(parse(deepest)).isPresent();
        assertThatThrownBy(() -> Json.parse("[" + deepest + "]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nested deeper");
    }

    @Example
    void hugeDocumentsAndNumbersAreRefused() {
        assertThat(parse("\"" + "x".repeat(Json.MAX_LENGTH) + "\"")).isEmpty();
        assertThat(parse("1" + "0".repeat(Json.MAX_NUMBER))).isEmpty();
        assertThat(parse("{\"id\":" + "9".repeat(Json.MAX_NUMBER) + "}")).isPresent();
    }

    private static String write(Object v) {
        if (v instanceof String s) {
            return Json.quote(s);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(JsonPropertiesTest::write).collect(Collectors.joining(",", "[", "]"));
        }
        if (v instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> Json.quote((String) e.getKey()) + ":" + write(e.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        return String.valueOf(v instanceof BigDecimal d ? d.toString() : v);
    }
}
