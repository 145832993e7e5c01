package dev.gitsource.jgit.internal;

import dev.gitsource.UnsafeContentException;
import java.util.Locale;

/**
 * Which repository paths may be written to disk. Refuses what would escape the checkout or
 * write into a {@code .git} directory on any file system this tree might reach: empty,
 * {@code .} and {@code ..} segments, {@code .git} in any case, with trailing dots or spaces
 * (Windows drops them), as the NTFS short name {@code git~1}, with NTFS stream suffixes
 * ({@code .git::$INDEX_ALLOCATION}) or with characters HFS+ ignores; backslashes and NUL.
 */
final class PathRules {
    private PathRules() {}

    static void check(String path, String remote) {
        if (path.isEmpty() || path.startsWith("/") || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
            throw unsafe(path, remote, "not a relative path");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw unsafe(path, remote, "contains the segment '" + segment + "'");
            }
            if (isGitAlias(segment)) {
                throw unsafe(path, remote, "writes into a .git directory ('" + segment + "')");
            }
        }
    }

    static boolean isGitAlias(String segment) {
        String s = stripHfsIgnorable(segment);
        int colon = s.indexOf(':');
        if (colon >= 0) {
            s = s.substring(0, colon); // NTFS alternate data streams name the same file
        }
        s = s.replaceAll("[. ]+$", "").toLowerCase(Locale.ROOT);
        return s.equals(".git") || s.equals("git~1");
    }

    private static String stripHfsIgnorable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ignorable = c >= '\u200c' && c <= '\u200f' || c >= '\u202a' && c <= '\u202e'
                    || c >= '\u206a' && c <= '\u206f' || c == '\ufeff';
            if (!ignorable) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static UnsafeContentException unsafe(String path, String remote, String why) {
        return new UnsafeContentException("refusing to check out " + remote + ": path '" + printable(path) + "' " + why,
                path);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }
}
