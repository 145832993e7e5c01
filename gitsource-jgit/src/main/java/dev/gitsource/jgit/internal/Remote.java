package dev.gitsource.jgit.internal;

import dev.gitsource.GitSourceConfig;
import dev.gitsource.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.eclipse.jgit.transport.URIish;

/**
 * A remote URL checked against the client's allowed schemes.
 *
 * @param uri the URL as given (may carry user information)
 * @param uriish the same for JGit
 * @param redacted the URL without user information, for messages
 */
record Remote(URI uri, URIish uriish, String redacted) {
    static Remote of(URI uri, GitSourceConfig config) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!config.allowedSchemes().contains(scheme)) {
            throw new IllegalArgumentException("URL scheme '" + scheme + "' is not allowed for "
                    + Redaction.redact(uri) + " (allowed: " + config.allowedSchemes() + "; see allowSchemes)");
        }
        if (!scheme.equals("file") && (uri.getHost() == null || uri.getHost().startsWith("-"))) {
            throw new IllegalArgumentException("remote URL has no valid host: " + Redaction.redact(uri));
        }
        if (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")) {
            throw new IllegalArgumentException("remote URL has no repository path: " + Redaction.redact(uri));
        }
        try {
            return new Remote(uri, new URIish(uri.toString()), Redaction.redact(uri));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a remote URL: " + Redaction.redact(uri), e);
        }
    }
}
