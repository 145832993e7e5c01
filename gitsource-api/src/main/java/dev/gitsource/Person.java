package dev.gitsource;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * An author, committer or tagger.
 *
 * @param name the name
 * @param email the e-mail address
 * @param when the time with its offset, or null for "now" when used in a request
 */
public record Person(String name, String email, OffsetDateTime when) {
    /**
     * Validates the parts: git cannot store names or e-mails with angle brackets or newlines.
     *
     * @param name see the record component
     * @param email see the record component
     * @param when see the record component
     */
    public Person {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank: '" + name + "'");
        }
        for (String s : new String[] {name, email}) {
            if (s.chars().anyMatch(c -> c == '<' || c == '>' || c == '\n' || c == '\0')) {
                throw new IllegalArgumentException("name and email must not contain '<', '>' or newlines: '" + s + "'");
            }
        }
    }

    /**
     * @param name the name
     * @param email the e-mail address
     * @return a person whose time is taken when the commit is made
     */
    public static Person of(String name, String email) {
        return new Person(name, email, null);
    }

    /**
     * @param name the name
     * @param email the e-mail address
     * @param when the time
     * @return a person with a fixed time
     */
    public static Person of(String name, String email, OffsetDateTime when) {
        return new Person(name, email, Objects.requireNonNull(when, "when"));
    }

    /** @return the time, if fixed */
    public Optional<OffsetDateTime> whenIfAny() {
        return Optional.ofNullable(when);
    }

    @Override
    public String toString() {
        return name + " <" + email + ">" + (when == null ? "" : " " + when);
    }
}
