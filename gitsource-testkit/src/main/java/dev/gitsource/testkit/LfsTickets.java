package dev.gitsource.testkit;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code git-lfs-authenticate} over SSH hands out: the LFS endpoint over HTTP(S) and a
 * token of this server's own ({@code Authorization: RemoteAuth <token>}) that its LFS API then
 * accepts for the SSH user it was issued to, as Git hosts do for SSH remotes.
 */
final class LfsTickets {
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> users = new ConcurrentHashMap<>();
    private volatile String httpBase;

    /** @param base {@code http(s)://127.0.0.1:PORT} of the HTTP front, once it listens */
    void httpBase(String base) {
        httpBase = base;
    }

    /** @return {@code http(s)://127.0.0.1:PORT}, or null without an HTTP front */
    String httpBase() {
        return httpBase;
    }

    /** @return a new token for this SSH user */
    String issue(String user) {
        byte[] b = new byte[24];
        random.nextBytes(b);
        String token = HexFormat.of().formatHex(b);
        users.put(token, user == null ? "" : user);
        return token;
    }

    /** @return the user a token was issued to, or null if this server issued no such token */
    String user(String token) {
        return users.get(token);
    }
}
