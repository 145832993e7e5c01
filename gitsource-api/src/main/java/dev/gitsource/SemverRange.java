package dev.gitsource;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A range of semantic versions, in the syntax Flux users write (Masterminds/npm style):
 * comparators {@code = != > >= < <=}, tilde {@code ~1.2}, caret {@code ^1}, wildcards
 * {@code 1.x} and {@code *}, hyphen ranges {@code 1.2 - 1.4}; comparators separated by
 * spaces or commas must all hold; {@code ||} separates alternatives.
 *
 * <p>Pre-releases are excluded unless {@linkplain #includingPreReleases() asked for}, or
 * unless a comparator itself names a pre-release of the same major.minor.patch (so
 * {@code >=1.2.0-rc.1} admits {@code 1.2.0-rc.2} but not {@code 1.3.0-rc.1}).
 */
public final class SemverRange {
    private static final Pattern COMPARATOR = Pattern.compile(
            "(=|!=|>=|<=|>|<|~>|~|\\^)?\\s*[vV]?(\\*|x|X|0|[1-9]\\d{0,17})"
                    + "(?:\\.(\\*|x|X|0|[1-9]\\d{0,17}))?(?:\\.(\\*|x|X|0|[1-9]\\d{0,17}))?"
                    + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z-.]+)?");
    private static final Pattern HYPHEN = Pattern.compile("(\\S+)\\s+-\\s+(\\S+)");

    private final String text;
    private final boolean includePreReleases;
    private final List<List<Comparator>> alternatives;

    private record Comparator(Predicate<SemanticVersion> test, SemanticVersion named) {}

    private SemverRange(String text, boolean includePreReleases, List<List<Comparator>> alternatives) {
        this.text = text;
        this.includePreReleases = includePreReleases;
        this.alternatives = alternatives;
    }

    /**
     * Parses a range such as {@code >=1.2.0 <2.0.0}, {@code ~1.2}, {@code ^1} or {@code 1.x}.
     *
     * @param range the range text
     * @return the range, excluding pre-releases
     * @throws IllegalArgumentException naming the range when it cannot be parsed
     */
    public static SemverRange parse(String range) {
        Objects.requireNonNull(range, "range");
        String trimmed = range.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty semver range");
        }
        List<List<Comparator>> alternatives = new ArrayList<>();
        for (String alternative : trimmed.split("\\|\\|", -1)) {
            alternatives.add(parseSet(range, alternative.trim()));
        }
        return new SemverRange(trimmed, false, List.copyOf(alternatives));
    }

    /** @return the same range, also admitting pre-release versions */
    public SemverRange includingPreReleases() {
        return new SemverRange(text, true, alternatives);
    }

    /** @return whether pre-release versions are admitted */
    public boolean includesPreReleases() {
        return includePreReleases;
    }

    /**
     * @param version a version
     * @return true if the version lies in the range
     */
    public boolean matches(SemanticVersion version) {
        for (List<Comparator> set : alternatives) {
            if (set.stream().allMatch(c -> c.test.test(version))
                    && (!version.isPreRelease() || includePreReleases
                        || set.stream().anyMatch(c -> c.named != null && c.named.isPreRelease()
                                && c.named.sameCore(version)))) {
                return true;
            }
        }
        return false;
    }

    private static List<Comparator> parseSet(String whole, String set) {
        if (set.isEmpty()) {
            throw bad(whole, "empty alternative");
        }
        Matcher hyphen = HYPHEN.matcher(set);
        if (hyphen.matches()) {
            Partial low = partial(whole, hyphen.group(1), false);
            Partial high = partial(whole, hyphen.group(2), false);
            List<Comparator> out = new ArrayList<>();
            out.add(low.atLeast());
            out.add(high.atMost());
            return List.copyOf(out);
        }
        List<Comparator> out = new ArrayList<>();
        // "> 1.2" is allowed: join an operator with the version that follows it.
        for (String token : set.replaceAll("(=|!=|>=|<=|>|<|~>|~|\\^)\\s+", "$1").split("[\\s,]+")) {
            if (!token.isEmpty()) {
                out.addAll(comparator(whole, token));
            }
        }
        return List.copyOf(out);
    }

    private static List<Comparator> comparator(String whole, String token) {
        Matcher m = COMPARATOR.matcher(token);
        if (!m.matches()) {
            throw bad(whole, "cannot read '" + token + "'");
        }
        String op = m.group(1) == null ? "=" : m.group(1);
        Partial p = partial(whole, token.substring(op.equals("=") && m.group(1) == null ? 0 : op.length()), true);
        switch (op) {
            case "=":
                return p.exact();
            case "!=": {
                List<Comparator> inside = p.exact();
                return List.of(new Comparator(v -> !inside.stream().allMatch(c -> c.test.test(v)), null));
            }
            case ">":
                return List.of(p.greaterThan());
            case ">=":
                return List.of(p.atLeast());
            case "<":
                return List.of(p.lessThan());
            case "<=":
                return List.of(p.atMost());
            case "~":
            case "~>":
                return List.of(p.atLeast(), p.tildeBound());
            case "^":
                return List.of(p.atLeast(), p.caretBound());
            default:
                throw bad(whole, "unknown operator " + op);
        }
    }

    /** A version with 0 to 3 of its numeric parts given; the rest are wildcards. */
    private record Partial(long[] parts, int given, SemanticVersion version) {
        SemanticVersion floor() {
            return version;
        }

        /** The first version above every version this partial covers. */
        SemanticVersion ceiling() {
            long[] p = parts.clone();
            if (given == 0) {
                return null;
            }
            p[given - 1]++;
            for (int i = given; i < 3; i++) {
                p[i] = 0;
            }
            return new SemanticVersion(p[0], p[1], p[2], List.of(), "").withPreRelease("0");
        }

        Comparator atLeast() {
            SemanticVersion f = floor();
            return new Comparator(v -> v.compareTo(f) >= 0, version);
        }

        Comparator greaterThan() {
            if (given == 3) {
                SemanticVersion f = floor();
                return new Comparator(v -> v.compareTo(f) > 0, version);
            }
            SemanticVersion c = ceiling();
            return c == null ? new Comparator(v -> false, null) : new Comparator(v -> v.compareTo(c) >= 0, null);
        }

        Comparator lessThan() {
            // "<2.0.0" also keeps out 2.0.0's pre-releases: nobody who writes it wants 2.0.0-rc.1.
            SemanticVersion f = version.isPreRelease() ? floor() : floor().withPreRelease("0");
            return new Comparator(v -> v.compareTo(f) < 0, version);
        }

        Comparator atMost() {
            if (given == 3) {
                SemanticVersion f = floor();
                return new Comparator(v -> v.compareTo(f) <= 0, version);
            }
            SemanticVersion c = ceiling();
            return c == null ? new Comparator(v -> true, null) : new Comparator(v -> v.compareTo(c) < 0, null);
        }

        List<Comparator> exact() {
            if (given == 3) {
                SemanticVersion f = floor();
                return List.of(new Comparator(v -> v.compareTo(f) == 0, version));
            }
            return given == 0 ? List.of(new Comparator(v -> true, null)) : List.of(atLeast(), atMost());
        }

        Comparator tildeBound() {
            if (given == 0) {
                return new Comparator(v -> true, null);
            }
            return bound(given >= 2 ? 2 : Math.max(given, 1));
        }

        Comparator caretBound() {
            if (given == 0) {
                return new Comparator(v -> true, null);
            }
            int keep = 1; // the left-most non-zero part given stays fixed
            if (parts[0] == 0 && given >= 2) {
                keep = parts[1] == 0 && given >= 3 ? 3 : 2;
            }
            return bound(Math.min(Math.max(keep, 1), Math.max(given, 1)));
        }

        private Comparator bound(int fixedParts) {
            Partial p = new Partial(parts, fixedParts, version);
            SemanticVersion c = p.ceiling();
            return new Comparator(v -> v.compareTo(c) < 0, null);
        }
    }

    private static Partial partial(String whole, String token, boolean allowOp) {
        Matcher m = COMPARATOR.matcher(token);
        if (!m.matches() || (!allowOp && m.group(1) != null)) {
            throw bad(whole, "cannot read '" + token + "'");
        }
        long[] parts = new long[3];
        int given = 0;
        for (int i = 0; i < 3; i++) {
            String g = m.group(2 + i);
            if (g == null || g.equals("*") || g.equalsIgnoreCase("x")) {
                break;
            }
            parts[i] = Long.parseLong(g);
            given++;
        }
        List<String> pre = m.group(5) == null || given < 3 ? List.of() : List.of(m.group(5).split("\\."));
        if (m.group(5) != null && given < 3) {
            throw bad(whole, "a pre-release needs major.minor.patch in '" + token + "'");
        }
        return new Partial(parts, given, new SemanticVersion(parts[0], parts[1], parts[2], pre, ""));
    }

    private static IllegalArgumentException bad(String range, String why) {
        return new IllegalArgumentException("malformed semver range '" + range + "': " + why);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SemverRange r && r.text.equals(text) && r.includePreReleases == includePreReleases;
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, includePreReleases);
    }

    /** @return the range as written */
    @Override
    public String toString() {
        return text;
    }
}
