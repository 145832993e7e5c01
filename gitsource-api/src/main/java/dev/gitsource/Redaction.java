package dev.gitsource;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * Removes secrets from text that may reach a log or an exception message: the user
 * information of URLs (a token is often the user name), URL query strings,
 * {@code Authorization} header values and PEM private key blocks.
 */
public final class Redaction {
    private static final Pattern URL_USERINFO =
            Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@");
    private static final Pattern AUTH_HEADER =
            Pattern.compile("(?i)(authorization:\\s*)(\\S+)(\\s+\\S+)?");
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----.*?(-----END \\1PRIVATE KEY-----|$)",
            Pattern.DOTALL);

    private Redaction() {}

    /**
     * Returns the text with secrets removed; null stays null.
     *
     * @param text any text, such as an exception message
     * @return the text with URL user information, Authorization values and private keys replaced
     */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String s = URL_USERINFO.matcher(text).replaceAll("$1");
        s = AUTH_HEADER.matcher(s).replaceAll("$1[redacted]");
        return PRIVATE_KEY.matcher(s).replaceAll("[redacted private key]");
    }

    /**
     * Returns the URI without user information or query, for messages and logs.
     *
     * @param uri a remote URI
     * @return the same location with user information and query removed
     */
    public static String redact(URI uri) {
        if (uri == null) {
            return "null";
        }
        if (uri.isOpaque() || uri.getScheme() == null) {
            return redact(uri.toString());
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
                    .toString();
        } catch (URISyntaxException e) {
            return redact(uri.toString());
        }
    }
}
