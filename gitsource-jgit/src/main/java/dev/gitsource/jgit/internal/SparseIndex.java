package dev.gitsource.jgit.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.function.Predicate;

/**
 * Marks the index entries outside the sparse paths {@code skip-worktree}, as
 * {@code git sparse-checkout} does, so C git and JGit treat the files that were not written
 * as intentionally absent rather than deleted. JGit reads the flag but cannot set it, so
 * the index file JGit wrote (version 2) is rewritten as version 3 with the flag.
 */
final class SparseIndex {
    private static final int SKIP_WORKTREE = 0x4000;
    private static final int EXTENDED = 0x4000;

    private SparseIndex() {}

    static void apply(org.eclipse.jgit.lib.Repository repo, List<String> sparse) throws IOException {
        Path gitDir = repo.getDirectory().toPath();
        markSkipWorktree(gitDir.resolve("index"), p -> !SparsePaths.contains(sparse, p));
        Files.createDirectories(gitDir.resolve("info"));
        StringBuilder patterns = new StringBuilder();
        sparse.forEach(s -> patterns.append('/').append(s).append('\n'));
        Files.writeString(gitDir.resolve("info/sparse-checkout"), patterns.toString());
        repo.getConfig().setBoolean("core", null, "sparseCheckout", true);
        repo.getConfig().save();
    }

    static void markSkipWorktree(Path index, Predicate<String> skip) throws IOException {
        byte[] in = Files.readAllBytes(index);
        // Index entries: 40 bytes of stat data, 20 of object id, 2 of flags, 2 more of
        // extended flags when flagged (version 3), the NUL-terminated path, padded to 8 bytes.
        ByteBuffer b = ByteBuffer.wrap(in);
        int version = b.getInt(4);
        if (b.getInt(0) != 0x44495243 || version != 2 && version != 3) {
            throw new IOException("expected a version 2 or 3 index, found " + version);
        }
        int count = b.getInt(8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + count * 8);
        out.write(in, 0, 4);
        out.write(new byte[] {0, 0, 0, 3});
        out.write(in, 8, 4);
        int at = 12;
        for (int i = 0; i < count; i++) {
            int flags = b.getShort(at + 60) & 0xffff;
            int extended = (flags & EXTENDED) != 0 ? b.getShort(at + 62) & 0xffff : 0;
            int nameStart = at + ((flags & EXTENDED) != 0 ? 64 : 62);
            int nameEnd = nameStart;
            while (in[nameEnd] != 0) {
                nameEnd++;
            }
            int pathLength = nameEnd - nameStart;
            String path = new String(in, nameStart, pathLength, StandardCharsets.UTF_8);
            if (skip.test(path)) {
                extended |= SKIP_WORKTREE;
            }
            int newFlags = extended != 0 ? flags | EXTENDED : flags & ~EXTENDED;
            out.write(in, at, 60);
            out.write(newFlags >> 8);
            out.write(newFlags & 0xff);
            int fixed = 62;
            if (extended != 0) {
                out.write(extended >> 8);
                out.write(extended & 0xff);
                fixed = 64;
            }
            out.write(in, nameStart, pathLength);
            int length = (fixed + pathLength + 8) & ~7;
            out.write(new byte[length - fixed - pathLength], 0, length - fixed - pathLength);
            at += ((nameStart - at) + pathLength + 8) & ~7;
        }
        out.write(in, at, in.length - 20 - at); // extensions, unchanged
        byte[] body = out.toByteArray();
        try {
            byte[] sha = MessageDigest.getInstance("SHA-1").digest(body);
            Path tmp = index.resolveSibling("index.gitsource.lock");
            Files.write(tmp, body);
            Files.write(tmp, sha, java.nio.file.StandardOpenOption.APPEND);
            Files.move(tmp, index, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }
}
