package dev.gitsource.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.GitSource;
import dev.gitsource.spi.GitSourceConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FluxSecretTest {
    static final URI HTTPS = URI.create("https://git.example.com/org/app.git");
    static final URI SSH = URI.create("ssh://git@git.example.com/org/app.git");
    static final String KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
    static final String KH = "git.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    static Map<String, byte[]> secret(String... kv) {
        Map<String, byte[]> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return m;
    }

    static GitSourceConfig apply(URI remote, Map<String, byte[]> data) {
        return FluxSecret.configure(GitSource.builder(), remote, data).config();
    }

    static GitCredentials creds(GitSourceConfig c, URI remote) {
        return c.credentials().resolve(new CredentialsRequest(remote, false));
    }

    @Test
    void basicBearerAndTls() {
        assertThat(creds(apply(HTTPS, secret("username", "u", "password", "p")), HTTPS))
                .isEqualTo(GitCredentials.basic("u", "p"));
        assertThat(creds(apply(HTTPS, secret("bearerToken", "t")), HTTPS)).isEqualTo(GitCredentials.bearer("t"));
        String cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        GitSourceConfig tls = apply(HTTPS, secret("ca.crt", cert, "tls.crt", cert,
                "tls.key", "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n"));
        assertThat(tls.tls().caCertificatesPem()).contains(cert);
        assertThat(tls.tls().clientKeyPem()).isPresent();
        assertThat(apply(HTTPS, secret("caFile", cert)).tls().caCertificatesPem()).contains(cert);
    }

    @Test
    void sshNeedsIdentityAndKnownHosts() {
        GitSourceConfig c = apply(SSH, secret("identity", KEY, "known_hosts", KH, "password", "pass"));
        assertThat(creds(c, SSH)).isEqualTo(GitCredentials.sshKey("git", KEY, "pass"));
        assertThat(c.knownHosts().entries()).hasSize(1);
        assertThatThrownBy(() -> apply(SSH, secret("identity", KEY))).hasMessageContaining("'known_hosts' is required");
        assertThatThrownBy(() -> apply(SSH, secret("known_hosts", KH))).hasMessageContaining("'identity' is required");
    }

    @Test
    void fluxValidationErrorsNameKeysNotValues() {
        assertThatThrownBy(() -> apply(HTTPS, secret("password", "hunter2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'password' requires 'username'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        assertThatThrownBy(() -> apply(HTTPS, secret("username", "u", "password", "p", "bearerToken", "t")))
                .hasMessageContaining("'bearerToken' and 'username'");
        assertThatThrownBy(() -> apply(HTTPS, secret("tls.crt", "x"))).hasMessageContaining("'tls.key'");
    }

    @Test
    void githubAppGoesToThePlugin() {
        GitSourceConfig c = apply(HTTPS, secret("githubAppID", "1", "githubAppInstallationID", "2",
                "githubAppPrivateKey", KEY, "githubAppBaseURL", "https://ghe.example.com/api/v3"));
        assertThat(c.providerId()).isEqualTo("github");
        assertThat(c.providerSettings()).containsEntry("githubAppID", "1").containsEntry("githubAppInstallationID", "2")
                .containsKey("githubAppPrivateKey");
        assertThatThrownBy(() -> apply(HTTPS, secret("githubAppID", "1", "githubAppPrivateKey", KEY)))
                .hasMessageContaining("githubAppInstallationOwner");
    }
}
