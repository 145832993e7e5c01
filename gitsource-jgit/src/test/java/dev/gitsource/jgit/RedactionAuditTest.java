package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.CommitRequest;
import dev.gitsource.GitSource;
import dev.gitsource.KnownHosts;
import dev.gitsource.Person;
import dev.gitsource.ProxyOptions;
import dev.gitsource.Repository;
import dev.gitsource.TlsOptions;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.testkit.ConnectProxy;
import dev.gitsource.testkit.Fault;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.RepositoryFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Every failure the library has, provoked with secrets in URL user information, in
 * headers, in keys and passphrases and in proxy settings, with every logger at TRACE (the
 * pom's {@code audit} execution): no secret in any exception of the chain, any stack trace,
 * any {@code toString()} or any log line.
 */
class RedactionAuditTest {
    private static final String BASIC = "pw-S3CRET-basic";
    private static final String IN_URL = "pw-S3CRET-url";
    private static final String BEARER = "tok-S3CRET-bearer";
    private static final String PASSPHRASE = "pp-S3CRET-ssh";
    private static final String PROXY = "pw-S3CRET-proxy";
    private static final Person BOT = Person.of("bot", "bot@example.com");
    @TempDir Path tmp;
    private final List<String> secrets = new ArrayList<>(List.of(BASIC, IN_URL, BEARER, PASSPHRASE, PROXY,
            base64("u:" + BASIC), base64("u:" + IN_URL), base64("pu:" + PROXY)));
    private final StringBuilder seen = new StringBuilder();
    private int n;
    private int dirs;
    private final java.util.Set<String> types = new java.util.TreeSet<>();

    @Test
    void noSecretInAnyExceptionStackTraceToStringOrLogLine() throws Exception {
        assumeTrue(LoggerFactory.getLogger(RedactionAuditTest.class).isTraceEnabled(),
                "runs in the pom's audit execution, with every logger at TRACE");
        Path key = tmp.resolve("id");
        assertThat(new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-N", PASSPHRASE, "-f", key.toString()).start()
                .waitFor()).isZero();
        String pem = Files.readString(key);
        List<String> lines = pem.lines().filter(l -> !l.startsWith("-----")).toList();
        secrets.add(lines.get(lines.size() / 2)); // a line of key material

        PrintStream err = System.err;
        PrintStream out = System.out;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(logs, true, StandardCharsets.UTF_8);
        System.setErr(capture);
        System.setOut(capture);
        try (GitServer basic = GitServer.builder().https().basicAuth("u", BASIC).protectRef("refs/heads/main").start();
                GitServer bearer = GitServer.builder().https().bearerToken("the-right-token").start();
                GitServer ssh = GitServer.builder().ssh().sshPublicKey(Files.readString(tmp.resolve("id.pub"))).start();
                ConnectProxy proxy = ConnectProxy.withCredentials("pu", "the-right-proxy-password").start()) {
            for (GitServer s : List.of(basic, bearer, ssh)) {
                s.repository("org/app").largeFile("big.bin", 300_000).file("a.txt", "a\n").commit("one");
            }
            TlsOptions basicCa = TlsOptions.builder().caCertificatesPem(basic.caCertificatePem()).build();
            URI basicUrl = basic.httpsUrl("org/app");
            URI sshUrl = ssh.sshUrl("org/app");
            KnownHosts known = KnownHosts.parse(ssh.knownHostsLine());

            GitSource good = GitSource.builder().credentials(GitCredentials.basic("u", BASIC)).tls(basicCa)
                    .timeout(Duration.ofSeconds(60)).build();
            Repository repo = good.clone(basicUrl, options()).repository();
            repo.commit(CommitRequest.of(BOT, "change").withFile("a.txt", "b\n"));
            attempt("push rejected by a protected ref", repo::push);
            attempt("nothing to commit", () -> repo.commit(CommitRequest.of(BOT, "same").withFile("a.txt", "b\n")));
            repo.close();
            basic.repository("evil/app").commitRawTree("evil", RepositoryFixture.RawEntry.symlink("a", "/tmp"),
                    RepositoryFixture.RawEntry.dir("a", RepositoryFixture.RawEntry.file("x", "x")));
            attempt("unsafe content", () -> good.clone(basic.httpsUrl("evil/app"), options()));
            attempt("repository not found", () -> good.clone(basic.httpsUrl("org/missing"), options()));
            attempt("ref not found", () -> good.clone(basicUrl, CloneOptions.builder()
                    .target(CheckoutTarget.branch("missing")).directory(tmp.resolve("c" + dirs++)).build()));
            attempt("size limit", clone(() -> GitSource.builder().credentials(GitCredentials.basic("u", BASIC))
                    .tls(basicCa).maxObjectBytes(1000).build(), basicUrl));
            for (Fault f : List.of(Fault.httpStatus(500).times(1), Fault.dropAfterBytes(100_000).onFetch().times(1),
                    Fault.stall().onFetch().times(1))) {
                basic.fault(f);
                // a short deadline for the stall only: with TRACE logging on a loaded machine a clone can take seconds
                attempt(f.toString(), () -> good.clone(basicUrl, CloneOptions.builder().target(CheckoutTarget.branch("main"))
                        .depth(1).directory(tmp.resolve("c" + dirs++)).timeout(Duration.ofSeconds(3)).build()));
                basic.clearFaults();
            }
            attempt("wrong basic password", clone(() -> GitSource.builder()
                    .credentials(GitCredentials.basic("u", BASIC + "-wrong")).tls(basicCa).build(), basicUrl));
            URI withUserInfo = URI.create(basicUrl.toString().replace("https://", "https://u:" + IN_URL + "@"));
            attempt("password in the URL", clone(() -> GitSource.builder().tls(basicCa).build(), withUserInfo));
            attempt("password in a plain http URL", clone(() -> GitSource.builder().build(),
                    URI.create("http://u:" + IN_URL + "@127.0.0.1:1/org/app.git")));
            attempt("scheme not allowed", clone(() -> GitSource.builder().build(),
                    URI.create("file://u:" + IN_URL + "@127.0.0.1/org/app.git")));
            attempt("wrong bearer token", clone(() -> GitSource.builder().credentials(GitCredentials.bearer(BEARER))
                    .tls(TlsOptions.builder().caCertificatesPem(bearer.caCertificatePem()).build()).build(),
                    bearer.httpsUrl("org/app")));
            attempt("bearer over plain http", clone(() -> GitSource.builder().credentials(GitCredentials.bearer(BEARER))
                    .build(), URI.create("http://127.0.0.1:1/org/app.git")));
            attempt("wrong proxy password", clone(() -> GitSource.builder().tls(basicCa).credentials(
                    GitCredentials.basic("u", BASIC)).proxy(ProxyOptions.of(proxy.httpUri()).withCredentials("pu", PROXY))
                    .build(), basicUrl));
            attempt("ssh key, wrong passphrase", clone(() -> GitSource.builder().knownHosts(known)
                    .credentials(GitCredentials.sshKey(sshUrl.getUserInfo(), pem, PASSPHRASE + "-wrong")).build(), sshUrl));
            attempt("ssh key, unknown host", clone(() -> GitSource.builder()
                    .credentials(GitCredentials.sshKey(sshUrl.getUserInfo(), pem, PASSPHRASE)).build(), sshUrl));
            attempt("ssh key, good", clone(() -> GitSource.builder().knownHosts(known)
                    .credentials(GitCredentials.sshKey(sshUrl.getUserInfo(), pem, PASSPHRASE)).build(), sshUrl));
            seen.append(good).append(good.newBuilder().config()).append(GitCredentials.basic("u", BASIC))
                    .append(GitCredentials.bearer(BEARER)).append(GitCredentials.sshKey("git", pem, PASSPHRASE))
                    .append(ProxyOptions.of(proxy.httpUri()).withCredentials("pu", PROXY));
            good.close();
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
        String logText = clientLogLines(logs.toString(StandardCharsets.UTF_8));
        assertThat(n).as("failures provoked").isGreaterThanOrEqualTo(17);
        assertThat(types).as("every exception type of the API").containsAll(List.of("AuthenticationException",
                "GitTransportException", "DeadlineExceededException", "PushRejectedException", "NothingToCommitException",
                "UnsafeContentException", "RepositoryNotFoundException", "RefNotFoundException",
                "SizeLimitExceededException", "IllegalArgumentException"));
        assertThat(logText).as("trace lines were captured").contains("TRACE");
        for (String secret : secrets) {
            assertThat(seen.toString()).as("exceptions and toString()").doesNotContain(secret);
            assertThat(logText).as("log lines").doesNotContain(secret);
        }
    }

    private Runnable clone(Supplier<GitSource> client, URI url) {
        return () -> {
            GitSource git = client.get();
            try {
                git.clone(url, options()).repository().close();
            } finally {
                seen.append(git);
                git.close();
            }
        };
    }

    private CloneOptions options() {
        return CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1)
                .directory(tmp.resolve("c" + dirs++)).build();
    }

    /** Runs it, keeping every message, toString() and stack trace of what it throws. */
    private void attempt(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            n++;
            types.add(e.getClass().getSimpleName());
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            seen.append(what).append(": ").append(trace);
            for (Throwable c = e; c != null; c = c.getCause()) {
                seen.append(c).append(c.getLocalizedMessage());
            }
        }
    }

    /**
     * The client's log lines: the test kit's servers run in this JVM too, and Jetty logs the
     * headers it parses at DEBUG; that is the server's business, not the library's.
     */
    static String clientLogLines(String logs) {
        StringBuilder client = new StringBuilder();
        boolean server = false;
        for (String line : logs.split("\n")) {
            if (line.startsWith("[")) { // "[thread] LEVEL logger - message"; other lines continue the entry above
                String thread = line.substring(1, Math.max(1, line.indexOf(']')));
                server = thread.startsWith("gitserver-") || thread.contains("SshServer")
                        || line.contains(" org.eclipse.jetty.");
            }
            if (!server) {
                client.append(line).append('\n');
            }
        }
        return client.toString();
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
