package dev.gitsource.auth.aws;

import dev.gitsource.auth.GitCredentialsProvider;
import dev.gitsource.auth.GitCredentialsProviderFactory;
import dev.gitsource.auth.ProviderContext;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The {@code aws} plugin: CodeCommit credentials signed with the AWS SDK's default
 * credentials chain; web identity's STS requests go through the gitsource client's HTTP, with
 * its TLS options and proxy.
 *
 * <p>It applies to HTTP(S) remotes on {@code git-codecommit[-fips].<region>.amazonaws.com[.cn]}
 * and to {@code codecommit::} URLs; a settings entry {@code provider=aws} chooses it for any
 * other remote (a VPC endpoint, a custom name), which then needs {@value #REGION}. A
 * {@code provider} entry naming another plugin means empty. Settings:
 * <ul>
 *   <li>{@value #REGION}: the region when the remote does not name one;</li>
 *   <li>{@value #PROFILE}: the AWS profile (default: the profile in a
 *       {@code codecommit://profile@repo} URL, else the chain's default);</li>
 *   <li>{@value #ENDPOINT}: where {@code codecommit::} URLs connect (default: the region's Git endpoint);</li>
 *   <li>{@value #STS_ENDPOINT}: the STS endpoint web identity asks (default: the region's).</li>
 * </ul>
 */
public final class CodeCommitCredentialsProviderFactory implements GitCredentialsProviderFactory {
    /** This plugin's id. */
    public static final String ID = "aws";
    /** The settings key that chooses a plugin by id. */
    public static final String PROVIDER = "provider";
    /** Settings key: the AWS region. */
    public static final String REGION = "awsRegion";
    /** Settings key: the AWS profile name. */
    public static final String PROFILE = "awsProfile";
    /** Settings key: the CodeCommit Git endpoint {@code codecommit::} URLs go to (an interface VPC endpoint). */
    public static final String ENDPOINT = "awsCodeCommitEndpoint";
    /** Settings key: the STS endpoint for web identity (an interface VPC endpoint, a FIPS endpoint). */
    public static final String STS_ENDPOINT = "awsStsEndpoint";

    /** Creates the factory; ServiceLoader calls this. */
    public CodeCommitCredentialsProviderFactory() {}

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<GitCredentialsProvider> create(URI remote, Map<String, String> settings) {
        return create(remote, settings, null);
    }

    /** As {@link #create(URI, Map)}; web identity's STS requests go through the client's HTTP, TLS and proxy. */
    @Override
    public Optional<GitCredentialsProvider> create(URI remote, Map<String, String> settings, ProviderContext context) {
        String chosen = trimmed(settings.get(PROVIDER));
        if (chosen != null && !chosen.equalsIgnoreCase(ID)) {
            return Optional.empty();
        }
        boolean codeCommitUrl = CodeCommitUrls.isCodeCommitUrl(remote);
        boolean codeCommitHost = isHttps(remote) && CodeCommitUrls.regionOfHost(remote.getHost()).isPresent();
        if (chosen == null && !codeCommitUrl && !codeCommitHost) {
            return Optional.empty();
        }
        String region = codeCommitUrl ? regionFor(remote, settings) : settingsRegion(settings);
        String profile = trimmed(settings.get(PROFILE));
        if (codeCommitUrl) {
            CodeCommitUrls.toHttps(remote, region); // fails now on a malformed URL or a missing region
            if (profile == null) {
                profile = CodeCommitUrls.profileOf(remote).orElse(null);
            }
        } else if (!codeCommitHost && region == null) {
            throw new IllegalArgumentException("provider aws for " + remote.getHost()
                    + ", which is not a CodeCommit host, needs " + REGION);
        }
        String sts = trimmed(settings.get(STS_ENDPOINT));
        URI stsEndpoint = null;
        if (sts != null) {
            stsEndpoint = URI.create(sts);
            if (!"https".equalsIgnoreCase(stsEndpoint.getScheme()) || stsEndpoint.getHost() == null) {
                throw new IllegalArgumentException(STS_ENDPOINT + " must be an https URL: '" + sts + "'");
            }
        }
        return Optional.of(CodeCommitCredentialsProvider.defaultChain(profile, region, stsEndpoint,
                context == null ? null : context.http()));
    }

    /**
     * git-remote-codecommit's URLs: {@code codecommit::<region>://[<profile>@]<repository>}, or
     * {@code codecommit://[<profile>@]<repository>} with the region from {@value #REGION} or the
     * AWS SDK's region chain ({@code AWS_REGION}, the profile), stand for the repository's HTTPS
     * URL ({@link CodeCommitUrls#toHttps}), or the same path on {@value #ENDPOINT} if set.
     */
    @Override
    public Optional<URI> gitUrl(URI remote, Map<String, String> settings) {
        if (!CodeCommitUrls.isCodeCommitUrl(remote)) {
            return Optional.empty();
        }
        URI https = CodeCommitUrls.toHttps(remote, regionFor(remote, settings));
        String endpoint = trimmed(settings.get(ENDPOINT));
        if (endpoint == null) {
            return Optional.of(https);
        }
        URI base = URI.create(endpoint.replaceAll("/+$", ""));
        if (!"https".equalsIgnoreCase(base.getScheme()) || base.getHost() == null || base.getRawUserInfo() != null) {
            throw new IllegalArgumentException(ENDPOINT + " must be an https URL: '" + endpoint + "'");
        }
        return Optional.of(URI.create(base + https.getRawPath()));
    }

    private static String settingsRegion(Map<String, String> settings) {
        String region = trimmed(settings.get(REGION));
        if (region != null && !CodeCommitUrls.isRegion(region)) {
            throw new IllegalArgumentException(REGION + " is not an AWS region: '" + region + "'");
        }
        return region;
    }

    /** The region of a codecommit URL: the setting, else the URL's, else the AWS SDK's region chain; or null. */
    private static String regionFor(URI remote, Map<String, String> settings) {
        String region = settingsRegion(settings);
        if (region != null) {
            return region;
        }
        Optional<String> named = CodeCommitUrls.regionOf(remote);
        if (named.isPresent()) {
            return named.get();
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkClientException e) {
            return null; // toHttps says that no region is known
        }
    }

    private static boolean isHttps(URI remote) {
        String scheme = remote.getScheme();
        return scheme != null && (scheme.toLowerCase(Locale.ROOT).equals("https")
                || scheme.toLowerCase(Locale.ROOT).equals("http"));
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
