package dev.gitsource.jgit.internal;

import dev.gitsource.AuthenticationException;
import dev.gitsource.DeadlineExceededException;
import dev.gitsource.GitSourceConfig;
import dev.gitsource.GitSourceException;
import dev.gitsource.GitTransportException;
import dev.gitsource.Redaction;
import dev.gitsource.RepositoryNotFoundException;
import dev.gitsource.SizeLimitExceededException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.errors.TooLargeObjectInPackException;
import org.eclipse.jgit.errors.TooLargePackException;
import org.eclipse.jgit.errors.TransportException;

/**
 * The one place where JGit's and the JDK's exceptions become gitsource's typed errors. The
 * original is kept as the cause; messages name the remote without credentials.
 */
final class Errors {
    private static final Pattern URL = Pattern.compile("[a-z][a-z0-9+.-]*://[^\\s'\"]*");

    private Errors() {}

    static GitSourceException translate(Throwable t, String remote, Deadline deadline, GitSourceConfig config) {
        if (t instanceof GitSourceException g) {
            return g;
        }
        if (has(t, TooLargePackException.class)) {
            return new SizeLimitExceededException("the pack from " + remote + " is larger than the limit of "
                    + config.maxPackBytes() + " bytes (maxPackBytes); nothing was written", config.maxPackBytes(), t);
        }
        if (has(t, TooLargeObjectInPackException.class)) {
            return new SizeLimitExceededException("the pack from " + remote + " holds an object larger than the limit"
                    + " of " + config.maxObjectBytes() + " bytes (maxObjectBytes); nothing was written",
                    config.maxObjectBytes(), t);
        }
        String what = describe(t);
        if (deadline != null && deadline.expired()) {
            return new DeadlineExceededException("deadline of " + deadline.timeout() + " exceeded talking to "
                    + remote, deadline.timeout(), t);
        }
        if (t instanceof NoRemoteRepositoryException) {
            return new RepositoryNotFoundException("repository not found: " + remote, t);
        }
        // without URLs: a port such as 44407 or a path segment such as /500/ is not a status code
        String lower = URL.matcher(chainText(t).toLowerCase(Locale.ROOT)).replaceAll("<url>");
        if (lower.contains("certificate_required") || lower.contains("bad_certificate")) {
            return new AuthenticationException("the server " + remote + " refused the TLS client certificate"
                    + " (none given, or not one it trusts): " + what, t);
        }
        if (has(t, CertificateException.class) || has(t, SSLHandshakeException.class)
                && (lower.contains("certificat") || lower.contains("pkix"))) {
            return new AuthenticationException("TLS certificate of " + remote + " is not trusted: " + what, t);
        }
        if (lower.contains("host key") || lower.contains("hostkey") || lower.contains("server key did not validate")
                || lower.contains("known_hosts") || lower.contains("revoked")) {
            return new AuthenticationException("SSH host key of " + remote + " is not trusted: " + what, t);
        }
        if (lower.matches("(?s).*\\b407\\b.*") || lower.contains("proxy authentication required")) {
            return new AuthenticationException("the proxy refused its credentials (HTTP 407) on the way to " + remote
                    + ": check the proxy user and password", t);
        }
        if (lower.contains("not authorized") || lower.contains("authentication is required")
                || lower.contains("auth fail") || lower.contains("no more authentication methods")
                || lower.contains("authentication not supported") || lower.contains("not permitted")
                || lower.matches("(?s).*\\b40[13]\\b.*") || lower.contains("permission denied")
                || lower.contains("cannot log in") || lower.contains("authentication failed")
                || lower.contains("no credentials provider")) {
            return new AuthenticationException("authentication failed for " + remote + ": " + what, t);
        }
        if (lower.contains("not found") && (lower.contains("repository") || lower.contains("404"))
                || lower.contains("does not appear to be a git repository") || lower.contains("no such repository")
                || lower.contains("repository not exported")) {
            return new RepositoryNotFoundException("repository not found: " + remote + ": " + what, t);
        }
        if (has(t, UnknownHostException.class)) {
            return new GitTransportException("cannot resolve the host of " + remote + ": " + what, true, t);
        }
        if (has(t, ConnectException.class) || has(t, NoRouteToHostException.class) || has(t, SocketException.class)
                || has(t, EOFException.class) || has(t, InterruptedIOException.class) || has(t, SSLException.class)) {
            return new GitTransportException("connection to " + remote + " failed: " + what, true, t);
        }
        if (lower.matches("(?s).*\\b(50[0-9]|429)\\b.*") || lower.contains("unexpected end of stream")
                || lower.contains("premature eof") || lower.contains("connection reset")
                || lower.contains("timeout") || lower.contains("timed out") || lower.contains("cancelled")) {
            return new GitTransportException("transfer from " + remote + " failed: " + what, true, t);
        }
        if (t instanceof PackProtocolException) {
            return new GitTransportException("protocol error with " + remote + ": " + what, false, t);
        }
        if (t instanceof TransportException || t instanceof IOException) {
            return new GitTransportException("transfer from " + remote + " failed: " + what, true, t);
        }
        return new GitSourceException("git operation on " + remote + " failed: " + what, t);
    }

    /** Whether a message in the cause chain contains the text, in any case. */
    static boolean mentions(Throwable t, String lowerCaseText) {
        return chainText(t).toLowerCase(Locale.ROOT).contains(lowerCaseText);
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String chainText(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }

    /** The innermost useful message, redacted. */
    static String describe(Throwable t) {
        String msg = t.getMessage();
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != t && root.getMessage() != null && (msg == null || !msg.contains(root.getMessage()))) {
            msg = (msg == null ? "" : msg + ": ") + root.getMessage();
        }
        return Redaction.redact(msg == null ? t.getClass().getSimpleName() : msg);
    }
}
