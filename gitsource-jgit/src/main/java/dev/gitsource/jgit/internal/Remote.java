package dev.gitsource.jgit.internal;

import dev.gitsource.spi.GitSourceConfig;
import dev.gitsource.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.transport.URIish;

/**
 * A remote URL checked against the client's allowed schemes: one the caller named, or a
 * submodule's, which knows the superproject it was found in.
 *
 * @param uri the URL as given (may carry user information); an scp-style URL as {@code ssh://}
 * @param uriish the same for JGit (scp-style stays scp-style, so its path is sent as C git sends it)
 * @param redacted the URL without user information, for messages
 * @param superproject the remote whose tree named this one as a submodule, or null if the caller named it
 * @param helper the remote-helper URL the caller gave ({@code codecommit::eu-west-1://repo}) that a
 *     plugin translated into {@code uri}, or null
 */
record Remote(URI uri, URIish uriish, String redacted, Remote superproject, URI helper) {
    /**
     * C git's scp-like syntax: {@code [user@]host:path}, the host part optionally in brackets
     * with a port ({@code [user@host:port]:path} or {@code user@[host:port]:path}).
     */
    private static final Pattern SCP = Pattern.compile(
            "^(?:([^@/\\[\\]:]+)@)?(\\[[^\\]/]+\\]|[^@/\\[\\]:]+):(.*)$");
    private static final Pattern BRACKETED = Pattern.compile("^(?:([^@]+)@)?([^:]+)(?::([0-9]{1,5}))?$");

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
            return new Remote(uri, new URIish(uri.toString()), Redaction.redact(uri), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a remote URL: " + Redaction.redact(uri), e);
        }
    }

    /**
     * A URL as a repository's configuration holds it: a URL with a scheme, or scp-style.
     *
     * @throws IllegalArgumentException if it is neither, or not allowed
     */
    static Remote parse(String url, GitSourceConfig config) {
        Remote scp = scp(url, null);
        return scp != null ? of(scp.uri(), config).withUriish(scp.uriish()) : of(URI.create(url), config);
    }

    /**
     * An scp-style URL ({@code git@github.com:org/lib.git}), or null if the text is not one.
     *
     * @param superproject the remote that named it, or null
     */
    static Remote scp(String url, Remote superproject) {
        if (url.contains("://")) {
            return null;
        }
        Matcher m = SCP.matcher(url);
        if (!m.matches() || m.group(3).isEmpty()) {
            return null;
        }
        String user = m.group(1);
        String host = m.group(2);
        int port = -1;
        if (host.startsWith("[")) {
            Matcher inner = BRACKETED.matcher(host.substring(1, host.length() - 1));
            if (!inner.matches() || (user != null && inner.group(1) != null)) {
                return null;
            }
            user = user != null ? user : inner.group(1);
            host = inner.group(2);
            port = inner.group(3) == null ? -1 : Integer.parseInt(inner.group(3));
        }
        String path = m.group(3);
        try {
            URI uri = new URI("ssh", user, host, port, path.startsWith("/") ? path : "/" + path, null, null);
            URIish ish = new URIish().setUser(user).setHost(host).setPort(port).setPath(path);
            return new Remote(uri, ish, Redaction.redact(uri), superproject, null);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * A URL a superproject names, relative ({@code ../lib.git}) or absolute, for a submodule.
     * A relative URL is resolved as C git does: the superproject's URL is taken as a
     * directory, each {@code ../} drops one of its segments.
     *
     * @param url the submodule's URL, already checked to be one (not an option, not a helper)
     * @return the submodule's remote, or null if the URL is a local path or climbs above the server's root
     * @throws IllegalArgumentException if an absolute URL cannot be parsed
     */
    Remote submodule(String url) {
        if (url.startsWith("./") || url.startsWith("../")) {
            String base = uriish.getScheme() == null ? uriish.getPath() : uri.getPath();
            String path = relativePath(base, url, uriish.getScheme() == null);
            if (path == null || path.contains("/../") || path.endsWith("/..")) {
                return null;
            }
            URI resolved = withPath(uri, path.startsWith("/") ? path : "/" + path);
            return uriish.getScheme() == null
                    ? new Remote(resolved, uriish.setPath(path), Redaction.redact(resolved), this, null)
                    : child(resolved);
        }
        if (url.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            return child(URI.create(url));
        }
        return scp(url, this);
    }

    private Remote child(URI resolved) {
        try {
            return new Remote(resolved, new URIish(resolved.toString()), Redaction.redact(resolved), this, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a remote URL: " + Redaction.redact(resolved), e);
        }
    }

    private Remote withUriish(URIish ish) {
        return new Remote(uri, ish, redacted, superproject, helper);
    }

    /**
     * @param given the remote-helper URL the caller gave, which a plugin translated into this remote
     * @return this remote, named in messages and stored by that URL (without user information)
     */
    Remote withHelper(URI given) {
        return new Remote(uri, uriish, Redaction.redact(given), superproject, given);
    }

    /** @return the URL without user information: what listeners are given, so that no token reaches a log or metric */
    URI forListeners() {
        if (uri.getRawUserInfo() == null || uri.isOpaque()) {
            return uri;
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a remote URL: " + redacted, e);
        }
    }

    /** @return the URL the caller gave: the remote-helper URL if a plugin translated it, else {@link #uri()} */
    URI given() {
        return helper != null ? helper : uri;
    }

    private static URI withPath(URI uri, String path) {
        try {
            return new URI(uri.getScheme(), uri.getUserInfo(), uri.getHost(), uri.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a remote URL: " + Redaction.redact(uri), e);
        }
    }

    /** C git's resolution of leading {@code ./} and {@code ../}; null if it climbs above the root. */
    private static String relativePath(String base, String relative, boolean scp) {
        String b = base.replaceAll("/+$", "");
        String r = relative;
        while (r.startsWith("./") || r.startsWith("../")) {
            if (r.startsWith("./")) {
                r = r.substring(2);
                continue;
            }
            int slash = b.lastIndexOf('/');
            if (slash < 0 && (!scp || b.isEmpty())) {
                return null;
            }
            b = slash < 0 ? "" : b.substring(0, slash);
            r = r.substring(3);
        }
        return b.isEmpty() ? (scp ? r : "/" + r) : b + "/" + r;
    }

    /** @return how many superprojects this remote is nested in */
    int nesting() {
        return superproject == null ? 0 : 1 + superproject.nesting();
    }

    /** @return the remote the caller named, whose tree (or a submodule's) named this one */
    Remote root() {
        return superproject == null ? this : superproject.root();
    }

    /**
     * @return whether the caller named this remote, or it is on the same server (host and port)
     *     as the one the caller named: only then may credentials meant for that one go here
     */
    boolean onNamedServer() {
        return superproject == null || server().equals(root().server());
    }

    /** Host and effective port: where credentials go. */
    String server() {
        return server(uri);
    }

    /** Host and effective port of any URL: where credentials for it go. */
    static String server(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return host + ":" + effectivePort(uri);
    }

    /** The same repository however it is spelled: server, and path without {@code .git} or slashes. */
    String repositoryKey() {
        String path = uri.getPath() == null ? "" : uri.getPath();
        return server() + "/" + path.replaceAll("^[/~]+", "").replaceAll("(\\.git)?/*$", "").toLowerCase(Locale.ROOT);
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return switch (uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT)) {
            case "https" -> 443;
            case "http" -> 80;
            case "ssh" -> 22;
            case "git" -> 9418;
            default -> -1;
        };
    }

    /**
     * The URL to write into a repository's configuration: never a password or token. HTTP(S)
     * URLs lose their user information (a token is often the user name); an SSH URL keeps its
     * login name, which later operations connect as; scp-style stays scp-style.
     */
    String stored() {
        if (helper != null) {
            return Redaction.redact(helper); // as C git keeps a remote helper's URL, without user information
        }
        URIish u = uriish.setPass(null);
        if (u.getScheme() == null) {
            String user = u.getUser() == null ? "" : u.getUser() + "@";
            return u.getPort() < 0 ? user + u.getHost() + ":" + u.getPath()
                    : "[" + user + u.getHost() + ":" + u.getPort() + "]:" + u.getPath();
        }
        return "ssh".equalsIgnoreCase(u.getScheme()) ? u.toString() : u.setUser(null).toString();
    }
}
