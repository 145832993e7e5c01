package dev.gitsource.auth.github;

import dev.gitsource.Redaction;
import dev.gitsource.auth.CredentialsRequest;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.auth.GitCredentialsProvider;
import dev.gitsource.auth.PluginHttpClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credentials from a GitHub App installation: signs a short JWT (RS256) with the app's
 * private key, exchanges it for an installation access token and returns
 * {@code x-access-token} with the token as HTTP basic credentials.
 *
 * <p>The token is kept until five minutes before GitHub's {@code expires_at} (tokens live
 * an hour) and fetched anew when the server refused it. With an installation owner instead
 * of an installation id, the installation is looked up as an organization's, then as a
 * user's. Each provider has its own {@link HttpClient}; nothing is shared between providers.
 *
 * <p>This class checks the settings and wires three parts: the app's JWT ({@code AppJwt}),
 * the GitHub API client ({@code GitHubApi}) and the token cache ({@code TokenCache}).
 *
 * <pre>{@code
 * GitCredentialsProvider p = GitHubAppCredentialsProvider.builder()
 *     .appId("123456").installationId(7890123).privateKeyPem(pem).build();
 * }</pre>
 */
public final class GitHubAppCredentialsProvider implements GitCredentialsProvider {
    /** The user name GitHub documents for installation tokens. */
    public static final String USERNAME = "x-access-token";
    /** The API base of github.com. */
    public static final URI DEFAULT_API_BASE = URI.create("https://api.github.com");

    /** Settings key: the app id (or client id). */
    public static final String APP_ID = "githubAppID";
    /** Settings key: the installation id. */
    public static final String INSTALLATION_ID = "githubAppInstallationID";
    /** Settings key: the account (organization or user) the app is installed on. */
    public static final String INSTALLATION_OWNER = "githubAppInstallationOwner";
    /** Settings key: the app's RSA private key, PEM in PKCS#1 or PKCS#8. */
    public static final String PRIVATE_KEY = "githubAppPrivateKey";
    /** Settings key: the REST API base for GitHub Enterprise Server, e.g. {@code https://ghe.example.com/api/v3}. */
    public static final String BASE_URL = "githubAppBaseURL";

    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(GitHubAppCredentialsProvider.class);
    private static final Pattern APP_ID_FORMAT = Pattern.compile("[A-Za-z0-9.]+");
    private static final Pattern OWNER_FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private final Long installationId;
    private final String installationOwner;
    private final AppJwt jwt;
    private final GitHubApi api;
    private final Clock clock;
    private final TokenCache tokens;
    // Read and written only by a mint, and the cache runs one at a time; volatile because
    // successive mints may run on different threads.
    private volatile Long foundInstallationId;

    private GitHubAppCredentialsProvider(Builder b) {
        if (b.appId == null || !APP_ID_FORMAT.matcher(b.appId).matches()) {
            throw new IllegalArgumentException("GitHub App id must be the numeric app id or the client id");
        }
        if ((b.installationId == null) == (b.installationOwner == null)) {
            throw new IllegalArgumentException("GitHub App needs exactly one of installation id and installation owner");
        }
        if (b.installationOwner != null && !OWNER_FORMAT.matcher(b.installationOwner).matches()) {
            throw new IllegalArgumentException("GitHub App installation owner is not an account name: '"
                    + b.installationOwner + "'");
        }
        if (b.privateKeyPem == null) {
            throw new IllegalArgumentException("GitHub App private key is required");
        }
        this.installationId = b.installationId;
        this.installationOwner = b.installationOwner;
        this.jwt = AppJwt.fromPem(b.appId, b.privateKeyPem);
        // Checked before a client is made: a new HttpClient starts a thread.
        URI base = GitHubApi.checkBase(b.apiBase);
        PluginHttpClient http = b.transport != null ? b.transport
                : GitHubApi.jdk(b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(b.timeout).build());
        this.api = new GitHubApi(base, http, b.timeout, b.appId, b.clock);
        this.clock = b.clock;
        this.tokens = new TokenCache(b.clock, REFRESH_MARGIN, this::mint);
    }

