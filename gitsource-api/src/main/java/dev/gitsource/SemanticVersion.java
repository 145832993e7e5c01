package dev.gitsource;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version (semver.org 2.0.0) as found in tag names: an optional {@code v}
 * prefix, one to three numeric parts (missing parts are zero), an optional pre-release
 * and build metadata. Ordered by semver precedence; build metadata does not count.
 *
 * @param major the major version
 * @param minor the minor version
 * @param patch the patch version
 * @param preRelease the dot-separated pre-release identifiers, empty for a release
 * @param build the build metadata, empty if none
 */
public record SemanticVersion(long major, long minor, long patch, List<String> preRelease, String build)
        implements Comparable<SemanticVersion> {
    private static final Pattern VERSION = Pattern.compile(
            "[vV]?(0|[1-9]\\d{0,17})(?:\\.(0|[1-9]\\d{0,17}))?(?:\\.(0|[1-9]\\d{0,17}))?"
                    + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?");

    /**
     * Validates the parts.
     *
     * @param major see the record component
     * @param minor see the record component
     * @param patch see the record component
     * @param preRelease see the record component
     * @param build see the record component
     */
    public SemanticVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("negative version part in " + major + "." + minor + "." + patch);
        }
        preRelease = List.copyOf(preRelease);
        Objects.requireNonNull(build, "build");
    }

    /**
     * Parses a version such as {@code v1.2.3-rc.1+build.5}, {@code 1.2} or {@code 1}.
     *
     * @param text the version text
     * @return the version
     * @throws IllegalArgumentException naming the text when it is not a version
     */
    public static SemanticVersion parse(String text) {
        return tryParse(text).orElseThrow(
                () -> new IllegalArgumentException("not a semantic version: '" + text + "'"));
    }

    /**
     * Parses a version, or returns empty when the text is not one (for tag names).
     *
     * @param text the version text, may be null
     * @return the version, or empty
     */
    public static Optional<SemanticVersion> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = VERSION.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
        for (String id : pre) {
            if (id.length() > 1 && id.charAt(0) == '0' && id.chars().allMatch(Character::isDigit)) {
                return Optional.empty(); // numeric identifiers must not have leading zeros
            }
        }
        return Optional.of(new SemanticVersion(num(m.group(1)), num(m.group(2)), num(m.group(3)), pre,
                m.group(5) == null ? "" : m.group(5)));
    }

    private static long num(String s) {
        return s == null ? 0 : Long.parseLong(s);
    }

    /** @return true if this version has pre-release identifiers */
    public boolean isPreRelease() {
        return !preRelease.isEmpty();
    }

    /** @return true if major, minor and patch equal the other's */
    boolean sameCore(SemanticVersion o) {
        return major == o.major && minor == o.minor && patch == o.patch;
    }

    @Override
    public int compareTo(SemanticVersion o) {
        int c = Long.compare(major, o.major);
        if (c == 0) c = Long.compare(minor, o.minor);
        if (c == 0) c = Long.compare(patch, o.patch);
        if (c != 0) return c;
        if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty());
        }
        for (int i = 0; i < Math.min(preRelease.size(), o.preRelease.size()); i++) {
            c = compareIdentifier(preRelease.get(i), o.preRelease.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(preRelease.size(), o.preRelease.size());
    }

    private static int compareIdentifier(String a, String b) {
        boolean an = a.chars().allMatch(Character::isDigit);
        boolean bn = b.chars().allMatch(Character::isDigit);
        if (an && bn) {
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
        if (an != bn) {
            return an ? -1 : 1; // numeric identifiers have lower precedence
        }
        return a.compareTo(b);
    }

    SemanticVersion withPreRelease(String... ids) {
        return new SemanticVersion(major, minor, patch, new ArrayList<>(List.of(ids)), "");
    }

    /** @return the canonical form, {@code major.minor.patch[-pre][+build]} */
    @Override
    public String toString() {
        return major + "." + minor + "." + patch
                + (preRelease.isEmpty() ? "" : "-" + String.join(".", preRelease))
                + (build.isEmpty() ? "" : "+" + build);
    }
}
