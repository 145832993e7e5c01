package dev.gitsource.auth.aws;

import dev.gitsource.auth.GitCredentialsProvider;
import dev.gitsource.auth.GitCredentialsProviderFactory;
import dev.gitsource.auth.ProviderContext;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
        String region = trimmed(settings.get(REGION));
        if (region != null && !CodeCommitUrls.isRegion(region)) {
            throw new IllegalArgumentException(REGION + " is not an AWS region: '" + region + "'");
        }
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

    private static boolean isHttps(URI remote) {
        String scheme = remote.getScheme();
        return scheme != null && (scheme.toLowerCase(Locale.ROOT).equals("https")
                || scheme.toLowerCase(Locale.ROOT).equals("http"));
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