    /** @return a builder for a provider */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates a provider from Flux-style settings: {@value #APP_ID}, one of
     * {@value #INSTALLATION_ID} and {@value #INSTALLATION_OWNER}, {@value #PRIVATE_KEY}, and
     * optionally {@value #BASE_URL}.
     *
     * @param settings the settings
     * @return a provider
     * @throws IllegalArgumentException if a setting is missing or malformed
     */
    public static GitHubAppCredentialsProvider fromSettings(Map<String, String> settings) {
        return fromSettings(settings, null);
    }

    /** As {@link #fromSettings(Map)}, sending through the gitsource client's HTTP if given (the factory's way). */
    static GitHubAppCredentialsProvider fromSettings(Map<String, String> settings, PluginHttpClient http) {
        Builder b = builder();
        if (http != null) {
            b.httpClient(http);
        }
        String appId = trimmed(settings.get(APP_ID));
        if (appId == null) {
            throw new IllegalArgumentException("GitHub App settings need " + APP_ID);
        }
        b.appId(appId);
        String id = trimmed(settings.get(INSTALLATION_ID));
        if (id != null) {
            try {
                b.installationId(Long.parseLong(id));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(INSTALLATION_ID + " is not a number: '" + id + "'");
            }
        }
        String owner = trimmed(settings.get(INSTALLATION_OWNER));
        if (owner != null) {
            b.installationOwner(owner);
        }
        String key = settings.get(PRIVATE_KEY);
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("GitHub App settings need " + PRIVATE_KEY);
        }
        b.privateKeyPem(key);
        String base = trimmed(settings.get(BASE_URL));
        if (base != null) {
            try {
                b.apiBaseUrl(new URI(base));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(BASE_URL + " is not a URL: '" + Redaction.redact(base) + "'");
            }
        }
        return b.build();
    }

    /** @return the REST API base this provider talks to */
    public URI apiBase() {
        return api.base();
    }

    @Override
    public GitCredentials resolve(CredentialsRequest request) {
        return tokens.get(request.refused());
    }

    private GitCredentials.Basic mint(boolean afterRefusal) {
        if (afterRefusal) {
            foundInstallationId = null; // the app may have been reinstalled
        }
        String signed = jwt.sign(clock.instant());
        long id = installationId(signed);
        GitHubApi.AccessToken t = api.accessToken(id, signed);
        LOG.debug("GitHub App {} installation {}: new token, expires {}", jwt.appId(), id, t.expiresAt());
        return new GitCredentials.Basic(USERNAME, t.token(), t.expiresAt());
    }

    private long installationId(String signed) {
        if (installationId != null) {
            return installationId;
        }
        Long found = foundInstallationId;
        if (found == null) {
            found = api.installationOf(installationOwner, signed);
            foundInstallationId = found;
        }
        return found;
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        return "GitHubApp[appId=" + jwt.appId() + ", "
                + (installationId != null ? "installationId=" + installationId : "installationOwner=" + installationOwner)
                + ", api=" + api.base() + "]";
    }

    /** Builds a {@link GitHubAppCredentialsProvider}. */
    public static final class Builder {
        private String appId;
        private Long installationId;
        private String installationOwner;
        private String privateKeyPem;
        private URI apiBase = DEFAULT_API_BASE;
        private HttpClient http;
        private PluginHttpClient transport;
        private Clock clock = Clock.systemUTC();
        private Duration timeout = Duration.ofSeconds(30);

        private Builder() {}

        /**
         * @param appId the app id (numeric) or the app's client id; the JWT issuer
         * @return this
         */
        public Builder appId(String appId) {
            this.appId = Objects.requireNonNull(appId, "appId");
            return this;
        }

        /**
         * @param installationId the installation to get tokens for
         * @return this
         */
        public Builder installationId(long installationId) {
            if (installationId <= 0) {
                throw new IllegalArgumentException("installation id must be positive: " + installationId);
            }
            this.installationId = installationId;
            return this;
        }

        /**
         * @param owner the organization or user the app is installed on, looked up once
         * @return this
         */
        public Builder installationOwner(String owner) {
            this.installationOwner = Objects.requireNonNull(owner, "owner");
            return this;
        }

        /**
         * @param pem the app's RSA private key, PKCS#1 or PKCS#8 PEM, unencrypted
         * @return this
         */
        public Builder privateKeyPem(String pem) {
            this.privateKeyPem = Objects.requireNonNull(pem, "pem");
            return this;
        }

        /**
         * @param apiBase the REST API base: {@code https://api.github.com} (the default) or
         *     {@code https://HOST/api/v3} for GitHub Enterprise Server
         * @return this
         */
        public Builder apiBaseUrl(URI apiBase) {
            this.apiBase = Objects.requireNonNull(apiBase, "apiBase");
            return this;
        }

        /**
         * @param http the client for API calls (for a proxy or custom trust); default: a new one
         * @return this
         */
        public Builder httpClient(HttpClient http) {
            this.http = Objects.requireNonNull(http, "http");
            this.transport = null;
            return this;
        }

        /**
         * Sends the API calls through a gitsource client's HTTP ({@code ProviderContext.http()}),
         * with its TLS options and proxy; the plugin found by ServiceLoader does this itself.
         *
         * @param http the client for API calls
         * @return this
         */
        public Builder httpClient(PluginHttpClient http) {
            this.transport = Objects.requireNonNull(http, "http");
            this.http = null;
            return this;
        }

        /**
         * @param clock the clock for JWT times and token expiry; default: system UTC
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param timeout the connect and per-request timeout of API calls; default 30 s
         * @return this
         */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * @return the provider
         * @throws IllegalArgumentException if the settings are incomplete or the key unreadable
         */
        public GitHubAppCredentialsProvider build() {
            return new GitHubAppCredentialsProvider(this);
        }
    }
}
