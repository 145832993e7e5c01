package dev.gitsource.auth.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CodeCommitSignerTest {

    /** The vector in AWS's git-remote-codecommit tests (test/git_url_test.py), made with botocore. */
    @Test
    void matchesGitRemoteCodeCommitsPublishedVector() {
        String password = CodeCommitSigner.password("secret", "us-west-2",
                "git-codecommit.us-west-2.amazonaws.com", "/v1/repos/test_repo", Instant.parse("2017-12-24T11:53:20Z"));

        assertThat(password).isEqualTo(
                "20171224T115320Zb6df2d758a8023b2f000a546417007b65494f3ce8ad0300fd45fcfa173f1959a");
    }

    /** The signing-key example of the AWS SigV4 documentation ("Deriving the signing key"). */
    @Test
    void signingKeyMatchesTheAwsDocumentationExample() {
        byte[] key = CodeCommitSigner.signingKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");

        assertThat(CodeCommitSigner.hex(key))
                .isEqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
    }

    @Test
    void canonicalRequestAndStringToSignHaveTheHelpersLayout() {
        String canonical = CodeCommitSigner.canonicalRequest("git-codecommit.eu-west-1.amazonaws.com", "/v1/repos/app");

        assertThat(canonical).isEqualTo("GIT\n/v1/repos/app\n\nhost:git-codecommit.eu-west-1.amazonaws.com\n\nhost\n");
        assertThat(CodeCommitSigner.stringToSign("20260301T101112", "eu-west-1", canonical))
                .startsWith("AWS4-HMAC-SHA256\n20260301T101112\n20260301/eu-west-1/codecommit/aws4_request\n")
                .matches("(?s).*\n[0-9a-f]{64}");
    }

    /** The same computation written out step by step from the SigV4 description, for many inputs. */
    @Test
    void agreesWithAStraightforwardSigV4Computation() throws Exception {
        Random random = new Random(42);
        String[] regions = {"us-east-1", "eu-central-1", "cn-north-1", "us-gov-west-1", "ap-southeast-2"};
        for (int i = 0; i < 50; i++) {
            byte[] raw = new byte[30];
            random.nextBytes(raw);
            String secret = java.util.Base64.getEncoder().encodeToString(raw);
            String region = regions[i % regions.length];
            String host = "git-codecommit." + region + ".amazonaws.com";
            String path = "/v1/repos/repo-" + i;
            Instant time = Instant.ofEpochSecond(1_600_000_000L + random.nextInt(200_000_000));

            assertThat(CodeCommitSigner.password(secret, region, host, path, time))
                    .isEqualTo(byHand(secret, region, host, path, time));
        }
    }

    /**
     * A test server's check of a CodeCommit password: it names a time within a minute of now
     * and is exactly the signature, made by hand, of one of the paths at that time.
     */
    static boolean signedNow(String password, String secret, String region, String host, String... paths) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{8}T\\d{6})Z[0-9a-f]{64}").matcher(password);
        if (!m.matches()) {
            return false;
        }
        Instant at = java.time.LocalDateTime.parse(m.group(1), java.time.format.DateTimeFormatter.ofPattern(
                "yyyyMMdd'T'HHmmss")).toInstant(java.time.ZoneOffset.UTC);
        if (java.time.Duration.between(at, Instant.now()).abs().compareTo(java.time.Duration.ofMinutes(1)) > 0) {
            return false;
        }
        try {
            for (String path : paths) {
                if (password.equals(byHand(secret, region, host, path, at))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String byHand(String secret, String region, String host, String path, Instant time) throws Exception {
        java.time.ZonedDateTime t = time.atZone(java.time.ZoneOffset.UTC);
        String date = String.format("%04d%02d%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth());
        String stamp = date + String.format("T%02d%02d%02d", t.getHour(), t.getMinute(), t.getSecond());
        String canonical = String.join("\n", "GIT", path, "", "host:" + host, "", "host", "");
        String toSign = String.join("\n", "AWS4-HMAC-SHA256", stamp,
                date + "/" + region + "/codecommit/aws4_request", hexOf(sha256(canonical)));
        byte[] kDate = mac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        byte[] kRegion = mac(kDate, region);
        byte[] kService = mac(kRegion, "codecommit");
        byte[] kSigning = mac(kService, "aws4_request");
        return stamp + "Z" + hexOf(mac(kSigning, toSign));
    }

    private static byte[] mac(byte[] key, String data) throws Exception {
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(new SecretKeySpec(key, "HmacSHA256"));
        return m.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(String s) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String hexOf(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return b.toString();
    }
}
