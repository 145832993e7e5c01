package dev.gitsource.jgit.internal;

import dev.gitsource.AuthenticationException;
import dev.gitsource.DeadlineExceededException;
import dev.gitsource.spi.GitSourceConfig;
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
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.errors.TooLargeObjectInPackException;
import org.eclipse.jgit.errors.TooLargePackException;
import org.eclipse.jgit.errors.TransportException;

/**
 * The one place where JGit's, MINA SSHD's and the JDK's exceptions become gitsource's typed
 * errors: by exception type first (a local file-system failure before anything remote), by
 * text only where the library gives no type (JGit's 401 and 403, HTTP status lines, TLS
 * alerts, a server's "not found"). The original is kept as the cause; messages name the
 * remote without credentials.
 */
final class Errors {
    private static final Pattern URL = Pattern.compile("[a-z][a-z0-9+.-]*://[^\\s'\"]*");
    /** A server's words for a missing repository where JGit made no NoRemoteRepositoryException of them. */
    private static final List<String> NOT_FOUND = List.of("does not appear to be a git repository",
            "no such repository", "repository not exported");
    /** The JDK's and JGit's texts for a stream that broke off, where they give no type. */
    private static final List<String> BROKEN_OFF = List.of("unexpected end of stream", "premature eof",
            "connection reset", "timeout", "timed out", "cancelled");

    private Errors() {}

    /** Translates what an operation on {@code remote} threw where nothing local was being written. */
    static GitSourceException translate(Throwable t, String remote, Deadline deadline, GitSourceConfig config) {
        return translate(t, remote, deadline, config, null);
    }

    /**
     * Translates what an operation on {@code remote} threw.
     *
     * @param localDirectory the local repository the operation was writing, named by a local
     *     failure that does not say which file; null if none
     */
    static GitSourceException translate(Throwable t, String remote, Deadline deadline, GitSourceConfig config,
            Path localDirectory) {
        if (t instanceof GitSourceException g) {
            return g;
        }
        if (Causes.has(t, TooLargePackException.class)) {
            return new SizeLimitExceededException("the pack from " + remote + " is larger than the limit of "
                    + config.maxPackBytes() + " bytes (maxPackBytes); nothing was written", config.maxPackBytes(), t);
        }
        if (Causes.has(t, TooLargeObjectInPackException.class)) {
            return new SizeLimitExceededException("the pack from " + remote + " holds an object larger than the limit"
                    + " of " + config.maxObjectBytes() + " bytes (maxObjectBytes); nothing was written",
                    config.maxObjectBytes(), t);
        }
        // Before the clock and the remote: a full disk is neither a slow server nor a network fault.
        if (LocalFiles.cause(t) != null) {
            return LocalFiles.failure(localDirectory, t);
        }
        if (deadline != null && deadline.expired()) {
            return new DeadlineExceededException("deadline of " + deadline.timeout() + " exceeded talking to "
                    + remote, deadline.timeout(), t);
        }
        GitSourceException e = refusal(t, remote);
        return e != null ? e : transport(t, remote);
    }

    /** The remote or the way to it refused: not found, not trusted, or not authorized. Null if not. */
    private static GitSourceException refusal(Throwable t, String remote) {
        String what = describe(t);
        if (Causes.has(t, NoRemoteRepositoryException.class)) {
            return new RepositoryNotFoundException("repository not found: " + remote, t);
        }
        if (tlsAlert(t, "certificate_required") || tlsAlert(t, "bad_certificate")) {
            return new AuthenticationException("the server " + remote + " refused the TLS client certificate"
                    + " (none given, or not one it trusts): " + what, t);
        }
        if (Causes.has(t, CertificateException.class) || Causes.has(t, CertPathValidatorException.class)
                || Causes.has(t, CertPathBuilderException.class)) {
            return new AuthenticationException("TLS certificate of " + remote + " is not trusted: " + what, t);
        }
        int ssh = sshDisconnectCode(t);
        // MINA checks a host certificate's CA signature, principals and validity itself and ends the
        // key exchange: an untrusted host key as much as one known_hosts does not list.
        if (ssh == SshConstants.SSH2_DISCONNECT_HOST_KEY_NOT_VERIFIABLE
                || ssh == SshConstants.SSH2_DISCONNECT_KEY_EXCHANGE_FAILED && mentions(t, "signature verification failed")) {
            return new AuthenticationException("SSH host key of " + remote + " is not trusted: " + what, t);
        }
        if (ssh == SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE) {
            return new CredentialsRefusedException("authentication failed for " + remote + ": " + what, t);
        }
        String lower = withoutUrls(t);
        if (lower.matches("(?s).*\\b407\\b.*") || lower.contains("proxy authentication required")) {
            return new AuthenticationException("the proxy refused its credentials (HTTP 407) on the way to " + remote
                    + ": check the proxy user and password", t);
        }
        if (JGitMessages.serverRefusedCredentials(t) || lower.matches("(?s).*\\b40[13]\\b.*")) {
            return new CredentialsRefusedException("authentication failed for " + remote + ": " + what, t);
        }
        if (NOT_FOUND.stream().anyMatch(lower::contains)
                || lower.contains("not found") && (lower.contains("repository") || lower.contains("404"))) {
            return new RepositoryNotFoundException("repository not found: " + remote + ": " + what, t);
        }
        return null;
    }

