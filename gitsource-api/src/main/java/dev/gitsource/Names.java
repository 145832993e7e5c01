package dev.gitsource;

import java.util.Objects;
import java.util.regex.Pattern;

/** Argument checks shared by the value types; messages name the bad value. */
final class Names {
    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    private Names() {}

    /** Checks a branch, tag or ref name against git-check-ref-format's rules. */
    static String refName(String what, String name) {
        Objects.requireNonNull(name, what);
        if (name.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank: '" + name + "'");
        }
        if (name.startsWith("/") || name.endsWith("/") || name.endsWith(".") || name.endsWith(".lock")
                || name.contains("..") || name.contains("//") || name.contains("@{") || name.equals("@")
                || name.startsWith("-") || name.contains("/.") || name.startsWith(".")
                || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || " ~^:?*[\\".indexOf(c) >= 0)) {
            throw new IllegalArgumentException("not a valid " + what + ": '" + name + "'");
        }
        return name;
    }

    static String commitId(String id) {
        Objects.requireNonNull(id, "commit id");
        if (!COMMIT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "not a full commit id (40 or 64 lower-case hex): '" + id + "'");
        }
        return id;
    }

    /**
     * Checks a path inside a working copy: relative, forward slashes, no empty, {@code .} or
     * {@code ..} segment, and no {@code .git} segment in any case.
     */
    static String relativePath(String what, String path) {
        Objects.requireNonNull(path, what);
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.isEmpty() || p.startsWith("/") || p.contains("\\") || p.contains("\0")
                || (p.length() > 1 && p.charAt(1) == ':')) {
            throw new IllegalArgumentException(what + " must be a relative path inside the repository: '" + path + "'");
        }
        for (String segment : p.split("/", -1)) {
            String s = segment.replaceAll("[. ]+$", "");
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
                    || s.equalsIgnoreCase(".git") || s.equalsIgnoreCase("git~1")) {
                throw new IllegalArgumentException(what + " must not contain '" + segment + "': '" + path + "'");
            }
        }
        return p;
    }
}
