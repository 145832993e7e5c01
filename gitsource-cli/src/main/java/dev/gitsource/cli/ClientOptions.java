package dev.gitsource.cli;

import dev.gitsource.GitSource;
import dev.gitsource.KnownHosts;
import dev.gitsource.TlsOptions;
import dev.gitsource.auth.GitCredentials;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every remote command shares. Secrets come only from files or environment
 * variables, never from the command line, where {@code ps} would show them.
 */
final class ClientOptions {
    @Option(names = "--user", description = "HTTP user name")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR", description = "environment variable holding the password or token")
    String passwordEnv;

    @Option(names = "--bearer-env", paramLabel = "VAR", description = "environment variable holding a bearer token")
    String bearerEnv;

    @Option(names = "--ssh-key", paramLabel = "FILE", description = "SSH private key file")
    Path sshKey;

    @Option(names = "--ssh-passphrase-env", paramLabel = "VAR", description = "environment variable holding the key's passphrase")
    String sshPassphraseEnv;

    @Option(names = "--ssh-user", defaultValue = "git", description = "SSH user (default: ${DEFAULT-VALUE})")
    String sshUser;

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "known_hosts file with the server's host key")
    Path knownHosts;

    @Option(names = "--ca-file", paramLabel = "FILE", description = "PEM CA certificates to trust")
    Path caFile;

    @Option(names = "--provider", description = "credentials plugin: github, azure or aws")
    String provider;

    @Option(names = "--setting", paramLabel = "KEY=VALUE", description = "a plugin setting (not for secrets)")
    Map<String, String> settings = new HashMap<>();

    @Option(names = "--setting-file", paramLabel = "KEY=FILE", description = "a plugin setting read from a file (for keys)")
    Map<String, Path> settingFiles = new HashMap<>();

    @Option(names = "--timeout", defaultValue = "5m", description = "deadline, such as 60s or 5m (default: ${DEFAULT-VALUE})")
    String timeout;

    @Option(names = "--allow-http-credentials", description = "allow credentials over plain http")
    boolean allowHttpCredentials;

    @Option(names = {"-q", "--quiet"}, description = "no progress output")
    boolean quiet;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    GitSource client(PrintWriter err) throws IOException {
        GitSource.Builder b = GitSource.builder().timeout(duration(timeout))
                .allowCredentialsOverHttp(allowHttpCredentials);
        if (user != null) {
            b.credentials(GitCredentials.basic(user, passwordEnv == null ? "" : env(passwordEnv)));
        } else if (passwordEnv != null) {
            throw new IllegalArgumentException("--password-env needs --user");
        }
        if (bearerEnv != null) {
            if (user != null) {
                throw new IllegalArgumentException("--bearer-env and --user cannot be used together");
            }
            b.credentials(GitCredentials.bearer(env(bearerEnv)));
        }
        if (sshKey != null) {
            b.credentials(GitCredentials.sshKey(sshUser, Files.readString(sshKey),
                    sshPassphraseEnv == null ? null : env(sshPassphraseEnv)));
        }
        if (knownHosts != null) {
            b.knownHosts(KnownHosts.parse(Files.readString(knownHosts)));
        }
        if (caFile != null) {
            b.tls(TlsOptions.builder().caCertificatesPem(Files.readString(caFile)).build());
        }
        if (provider != null) {
            Map<String, String> all = new HashMap<>(settings);
            for (Map.Entry<String, Path> e : settingFiles.entrySet()) {
                all.put(e.getKey(), Files.readString(e.getValue()).trim());
            }
            b.provider(provider, all);
        }
        if (!quiet && !json && System.console() != null) {
            b.listener(new ProgressPrinter(err));
        }
        return b.build();
    }

    static String env(String name) {
        String v = System.getenv(name);
        if (v == null) {
            throw new IllegalArgumentException("environment variable " + name + " is not set");
        }
        return v;
    }

    static Duration duration(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            if (t.endsWith("s")) return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            if (t.endsWith("m")) return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            if (t.endsWith("h")) return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            return Duration.ofSeconds(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use 60s, 5m, 1h)");
        }
    }
}
