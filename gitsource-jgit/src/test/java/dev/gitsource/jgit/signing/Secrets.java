package dev.gitsource.jgit.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** Asserts that no secret (or any long line of a key file) shows up in text or an exception chain. */
final class Secrets {
    private Secrets() {}

    static void assertNoSecrets(Throwable t, String... secrets) {
        assertThat(t).as("expected an exception").isNotNull();
        for (Throwable c = t; c != null; c = c.getCause()) {
            assertNoSecrets(String.valueOf(c.getMessage()), secrets);
            assertNoSecrets(c.toString(), secrets);
        }
    }

    static void assertNoSecrets(String text, String... secrets) {
        for (String fragment : fragments(secrets)) {
            assertThat(text).as("must not contain secret material").doesNotContain(fragment);
        }
    }

    /** Short secrets whole; key files as each body line of 16 or more characters. */
    private static List<String> fragments(String... secrets) {
        List<String> out = new ArrayList<>();
        for (String s : secrets) {
            if (!s.contains("\n")) {
                out.add(s);
                continue;
            }
            s.lines().map(String::strip)
                    .filter(l -> l.length() >= 16 && !l.startsWith("-----") && !l.contains(":"))
                    .forEach(out::add);
        }
        return out;
    }
}
