package dev.gitsource.auth;

import dev.gitsource.GitSource;
import dev.gitsource.KnownHosts;
import dev.gitsource.TlsOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the data of a Kubernetes Secret written for Flux's {@code GitRepository} into a
 * client builder, with the checks Flux applies, so controllers can reuse their Secrets
 * unchanged. Keys: {@code username}, {@code password}, {@code bearerToken}, {@code ca.crt}
 * (or the older {@code caFile}), {@code tls.crt}, {@code tls.key} for HTTPS; {@code identity},
 * {@code password} (its passphrase) and {@code known_hosts} for SSH; {@code githubAppID},
 * {@code githubAppInstallationID} or {@code githubAppInstallationOwner},
 * {@code githubAppPrivateKey} and {@code githubAppBaseURL} for a GitHub App (needs the
 * gitsource-auth-github plugin).
 */
public final class FluxSecret {
    private FluxSecret() {}

    /**
     * @param builder the builder to configure
     * @param remote the repository URL the Secret is for
     * @param data the Secret's data, as Kubernetes decodes it
     * @return the same builder
     * @throws IllegalArgumentException naming the missing or conflicting keys (never their values)
     */
    public static GitSource.Builder configure(GitSource.Builder builder, URI remote, Map<String, byte[]> data) {
        Objects.requireNonNull(builder, "builder");
        Map<String, String> d = new HashMap<>();
        data.forEach((k, v) -> d.put(k, new String(v, StandardCharsets.UTF_8)));
        String scheme = remote.getScheme() == null ? "" : remote.getScheme().toLowerCase(Locale.ROOT);
        if (d.containsKey("githubAppID")) {
            Map<String, String> app = new HashMap<>();
            for (String k : new String[] {"githubAppID", "githubAppInstallationID", "githubAppInstallationOwner",
                    "githubAppPrivateKey", "githubAppBaseURL"}) {
                if (d.containsKey(k)) {
                    app.put(k, d.get(k));
                }
            }
            if (!app.containsKey("githubAppPrivateKey")
                    || !app.containsKey("githubAppInstallationID") && !app.containsKey("githubAppInstallationOwner")) {
                throw new IllegalArgumentException("GitHub App secret needs 'githubAppPrivateKey' and "
                        + "'githubAppInstallationID' or 'githubAppInstallationOwner'");
            }
            builder.provider("github", app);
        } else if (scheme.equals("ssh")) {
            if (!d.containsKey("identity")) {
                throw new IllegalArgumentException("invalid 'ssh' auth option: 'identity' is required");
            }
            if (!d.containsKey("known_hosts")) {
                throw new IllegalArgumentException("invalid 'ssh' auth option: 'known_hosts' is required");
            }
            String user = remote.getUserInfo() != null ? remote.getUserInfo() : "git";
            builder.credentials(GitCredentials.sshKey(user, d.get("identity"), d.get("password")));
            builder.knownHosts(KnownHosts.parse(d.get("known_hosts")));
        } else {
            String user = d.get("username");
            String password = d.get("password");
            String bearer = d.get("bearerToken");
            if (password != null && (user == null || user.isEmpty())) {
                throw new IllegalArgumentException("invalid '" + scheme
                        + "' auth option: 'password' requires 'username' to be set");
            }
            if (bearer != null && user != null) {
                throw new IllegalArgumentException("invalid '" + scheme
                        + "' auth option: 'bearerToken' and 'username' cannot both be set");
            }
            if (bearer != null) {
                builder.credentials(GitCredentials.bearer(bearer));
            } else if (user != null) {
                builder.credentials(GitCredentials.basic(user, password == null ? "" : password));
            }
        }
        TlsOptions.Builder tls = TlsOptions.builder();
        boolean anyTls = false;
        String ca = d.containsKey("ca.crt") ? d.get("ca.crt") : d.get("caFile");
        if (ca != null) {
            tls.caCertificatesPem(ca);
            anyTls = true;
        }
        if (d.containsKey("tls.crt") != d.containsKey("tls.key")) {
            throw new IllegalArgumentException("'tls.crt' and 'tls.key' must be set together");
        }
        if (d.containsKey("tls.crt")) {
            tls.clientCertificatePem(d.get("tls.crt")).clientKeyPem(d.get("tls.key"));
            anyTls = true;
        }
        if (anyTls) {
            builder.tls(tls.build());
        }
        return builder;
    }
}
