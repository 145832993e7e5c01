package dev.gitsource.auth.aws;

import dev.gitsource.AuthenticationException;
import dev.gitsource.Redaction;
import dev.gitsource.auth.CredentialsRequest;
import dev.gitsource.auth.CredentialsUnavailableException;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.auth.GitCredentialsProvider;
import dev.gitsource.auth.PluginHttpClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * AWS CodeCommit Git credentials: HTTP basic credentials whose password is a SigV4
 * signature made with AWS credentials, so no CodeCommit-specific Git credentials are needed.
 * The user name is the access key id, followed by {@code %} and the session token for
 * temporary credentials (web identity, SSO, assumed roles).
 *
 * <p>AWS credentials come from the SDK's default chain (environment, profiles, web
 * identity, container and instance metadata) or from the caller's
 * {@link AwsCredentialsProvider}. The region is read from the remote's host
 * ({@code git-codecommit[-fips].<region>.amazonaws.com[.cn]}); a {@code codecommit::}
 * remote is first mapped to its HTTPS URL ({@link CodeCommitUrls#toHttps}).
 *
 * <p>A signature is accepted for 15 minutes. The returned credentials say they expire
 * five minutes before that (or five minutes before the AWS credentials expire, if sooner),
 * and are signed anew then, or when the server refused them.
 *
 * <p>If the AWS chain finds no credentials at all ({@link SdkClientException}), this
 * provider throws {@link CredentialsUnavailableException}, so a chain moves on; any other
 * failure is an {@link AuthenticationException}.
 */
public final class CodeCommitCredentialsProvider implements GitCredentialsProvider {
    static final Duration SIGNATURE_VALIDITY = Duration.ofMinutes(15);
    static final Duration MARGIN = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(CodeCommitCredentialsProvider.class);

    private final Supplier<AwsCredentialsProvider> aws;
    private final String description;
    private final String region;
    private final Clock clock;

    // Guarded by this: the last answer, for one host and path.
    private String cachedFor;
    private GitCredentials.Basic cached;

    /**
     * Signs with the caller's AWS credentials; the region comes from each remote's host.
     *
     * @param aws where AWS credentials come from, such as a {@code StaticCredentialsProvider}
     */
    public CodeCommitCredentialsProvider(AwsCredentialsProvider aws) {
        this(aws, null);
    }

    /**
     * Signs with the caller's AWS credentials.
     *
     * @param aws where AWS credentials come from
     * @param region the region for remotes whose host names none (a VPC endpoint or a
     *     custom name) and for {@code codecommit://} URLs without one; may be null
     */
    public CodeCommitCredentialsProvider(AwsCredentialsProvider aws, String region) {
        this(fixed(Objects.requireNonNull(aws, "aws")), aws.getClass().getSimpleName(), region, Clock.systemUTC());
    }

    CodeCommitCredentialsProvider(Supplier<AwsCredentialsProvider> aws, String description, String region, Clock clock) {
        if (region != null && !CodeCommitUrls.isRegion(region)) {
            throw new IllegalArgumentException("not an AWS region: '" + region + "'");
        }
        this.aws = aws;
        this.description = description;
        this.region = region;
        this.clock = clock;
    }

    /**
     * Signs with credentials from the AWS SDK's default chain, created on first use.
     *
     * @param profile the AWS profile to use, or null for the chain's default
     * @param region see {@link #CodeCommitCredentialsProvider(AwsCredentialsProvider, String)}; may be null
     * @return the provider
     */
    public static CodeCommitCredentialsProvider defaultChain(String profile, String region) {
        return defaultChain(profile, region, null, null);
    }

    /**
     * As {@link #defaultChain(String, String)}; with the gitsource client's HTTP, web identity's
     * STS requests go through it, with its TLS options and proxy (the plugin's way).
     *
     * @param stsEndpoint the STS endpoint, or null for the region's
     * @param http the client's HTTP, or null for the SDK's own
     */
    static CodeCommitCredentialsProvider defaultChain(String profile, String region, URI stsEndpoint,
            PluginHttpClient http) {
        if (http != null) {
            return new CodeCommitCredentialsProvider(memo(() -> ClientCredentialsChain.of(profile, region, stsEndpoint,
                    http)), "AWS default chain" + (profile == null ? "" : "(profile=" + profile + ")"), region,
                    Clock.systemUTC());
        }
        Supplier<AwsCredentialsProvider> chain =
                memo(() -> DefaultCredentialsProvider.builder().profileName(profile).build());
        return new CodeCommitCredentialsProvider(chain,
                "DefaultCredentialsProvider" + (profile == null ? "" : "(profile=" + profile + ")"),
                region, Clock.systemUTC());
    }

    @Override
    public GitCredentials resolve(CredentialsRequest request) {
        URI remote = request.remote();
        if (CodeCommitUrls.isCodeCommitUrl(remote)) {
            try {
                remote = CodeCommitUrls.toHttps(remote, region);
            } catch (IllegalArgumentException e) {
                throw new CredentialsUnavailableException(e.getMessage());
            }
        }
        String host = remote.getHost();
        if (host == null) {
            throw new CredentialsUnavailableException("no host in " + Redaction.redact(remote));
        }
        host = host.toLowerCase(java.util.Locale.ROOT);
        String signingRegion = CodeCommitUrls.regionOfHost(host).orElse(region);
        if (signingRegion == null) {
            throw new CredentialsUnavailableException(host + " is not a CodeCommit host and no AWS region is configured");
        }
        String path = remote.getRawPath() == null || remote.getRawPath().isEmpty() ? "/" : remote.getRawPath();
        String key = host + path;

        synchronized (this) {
            Instant now = clock.instant();
            if (!request.refused() && cached != null && key.equals(cachedFor) && now.isBefore(cached.expires())) {
                return cached;
            }
            AwsCredentials credentials = awsCredentials();
            Instant signedAt = now.truncatedTo(ChronoUnit.SECONDS);
            Instant validUntil = signedAt.plus(SIGNATURE_VALIDITY);
            Instant credentialsExpire = credentials.expirationTime().orElse(validUntil);
            if (credentialsExpire.isBefore(validUntil)) {
                validUntil = credentialsExpire;
            }
            String password = CodeCommitSigner.password(credentials.secretAccessKey(), signingRegion, host, path, signedAt);
            String username = credentials instanceof AwsSessionCredentials session
                    ? credentials.accessKeyId() + "%" + session.sessionToken()
                    : credentials.accessKeyId();
            cached = new GitCredentials.Basic(username, password, validUntil.minus(MARGIN));
            cachedFor = key;
            LOG.debug("CodeCommit credentials for {} in {} signed at {}", key, signingRegion, signedAt);
            return cached;
        }
    }

    private AwsCredentials awsCredentials() {
        AwsCredentials credentials;
        try {
            credentials = aws.get().resolveCredentials();
        } catch (SdkClientException e) {
            throw new CredentialsUnavailableException("no AWS credentials from " + description + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new AuthenticationException("AWS credentials from " + description + " failed: " + e.getMessage(), e);
        }
        if (credentials == null) {
            throw new CredentialsUnavailableException("no AWS credentials from " + description);
        }
        return credentials;
    }

    private static <T> Supplier<T> memo(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    private static Supplier<AwsCredentialsProvider> fixed(AwsCredentialsProvider p) {
        return () -> p;
    }

    @Override
    public String toString() {
        return "CodeCommit[" + description + (region == null ? "" : ", region=" + region) + "]";
    }
}
