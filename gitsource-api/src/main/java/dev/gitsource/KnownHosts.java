package dev.gitsource;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * SSH host keys the client trusts, in OpenSSH {@code known_hosts} format: plain and hashed
 * ({@code |1|salt|hash}) host patterns, {@code [host]:port}, wildcards and negations, and
 * the {@code @cert-authority} and {@code @revoked} markers. Parsed eagerly; held in memory,
 * never read from or written to {@code ~/.ssh}.
 */
public final class KnownHosts {
    /**
     * One line of the file.
     *
     * @param marker {@code @cert-authority}, {@code @revoked}, or null
     * @param hostPatterns the comma-separated host patterns, or one hashed host
     * @param keyType the key algorithm, such as {@code ssh-ed25519}
     * @param key the public key blob (base64 decoded)
     */
    public record Entry(String marker, String hostPatterns, String keyType, byte[] key) {
        /**
         * Copies the key.
         *
         * @param marker see the record component
         * @param hostPatterns see the record component
         * @param keyType see the record component
         * @param key see the record component
         */
        public Entry {
            key = key.clone();
        }

        /** @return a copy of the public key blob */
        @Override
        public byte[] key() {
            return key.clone();
        }

        /** @return the key as a {@code known_hosts} line */
        @Override
        public String toString() {
            return (marker == null ? "" : marker + " ") + hostPatterns + " " + keyType + " "
                    + Base64.getEncoder().encodeToString(key);
        }
    }

    private final List<Entry> entries;

    private KnownHosts(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * @param text the contents of a {@code known_hosts} file
     * @return the parsed host keys
     * @throws IllegalArgumentException naming the line that cannot be read
     */
    public static KnownHosts parse(String text) {
        Objects.requireNonNull(text, "known_hosts");
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            int at = 0;
            String marker = null;
            if (f[0].startsWith("@")) {
                marker = f[0];
                if (!marker.equals("@cert-authority") && !marker.equals("@revoked")) {
                    throw bad(i, "unknown marker " + marker);
                }
                at = 1;
            }
            if (f.length < at + 3) {
                throw bad(i, "expected <hosts> <key type> <base64 key>");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(f[at + 2]);
            } catch (IllegalArgumentException e) {
                throw bad(i, "the key is not base64");
            }
            if (key.length < 8) {
                throw bad(i, "the key is too short");
            }
            entries.add(new Entry(marker, f[at], f[at + 1], key));
        }
        return new KnownHosts(entries);
    }

    private static IllegalArgumentException bad(int line, String why) {
        return new IllegalArgumentException("known_hosts line " + (line + 1) + ": " + why);
    }

    /** @return the entries in file order */
    public List<Entry> entries() {
        return entries;
    }

    /** @return the text, one entry a line */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        entries.forEach(e -> sb.append(e).append('\n'));
        return sb.toString();
    }
}
