package dev.gitsource.auth.aws;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CodeCommit remote URLs: the region of a Git endpoint host, and the
 * {@code codecommit::} URLs of git-remote-codecommit.
 *
 * <p>Hosts are {@code git-codecommit.<region>.amazonaws.com},
 * {@code git-codecommit-fips.<region>.amazonaws.com} and, in China,
 * {@code git-codecommit.<region>.amazonaws.com.cn}.
 *
 * <p>A {@code codecommit::<region>://[<profile>@]<repository>} URL, or
 * {@code codecommit://[<profile>@]<repository>} with the region given elsewhere, names the
 * HTTPS repository {@code https://git-codecommit.<region>.amazonaws.com/v1/repos/<repository>}
 * ({@code .amazonaws.com.cn} for {@code cn-} regions); Git talks to that URL, and the
 * profile, if any, names the AWS profile whose credentials sign.
 */
public final class CodeCommitUrls {
    private static final Pattern HOST =
            Pattern.compile("git-codecommit(?:-fips)?\\.([a-z]{2}(?:-[a-z]+)+-\\d+)\\.amazonaws\\.com(?:\\.cn)?");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(?:-[a-z]+)+-\\d+");
    private static final Pattern CODECOMMIT =
            Pattern.compile("codecommit(?:::([^:/]+))?://(?:([^@/]+)@)?([A-Za-z0-9._-]{1,100})/?");

    private CodeCommitUrls() {}

    /**
     * @param host a host name, any case
     * @return the region if the host is a CodeCommit Git endpoint
     */
    public static Optional<String> regionOfHost(String host) {
        if (host == null) {
            return Optional.empty();
        }
        Matcher m = HOST.matcher(host.toLowerCase(Locale.ROOT));
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * @param region a name like {@code eu-west-1}
     * @return true if it has the shape of an AWS region name
     */
    public static boolean isRegion(String region) {
        return region != null && REGION.matcher(region).matches();
    }

    /**
     * @param remote any remote URI
     * @return true if it uses the {@code codecommit} scheme of git-remote-codecommit
     */
    public static boolean isCodeCommitUrl(URI remote) {
        return "codecommit".equalsIgnoreCase(remote.getScheme());
    }

    /**
     * @param remote a {@code codecommit::} or {@code codecommit://} URL
     * @return the region it names ({@code codecommit::<region>://}), if any
     * @throws IllegalArgumentException if the URL is not a CodeCommit URL
     */
    public static Optional<String> regionOf(URI remote) {
        return Optional.ofNullable(parse(remote).group(1));
    }

    /**
     * @param remote a {@code codecommit::} or {@code codecommit://} URL
     * @return the AWS profile it names before {@code @}, if any
     * @throws IllegalArgumentException if the URL is not a CodeCommit URL
     */
    public static Optional<String> profileOf(URI remote) {
        return Optional.ofNullable(parse(remote).group(2));
    }

    /**
     * Maps a git-remote-codecommit URL to the HTTPS URL Git uses.
     *
     * @param remote {@code codecommit::<region>://[<profile>@]<repository>} or
     *     {@code codecommit://[<profile>@]<repository>}
     * @param defaultRegion the region when the URL names none; may be null
     * @return {@code https://git-codecommit.<region>.amazonaws.com[.cn]/v1/repos/<repository>}
     * @throws IllegalArgumentException if the URL is malformed or no region is known
     */
    public static URI toHttps(URI remote, String defaultRegion) {
        Matcher m = parse(remote);
        String region = m.group(1) != null ? m.group(1) : defaultRegion;
        if (region == null) {
            throw new IllegalArgumentException("CodeCommit URL " + remote + " names no region and none is configured");
        }
        if (!isRegion(region)) {
            throw new IllegalArgumentException("not an AWS region: '" + region + "'");
        }
        String domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
        return URI.create("https://git-codecommit." + region + "." + domain + "/v1/repos/" + m.group(3));
    }

    private static Matcher parse(URI remote) {
        Matcher m = CODECOMMIT.matcher(remote.toString());
        if (!isCodeCommitUrl(remote) || !m.matches()) {
            throw new IllegalArgumentException("not a CodeCommit URL (codecommit::<region>://[<profile>@]<repository>): "
                    + remote);
        }
        return m;
    }
}
