package dev.gitsource.jgit.signing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SSH public keys in {@code authorized_keys} or allowed-signers format
 * ({@code ssh-keygen(1)} "ALLOWED SIGNERS"). Honoured options: {@code namespaces="..."},
 * {@code valid-after=...}, {@code valid-before=...}; lines with {@code cert-authority} are
 * skipped (certificates are not supported); other options are ignored.
 */
final class SshAllowedSigners {
    /**
     * One trusted key.
     *
     * @param blob the public key blob
     * @param principals the principals field of an allowed-signers line, else the comment
     * @param namespaces the namespaces the key may sign for, or null for any
     * @param validAfter the key is trusted from this instant on, or null
     * @param validBefore the key is trusted until this instant, or null
     */
    record Entry(byte[] blob, String principals, Set<String> namespaces, Instant validAfter, Instant validBefore) {
        boolean matches(byte[] keyBlob) {
            return Arrays.equals(blob, keyBlob);
        }

        boolean allows(String namespace, Instant when) {
            return (namespaces == null || namespaces.contains(namespace))
                    && (validAfter == null || !when.isBefore(validAfter))
                    && (validBefore == null || when.isBefore(validBefore));
        }

        String restrictions() {
            return (namespaces == null ? "" : " namespaces=" + String.join(",", namespaces))
                    + (validAfter == null ? "" : " valid-after=" + validAfter)
                    + (validBefore == null ? "" : " valid-before=" + validBefore);
        }
    }

    private SshAllowedSigners() {}

    /**
     * Parses the lines; blank lines and {@code #} comments are skipped.
     *
     * @throws IllegalArgumentException naming the line number if a line holds no public key
     */
    static List<Entry> parse(String text) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> tokens = tokens(line);
            int k = keyIndex(tokens);
            if (k < 0 || k > 2) {
                throw new IllegalArgumentException("line " + (n + 1) + " of the SSH public keys holds no public key"
                        + " (expected '[principals] [options] type base64 [comment]')");
            }
            String principals;
            String options;
            if (k == 2) {
                principals = tokens.get(0);
                options = tokens.get(1);
            } else if (k == 1 && looksLikeOptions(tokens.get(0))) {
                principals = tokens.size() > 3 ? tokens.get(3) : "";
                options = tokens.get(0);
            } else if (k == 1) {
                principals = tokens.get(0);
                options = "";
            } else {
                principals = tokens.size() > 2 ? tokens.get(2) : "";
                options = "";
            }
            Entry e = entry(Base64.getDecoder().decode(tokens.get(k + 1)), unquote(principals), options, n + 1);
            if (e != null) {
                entries.add(e);
            }
        }
        return entries;
    }

    private static Entry entry(byte[] blob, String principals, String options, int lineNumber) {
        Set<String> namespaces = null;
        Instant after = null;
        Instant before = null;
        for (String option : splitOptions(options)) {
            String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
            String value = option.contains("=") ? unquote(option.substring(option.indexOf('=') + 1)) : "";
            switch (name.toLowerCase(Locale.ROOT)) {
                case "cert-authority":
                    return null;
                case "namespaces":
                    namespaces = Set.of(value.split(","));
                    break;
                case "valid-after":
                    after = time(value, lineNumber);
                    break;
                case "valid-before":
                    before = time(value, lineNumber);
                    break;
                default:
                    break;
            }
        }
        return new Entry(blob, principals, namespaces, after, before);
    }

    /** {@code YYYYMMDD[HHMM[SS]][Z]}: local time unless it ends with Z, as ssh-keygen reads it. */
    private static Instant time(String value, int lineNumber) {
        boolean utc = value.endsWith("Z") || value.endsWith("z");
        String digits = utc ? value.substring(0, value.length() - 1) : value;
        String pattern = switch (digits.length()) {
            case 8 -> "yyyyMMdd";
            case 12 -> "yyyyMMddHHmm";
            case 14 -> "yyyyMMddHHmmss";
            default -> null;
        };
        try {
            if (pattern == null) {
                throw new DateTimeParseException("bad length", value, 0);
            }
            LocalDateTime t = digits.length() == 8
                    ? LocalDate.parse(digits, DateTimeFormatter.ofPattern(pattern)).atStartOfDay()
                    : LocalDateTime.parse(digits, DateTimeFormatter.ofPattern(pattern));
            return t.atZone(utc ? ZoneOffset.UTC : ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("line " + lineNumber + " of the SSH public keys has a bad time '"
                    + value + "' (expected YYYYMMDD[HHMM[SS]][Z])", e);
        }
    }

    /** The index of the key type token: one followed by base64 whose blob names the same type. */
    private static int keyIndex(List<String> tokens) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            try {
                byte[] blob = Base64.getDecoder().decode(tokens.get(i + 1));
                if (SshSig.keyType(blob).equals(tokens.get(i)) && !tokens.get(i).isEmpty()) {
                    return i;
                }
            } catch (IllegalArgumentException e) {
                // not base64: keep looking
            }
        }
        return -1;
    }

    private static boolean looksLikeOptions(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        return lower.contains("=") || lower.startsWith("cert-authority") || lower.startsWith("restrict")
                || lower.startsWith("no-");
    }

    /** Whitespace-separated tokens; double quotes group. */
    private static List<String> tokens(String line) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (!quoted && Character.isWhitespace(c)) {
                if (current.length() > 0) {
                    tokens.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            tokens.add(current.toString());
        }
        return tokens;
    }

    /** Comma-separated options; commas inside double quotes do not split. */
    private static List<String> splitOptions(String options) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : options.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            out.add(current.toString());
        }
        return out;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
