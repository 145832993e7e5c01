package dev.gitsource.testkit;

/**
 * Git LFS helpers for tests: an object's id and the pointer file git-lfs writes for it, to
 * build trees by hand or to check which objects a client asked for
 * ({@link RecordedRequest#wants()} of the LFS requests).
 */
public final class LfsObjects {
    private LfsObjects() {}

    /**
     * @param content an object's bytes
     * @return its LFS object id: the SHA-256 in lower-case hex
     */
    public static String sha256(byte[] content) {
        return LfsStore.sha256(content);
    }

    /**
     * @param content an object's bytes
     * @return the pointer file git-lfs writes for it ({@code version}, {@code oid}, {@code size} lines)
     */
    public static String pointer(byte[] content) {
        return LfsStore.pointer(sha256(content), content.length);
    }
}
