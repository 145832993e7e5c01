package dev.gitsource.jgit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.AuthenticationException;
import dev.gitsource.DeadlineExceededException;
import dev.gitsource.GitSource;
import dev.gitsource.spi.GitSourceConfig;
import dev.gitsource.GitSourceException;
import dev.gitsource.GitTransportException;
import dev.gitsource.LocalFileSystemException;
import dev.gitsource.RepositoryNotFoundException;
import dev.gitsource.SizeLimitExceededException;
import java.io.EOFException;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.errors.TooLargeObjectInPackException;
import org.eclipse.jgit.errors.TooLargePackException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.JGitText;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Errors, as a table of exception chains built the way JGit 7.5, MINA SSHD 2.x and the JDK
 * build them (read in their sources, and seen in real clones against the test kit): at least
 * one row per branch. The JDK's internal types (ValidatorException, SunCertPathBuilderException)
 * appear as the public types they extend.
 */
class ErrorsTest {
    private static final String REMOTE = "https://127.0.0.1:8443/org/app.git";
    /** As JGit holds it: with the user; JGit's messages drop only the password. */
    private static final URIish URI = uri("https://bot:s3cret@127.0.0.1:8443/org/app.git");
    private static final Path REPOSITORY = Path.of("/disk/.app.gitsource-1");
    private static final GitSourceConfig CONFIG = GitSource.builder().maxPackBytes(1 << 20).maxObjectBytes(1 << 10)
            .config();