    /** The conversation failed: retryable unless the client cannot speak the server's protocol. */
    private static GitSourceException transport(Throwable t, String remote) {
        String what = describe(t);
        if (Causes.has(t, UnknownHostException.class)) {
            return new GitTransportException("cannot resolve the host of " + remote + ": " + what, true, t);
        }
        if (Causes.has(t, ConnectException.class) || Causes.has(t, NoRouteToHostException.class)
                || Causes.has(t, SocketException.class) || Causes.has(t, EOFException.class)
                || Causes.has(t, InterruptedIOException.class) || Causes.has(t, SSLException.class)) {
            return new GitTransportException("connection to " + remote + " failed: " + what, true, t);
        }
        String lower = withoutUrls(t);
        if (lower.matches("(?s).*\\b(50[0-9]|429)\\b.*") || BROKEN_OFF.stream().anyMatch(lower::contains)) {
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

    /** A TLS alert the peer sent: the JDK has no type for the alert, only its name in the message. */
    private static boolean tlsAlert(Throwable t, String alert) {
        return Causes.of(t).stream().anyMatch(c -> c instanceof SSLException && c.getMessage() != null
                && c.getMessage().contains(alert));
    }

    /** MINA's reason for ending the session (0 if none): kept on every SshException it wraps. */
    private static int sshDisconnectCode(Throwable t) {
        for (Throwable c : Causes.of(t)) {
            if (c instanceof SshException s && s.getDisconnectCode() != 0) {
                return s.getDisconnectCode();
            }
        }
        return 0;
    }

    /** Whether a message in the cause chain contains the text, in any case. */
    static boolean mentions(Throwable t, String lowerCaseText) {
        return chainText(t).toLowerCase(Locale.ROOT).contains(lowerCaseText);
    }

    /** The chain's messages in lower case without URLs: a port such as 44407 or a path /500/ is no status code. */
    private static String withoutUrls(Throwable t) {
        return URL.matcher(chainText(t).toLowerCase(Locale.ROOT)).replaceAll("<url>");
    }

    private static String chainText(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c : Causes.of(t)) {
            sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }

    /** The innermost useful message, redacted. */
    static String describe(Throwable t) {
        String msg = t.getMessage();
        List<Throwable> chain = Causes.of(t);
        Throwable root = chain.get(chain.size() - 1);
        if (root != t && root.getMessage() != null && (msg == null || !msg.contains(root.getMessage()))) {
            msg = (msg == null ? "" : msg + ": ") + root.getMessage();
        }
        return Redaction.redact(msg == null ? t.getClass().getSimpleName() : msg);
    }

    /** The same error, saying how long the rate-limiting server asked the client to wait. */
    static GitTransportException rateLimited(GitTransportException e, Duration wait) {
        return new GitTransportException(e.getMessage() + "; the server asks to retry after " + seconds(wait), true,
                wait, e.getCause());
    }

    /** The same error, saying why the server's wait is not waited for. */
    static GitTransportException notRetried(GitTransportException e, String why) {
        GitTransportException out = new GitTransportException(e.getMessage() + "; not retried: " + why,
                e.retryable(), e.retryAfter().orElse(null), e.getCause());
        out.setStackTrace(e.getStackTrace());
        return out;
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /**
     * The error a listener is told of: the gitsource error itself, or the unexpected one (a
     * caller's mistake found late, a bug) wrapped, so every started operation reports its end.
     */
    static GitSourceException forListener(RuntimeException e, String operation) {
        return e instanceof GitSourceException g ? g : new GitSourceException(operation + " failed: " + e.getMessage(), e);
    }
}
