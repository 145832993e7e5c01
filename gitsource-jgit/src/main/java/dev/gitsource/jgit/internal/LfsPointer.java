package dev.gitsource.jgit.internal;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Git LFS pointer file: the object's SHA-256 and size, as the LFS spec writes them
 * ({@code version https://git-lfs.github.com/spec/v1}, {@code oid sha256:<64 hex>},
 * {@code size <n>}, in that order, other keys between them allowed). Anything else is not a
 * pointer and is left as it is, as git-lfs does.
 *
 * @param oid the object's SHA-256, lower-case hex
 * @param size the object's size in bytes
 */
record LfsPointer(String oid, long size) {
    /** git-lfs does not read blobs larger than this as pointers. */
    static final int MAX_BYTES = 1024;

    private static final Pattern POINTER = Pattern.compile(
            "version https://(?:git-lfs\\.github\\.com|hawser\\.github\\.com)/spec/v1\n"
            + "(?:[a-z0-9.-]+ [^\n]*\n)*?"
            + "oid sha256:([0-9a-f]{64})\n"
            + "(?:[a-z0-9.-]+ [^\n]*\n)*?"
            + "size (0|[1-9][0-9]{0,18})\n"
            + "(?:[a-z0-9.-]+ [^\n]*\n)*");

    /**
     * @param content a blob's bytes
     * @return its pointer, or null if it is not one
     */
    static LfsPointer parse(byte[] content) {
        if (content.length > MAX_BYTES || content.length == 0 || content[0] != 'v') {
            return null;
        }
        Matcher m = POINTER.matcher(new String(content, StandardCharsets.UTF_8));
        if (!m.matches()) {
            return null;
        }
        try {
            return new LfsPointer(m.group(1), Long.parseLong(m.group(2)));
        } catch (NumberFormatException e) {
            return null; // larger than a long: no real object
        }
    }
}
