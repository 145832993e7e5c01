package dev.gitsource.auth.github;

import dev.gitsource.AuthenticationException;
import dev.gitsource.GitTransportException;
import dev.gitsource.Redaction;
import dev.gitsource.auth.CredentialsRequest;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.auth.GitCredentialsProvider;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
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
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final String appId;
    private final Long installationId;
    private final String installationOwner;
    private final PrivateKey privateKey;
    private final URI apiBase;
    private final HttpClient http;
    private final Clock clock;
    private final Duration timeout;

    // Guarded by this.
    private Long foundInstallationId;
    private GitCredentials.Basic cached;

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
        this.appId = b.appId;
        this.installationId = b.installationId;
        this.installationOwner = b.installationOwner;
        this.privateKey = readRsaPrivateKey(b.privateKeyPem);
        this.apiBase = checkApiBase(b.apiBase);
        this.clock = b.clock;
        this.timeout = b.timeout;
        this.http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(b.timeout).build();
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
        Builder b = builder();
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
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException(BASE_URL + " is not a URL: '" + Redaction.redact(base) + "'");
            }
        }
        return b.build();
    }

    /** @return the REST API base this provider talks to */
    public URI apiBase() {
        return apiBase;
    }

    @Override
    public synchronized GitCredentials resolve(CredentialsRequest request) {
        if (request.refused()) {
            cached = null;
            foundInstallationId = null; // the app may have been reinstalled
        }
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(cached.expires().minus(REFRESH_MARGIN))) {
            cached = fetchToken(now);
        }
        return cached;
    }

    private GitCredentials.Basic fetchToken(Instant now) {
        String jwt = jwt(appId, privateKey, now);
        long id = installationId(jwt);
        URI uri = api("/app/installations/" + id + "/access_tokens");
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()), jwt);
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw failure("refused an installation token for app " + appId, uri, r);
        }
        String token;
        Instant expires;
        try {
            Map<String, Object> body = Json.parseObject(r.body());
            token = (String) body.get("token");
            expires = Instant.parse((String) body.get("expires_at"));
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("no token");
            }
        } catch (IllegalArgumentException | ClassCastException | NullPointerException | DateTimeParseException e) {
            // Never quote the body: it may hold the token.
            throw new GitTransportException("GitHub API at " + uri
                    + " answered with an installation token response that is not understood", false, null);
        }
        LOG.debug("GitHub App {} installation {}: new token, expires {}", appId, id, expires);
        return new GitCredentials.Basic(USERNAME, token, expires);
    }

    private long installationId(String jwt) {
        if (installationId != null) {
            return installationId;
        }
        if (foundInstallationId == null) {
            foundInstallationId = lookUpInstallation(jwt);
        }
        return foundInstallationId;
    }

    /** An organization's installation first, then a user's: an account is one or the other. */
    private long lookUpInstallation(String jwt) {
        for (String kind : new String[] {"orgs", "users"}) {
            URI uri = api("/" + kind + "/" + installationOwner + "/installation");
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri).GET(), jwt);
            if (r.statusCode() == 404) {
                continue;
            }
            if (r.statusCode() != 200) {
                throw failure("refused the installation lookup for app " + appId, uri, r);
            }
            try {
                Object id = Json.parseObject(r.body()).get("id");
                long found = ((BigDecimal) id).longValueExact();
                LOG.debug("GitHub App {}: installation {} for {}", appId, found, installationOwner);
                return found;
            } catch (IllegalArgumentException | ClassCastException | NullPointerException | ArithmeticException e) {
                throw new GitTransportException("GitHub API at " + uri
                        + " answered with an installation that has no numeric id", false, null);
            }
        }
        throw new AuthenticationException("GitHub App " + appId + " is not installed for organization or user '"
                + installationOwner + "' (GitHub API at " + apiBase + ")", null);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String jwt) {
        HttpRequest r = request.header("Authorization", "Bearer " + jwt)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "gitsource")
                .timeout(timeout)
                .build();
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new GitTransportException("cannot reach the GitHub API at " + r.uri() + ": " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitTransportException("interrupted while calling the GitHub API at " + r.uri(), false, e);
        }
    }

    private static RuntimeException failure(String what, URI uri, HttpResponse<String> r) {
        int status = r.statusCode();
        String message = "GitHub API at " + uri + " " + what + ": HTTP " + status + githubMessage(r.body());
        if (status == 401 || status == 403 || status == 404 || status == 422) {
            return new AuthenticationException(message, null);
        }
        return new GitTransportException(message, status >= 500 || status == 429, null);
    }

    /** GitHub's error body is {@code {"message": "...", "documentation_url": "..."}}. */
    private static String githubMessage(String body) {
        try {
            Object m = Json.parseObject(body).get("message");
            if (m instanceof String s && !s.isBlank()) {
                return " (" + Redaction.redact(s.length() > 200 ? s.substring(0, 200) + "..." : s) + ")";
            }
        } catch (IllegalArgumentException e) {
            // not JSON: say nothing more
        }
        return "";
    }

    private URI api(String path) {
        return URI.create(apiBase + path);
    }

    /**
     * The app's JWT: RS256, issued 30 seconds in the past against clock drift, valid two
     * minutes (GitHub allows at most ten).
     */
    static String jwt(String appId, PrivateKey key, Instant now) {
        long iat = now.getEpochSecond() - 30;
        long exp = iat + 120;
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String payload = "{\"iat\":" + iat + ",\"exp\":" + exp + ",\"iss\":" + Json.quote(appId) + "}";
        String signingInput = b64url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64url(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64url(s.sign());
        } catch (GeneralSecurityException e) {
            throw new AuthenticationException("cannot sign the JWT of GitHub App " + appId + ": "
                    + e.getClass().getSimpleName(), null);
        }
    }

    private static String b64url(byte[] bytes) {
        return B64URL.encodeToString(bytes);
    }

    /**
     * Reads an unencrypted RSA key in PKCS#1 ({@code RSA PRIVATE KEY}, what GitHub hands out)
     * or PKCS#8 ({@code PRIVATE KEY}). Errors never quote the key or the parser's message.
     */
    static PrivateKey readRsaPrivateKey(String pem) {
        Object parsed;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            parsed = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("GitHub App private key is not readable PEM ("
                    + e.getClass().getSimpleName() + ")");
        }
        PrivateKeyInfo info;
        if (parsed instanceof PEMKeyPair pair) {
            info = pair.getPrivateKeyInfo();
        } else if (parsed instanceof PrivateKeyInfo pki) {
            info = pki;
        } else if (parsed instanceof PEMEncryptedKeyPair || parsed instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw new IllegalArgumentException("GitHub App private key is encrypted; an unencrypted key is required");
        } else {
            throw new IllegalArgumentException("GitHub App private key is not a PEM private key");
        }
        PrivateKey key;
        try {
            key = new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("GitHub App private key cannot be decoded ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (!(key instanceof RSAPrivateKey)) {
            throw new IllegalArgumentException("GitHub App private key must be RSA, not " + key.getAlgorithm());
        }
        return key;
    }

    /** HTTPS, or plain HTTP to a loopback address only (local fakes): the JWT is a secret. */
    private static URI checkApiBase(URI base) {
        if (base.getHost() == null || base.getRawUserInfo() != null || base.getRawQuery() != null
                || base.getRawFragment() != null) {
            throw new IllegalArgumentException("GitHub API base must be a plain http(s) URL: " + Redaction.redact(base));
        }
        String scheme = base.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(base.getHost()))) {
            throw new IllegalArgumentException("GitHub API base must use https: " + Redaction.redact(base));
        }
        String s = base.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s);
    }

    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Literal addresses only; getByName on a literal does not resolve.
        if (!host.matches("[0-9.]+|\\[[0-9a-fA-F:.]+\\]")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        return "GitHubApp[appId=" + appId + ", "
                + (installationId != null ? "installationId=" + installationId : "installationOwner=" + installationOwner)
                + ", api=" + apiBase + "]";
    }

    /** Builds a {@link GitHubAppCredentialsProvider}. */
    public static final class Builder {
        private String appId;
        private Long installationId;
        private String installationOwner;
        private String privateKeyPem;
        private URI apiBase = DEFAULT_API_BASE;
        private HttpClient http;
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
