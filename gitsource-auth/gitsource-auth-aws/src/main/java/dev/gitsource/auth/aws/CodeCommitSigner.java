package dev.gitsource.auth.aws;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The CodeCommit Git password: a SigV4 signature (service {@code codecommit}) over a
 * request with method {@code GIT}, the repository path, no query, only the {@code host}
 * header and an empty payload, as AWS's git-remote-codecommit and the CLI's credential
 * helper compute it. Their string to sign carries the timestamp without the usual
 * {@code Z}; the password is {@code <yyyyMMdd'T'HHmmss>Z<hex signature>}.
 */
final class CodeCommitSigner {
    static final String SERVICE = "codecommit";
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private CodeCommitSigner() {}

    /**
     * @param secretAccessKey the AWS secret key
     * @param region the repository's region
     * @param host the Git endpoint host, e.g. {@code git-codecommit.us-east-1.amazonaws.com}
     * @param path the repository path, e.g. {@code /v1/repos/app}
     * @param time the signing time (seconds are kept, fractions dropped)
     * @return the Git password
     */
    static String password(String secretAccessKey, String region, String host, String path, Instant time) {
        String timestamp = TIMESTAMP.format(time);
        String signature = hex(hmac(signingKey(secretAccessKey, timestamp.substring(0, 8), region, SERVICE),
                stringToSign(timestamp, region, canonicalRequest(host, path))));
        return timestamp + "Z" + signature;
    }

    static String canonicalRequest(String host, String path) {
        return "GIT\n" + path + "\n\nhost:" + host + "\n\nhost\n";
    }

    static String stringToSign(String timestamp, String region, String canonicalRequest) {
        return "AWS4-HMAC-SHA256\n" + timestamp + "\n" + scope(timestamp.substring(0, 8), region) + "\n"
                + hex(sha256(canonicalRequest));
    }

    static String scope(String date, String region) {
        return date + "/" + region + "/" + SERVICE + "/aws4_request";
    }

    /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
    static byte[] signingKey(String secretAccessKey, String date, String region, String service) {
        byte[] k = ("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8);
        for (String part : new String[] {date, region, service, "aws4_request"}) {
            k = hmac(k, part);
        }
        return k;
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] sha256(String data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
