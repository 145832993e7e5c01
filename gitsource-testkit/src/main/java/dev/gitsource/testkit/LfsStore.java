package dev.gitsource.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The Git LFS objects of a server's repositories, where a bare repository keeps them for
 * git-lfs: {@code <repo>.git/lfs/objects/<aa>/<bb>/<sha256>}.
 */
final class LfsStore {
    static final Pattern OID = Pattern.compile("[0-9a-f]{64}");

    private LfsStore() {}

    /** @return the file of an object in a bare repository (which may not exist) */
    static Path file(Path bareRepository, String oid) {
        if (!OID.matcher(oid).matches()) {
            throw new IllegalArgumentException("not a SHA-256: " + oid);
        }
        return bareRepository.resolve("lfs/objects").resolve(oid.substring(0, 2)).resolve(oid.substring(2, 4))
                .resolve(oid);
    }

    /** Stores bytes as an object; returns its pointer file's text. */
    static String put(Path bareRepository, byte[] content) throws IOException {
        String oid = sha256(content);
        Path file = file(bareRepository, oid);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return pointer(oid, content.length);
    }

    /**
     * Stores a stream as an object if its SHA-256 is the oid it claims.
     *
     * @return whether it was stored
     */
    static boolean put(Path bareRepository, String oid, InputStream in) throws IOException {
        Path file = file(bareRepository, oid);
        Files.createDirectories(file.getParent());
        Path part = Files.createTempFile(file.getParent(), oid, ".part");
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(part), sha)) {
                in.transferTo(out);
            }
            if (!HexFormat.of().formatHex(sha.digest()).equals(oid)) {
                return false;
            }
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** @return the text of a pointer file, as git-lfs writes it */
    static String pointer(String oid, long size) {
        return "version https://git-lfs.github.com/spec/v1\noid sha256:" + oid + "\nsize " + size + "\n";
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