    /** A chain, and what Errors must make of it: exactly this type, retryable (transport errors only), a word. */
    record Row(String name, Throwable chain, Class<? extends GitSourceException> type, Boolean retryable,
            String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                // local file system: by type, by errno text only in the JDK's untyped IOException
                new Row("disk full while JGit writes the pack (BasePackFetchConnection wraps it)",
                        new TransportException("No space left on device", new IOException("No space left on device")),
                        LocalFileSystemException.class, null, "No space left on device"),
                new Row("disk full while a file of the checkout is written (FileChannel.write)",
                        new IOException("No space left on device"), LocalFileSystemException.class, null, REPOSITORY.toString()),
                new Row("read-only file system creating the temporary directory (UnixException)",
                        new FileSystemException("/disk/.app.gitsource-1", null, "Read-only file system"),
                        LocalFileSystemException.class, null, "Read-only file system"),
                new Row("permission denied opening a file (Files.newOutputStream)",
                        new AccessDeniedException("/disk/.app.gitsource-1/.git/config"),
                        LocalFileSystemException.class, null, "Permission denied"),
                new Row("too many open files (FileOutputStream.open)",
                        new FileNotFoundException("/disk/.app.gitsource-1/.git/objects/pack/p.pack (Too many open files)"),
                        LocalFileSystemException.class, null, "Too many open files"),
                new Row("JGit cannot lock a file",
                        new LockFailedException(new File("/disk/.app.gitsource-1/.git/HEAD")),
                        LocalFileSystemException.class, null, "HEAD"),
                new Row("JGit's porcelain wraps a full disk",
                        new JGitInternalException("Exception caught during execution of merge command",
                                new IOException("Disk quota exceeded")), LocalFileSystemException.class, null, "quota"),
                new Row("a server's 'Permission denied' is not local and not a credentials refusal",
                        new TransportException(URI, "Permission denied"), GitTransportException.class, true, REMOTE),
                new Row("too many open files for a socket is the network's",
                        new TransportException(URI, JGitText.get().connectionFailed,
                                new SocketException("Too many open files")), GitTransportException.class, true, REMOTE),
                // what gitsource raised itself passes through, not marked as refused
                new Row("an unreadable SSH key",
                        new AuthenticationException("cannot read the SSH private key (IOException)", null),
                        AuthenticationException.class, null, "private key"),
                new Row("a pack over the limit", new TransportException("Pack exceeds the limit of 1048576 bytes",
                        new TooLargePackException(1 << 20)), SizeLimitExceededException.class, null, "maxPackBytes"),
                new Row("an object over the limit", new TransportException("Object too large",
                        new TooLargeObjectInPackException(1 << 30, 1 << 10)), SizeLimitExceededException.class, null,
                        "maxObjectBytes"),
                new Row("a missing repository (TransportHttp.createNotFoundException)",
                        new NoRemoteRepositoryException(URI, REMOTE + "/info/refs?service=git-upload-pack not found: Not Found"),
                        RepositoryNotFoundException.class, null, REMOTE),
                new Row("a missing repository in a server's words",
                        new TransportException(URI, "fatal: '/srv/org/app.git' does not appear to be a git repository"),
                        RepositoryNotFoundException.class, null, REMOTE),
                // TLS, by the JDK's types; the alert by its name (the JDK has no type for it)
                new Row("the server refuses the client certificate", new TransportException(URI,
                        MessageFormat.format(JGitText.get().sslFailureExceptionMessage, REMOTE),
                        new SSLHandshakeException("Received fatal alert: certificate_required")),
                        AuthenticationException.class, null, "client certificate"),
                new Row("a certificate no trusted CA signed (PKIX)", new TransportException(URI,
                        MessageFormat.format(JGitText.get().sslFailureExceptionMessage, REMOTE),
                        handshake("PKIX path building failed", new CertificateException("PKIX path building failed",
                                new CertPathBuilderException("unable to find valid certification path to requested target")))),
                        AuthenticationException.class, null, "not trusted"),
                new Row("a certificate for another host", new TransportException(URI,
                        MessageFormat.format(JGitText.get().sslFailureExceptionMessage, REMOTE),
                        handshake("No subject alternative names matching IP address 127.0.0.1 found",
                                new CertificateException("No subject alternative names matching IP address 127.0.0.1 found"))),
                        AuthenticationException.class, null, "not trusted"),
                // SSH, by MINA's disconnect code (AbstractSshFuture.verifyResult keeps it on the copy it throws)
                new Row("an unknown SSH host key (AbstractClientSession.checkKeys)",
                        new TransportException(URI, "Server key did not validate",
                                ssh(SshConstants.SSH2_DISCONNECT_HOST_KEY_NOT_VERIFIABLE, "Server key did not validate")),
                        AuthenticationException.class, null, "host key"),
                new Row("the SSH server refuses the key (SshdSession: loginDenied)",
                        new TransportException(URI, "Cannot log in at 127.0.0.1:8443",
                                ssh(SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE,
                                        "No more authentication methods available")),
                        CredentialsRefusedException.class, null, REMOTE),
                new Row("the SSH session closes during authentication",
                        new TransportException(URI, "Session is being closed", ssh(0, "Session is being closed")),
                        GitTransportException.class, true, REMOTE),
                // HTTP: JGit says 401 and 403 only in words
                new Row("HTTP 401 (TransportHttp: notAuthorized)",
                        new TransportException(URI, JGitText.get().notAuthorized), CredentialsRefusedException.class, null,
                        REMOTE),
                new Row("HTTP 401 with a scheme JGit cannot answer, a refused bearer token",
                        new TransportException(URI, MessageFormat.format(JGitText.get().authenticationNotSupported, URI)),
                        CredentialsRefusedException.class, null, REMOTE),
                new Row("HTTP 403 (TransportHttp: serviceNotPermitted)", new TransportException(URI, MessageFormat.format(
                        JGitText.get().serviceNotPermitted, REMOTE + "/", "git-upload-pack")),
                        CredentialsRefusedException.class, null, REMOTE),
                new Row("a 401 status line; the /500/ in the URL is no status", new TransportException(
                        uri("http://127.0.0.1:8080/500/app.git"), "401 Unauthorized"), CredentialsRefusedException.class,
                        null, REMOTE),
                new Row("HTTP 407 from a proxy for plain http (TransportHttp: status line)",
                        new TransportException(URI, "407 Proxy Authentication Required"), AuthenticationException.class,
                        null, "proxy"),
                new Row("HTTP 407 to a CONNECT (ProxyTunnel)", new TransportException(URI,
                        MessageFormat.format(JGitText.get().cannotOpenService, "git-upload-pack"), new IOException(
                                "the proxy answered the CONNECT to 127.0.0.1:8443 with: HTTP/1.1 407 Proxy Authentication"
                                        + " Required")), AuthenticationException.class, null, "proxy"),
                // the conversation failed
                new Row("an unknown host", new TransportException(URI,
                        MessageFormat.format(JGitText.get().cannotOpenService, "git-upload-pack"),
                        new UnknownHostException("gitsource.invalid")), GitTransportException.class, true, "resolve"),
                new Row("connection refused", new TransportException(URI, JGitText.get().connectionFailed,
                        new ConnectException("Connection refused")), GitTransportException.class, true, REMOTE),
                new Row("the connection dropped inside the pack (IO.readFully)",
                        new TransportException("Short read of block.", new EOFException("Short read of block.")),
                        GitTransportException.class, true, REMOTE),
                new Row("HTTP 503", new TransportException(URI, "503 Service Unavailable"), GitTransportException.class,
                        true, REMOTE),
                new Row("HTTP 500 from a port ending in 407", new TransportException(
                        uri("http://127.0.0.1:44407/org/app.git"), "500 Server Error"), GitTransportException.class, true,
                        REMOTE),
                new Row("HTTP 429", new TransportException(URI, "429 Too Many Requests"), GitTransportException.class,
                        true, REMOTE),
                new Row("a chunked response cut short (the JDK's ChunkedInputStream)",
                        new TransportException("Premature EOF", new IOException("Premature EOF")),
                        GitTransportException.class, true, REMOTE),
                new Row("a protocol the client cannot speak", new PackProtocolException(URI,
                        "expected ACK/NAK, got 'shallow-info'"), GitTransportException.class, false, REMOTE),
                new Row("a corrupt pack", new TransportException("Packfile checksum incorrect.",
                        new CorruptObjectException("Packfile checksum incorrect.")), GitTransportException.class, true,
                        REMOTE),
                new Row("anything else", new JGitInternalException("unexpected state"), GitSourceException.class, null,
                        REMOTE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachChainIsTranslatedByType(Row row) {
        GitSourceException e = Errors.translate(row.chain, REMOTE, null, CONFIG, REPOSITORY);

        assertThat(e.getClass()).isEqualTo(row.type);
        assertThat(e.getMessage()).contains(row.says).doesNotContain("s3cret");
        if (row.retryable != null) {
            assertThat(((GitTransportException) e).retryable()).as("retryable").isEqualTo(row.retryable);
        }
        if (!(row.chain instanceof GitSourceException)) {
            assertThat(e.getCause()).isSameAs(row.chain);
        }
        if (e instanceof LocalFileSystemException local) {
            assertThat(e.getMessage()).contains(REPOSITORY.toString());
            assertThat(local.path()).hasValueSatisfying(p -> assertThat(p).startsWithRaw(REPOSITORY));
        } else if (!(row.chain instanceof GitSourceException)) {
            assertThat(e.getMessage()).contains(REMOTE);
        }
    }

    @Test
    void aPassedDeadlineWinsOverTheBrokenConnectionItCaused() {
        Deadline passed = new Deadline(Duration.ofNanos(1), null);
        GitSourceException e = Errors.translate(new TransportException(URI, JGitText.get().connectionFailed,
                new SocketException("Socket closed")), REMOTE, passed, CONFIG, REPOSITORY);
        assertThat(e).isInstanceOf(DeadlineExceededException.class).hasMessageContaining(REMOTE);
    }

    @Test
    void aFullDiskIsLocalEvenWhenTheDeadlineHasPassed() {
        Deadline passed = new Deadline(Duration.ofNanos(1), null);
        GitSourceException e = Errors.translate(new IOException("No space left on device"), REMOTE, passed, CONFIG,
                REPOSITORY);
        assertThat(e).isInstanceOf(LocalFileSystemException.class);
    }

    @Test
    void aLocalFailureNamesTheDirectoryAndTheFileInIt() {
        LocalFileSystemException e = LocalFiles.failure(REPOSITORY, new FileSystemException(
                REPOSITORY.resolve(".git/objects/pack/p.pack").toString(), null, "No space left on device"));
        assertThat(e).hasMessage("local file system failed in " + REPOSITORY + " at .git/objects/pack/p.pack:"
                + " No space left on device");
        assertThat(e.path()).contains(REPOSITORY.resolve(".git/objects/pack/p.pack"));

        LocalFileSystemException unknown = LocalFiles.failure(null, new IOException("No space left on device"));
        assertThat(unknown).hasMessage("local file system failed: No space left on device");
        assertThat(unknown.path()).isEmpty();
    }

    private static SshException ssh(int code, String message) {
        // MINA's future throws a copy of the session's exception, with its code, caused by it
        return new SshException(code, message, new SshException(code, message));
    }

    private static SSLHandshakeException handshake(String message, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException(message);
        e.initCause(cause);
        return e;
    }

    private static URIish uri(String text) {
        try {
            return new URIish(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
