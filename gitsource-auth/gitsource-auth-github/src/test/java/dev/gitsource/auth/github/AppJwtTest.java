package dev.gitsource.auth.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The app's JWT and the reading of its key, without a server. */
class AppJwtTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final Base64.Decoder B64URL = Base64.getUrlDecoder();

    private static String[] parts(String jwt) {
        String[] parts = jwt.split("\\.", -1);
        assertThat(parts).hasSize(3);
        return parts;
    }

    private static Map<String, Object> claims(String jwt) {
        return Json.parseObject(new String(B64URL.decode(parts(jwt)[1]), StandardCharsets.UTF_8));
    }

    private static boolean verifies(String jwt, PublicKey key) throws Exception {
        String[] parts = parts(jwt);
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initVerify(key);
        s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return s.verify(B64URL.decode(parts[2]));
    }

    @Test
    void jwtHasTheDocumentedShape() throws Exception {
        String jwt = new AppJwt("Iv1.abc", TestKeys.RSA.getPrivate()).sign(NOW);

        String[] parts = parts(jwt);
        assertThat(new String(B64URL.decode(parts[0]), StandardCharsets.UTF_8))
                .isEqualTo("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        long iat = NOW.minusSeconds(30).getEpochSecond();
        assertThat(claims(jwt)).containsExactly(
                Map.entry("iat", new BigDecimal(iat)),
                Map.entry("exp", new BigDecimal(iat + 120)),
                Map.entry("iss", "Iv1.abc"));
        assertThat(verifies(jwt, TestKeys.RSA.getPublic())).isTrue();
        assertThat(jwt).doesNotContain("=", "+", "/");
    }

    @Test
    void subSecondTimesRoundDownAndTheLifetimeStaysTwoMinutes() {
        Map<String, Object> claims = claims(new AppJwt("1", TestKeys.RSA.getPrivate()).sign(NOW.plusMillis(999)));

        assertThat(claims.get("iat")).isEqualTo(new BigDecimal(NOW.getEpochSecond() - 30));
        assertThat(claims.get("exp")).isEqualTo(new BigDecimal(NOW.getEpochSecond() + 90));
    }

    @Test
    void pkcs1AndPkcs8KeysSignTheSameWay() throws Exception {
        for (String pem : new String[] {TestKeys.pkcs1Pem(TestKeys.RSA), TestKeys.pkcs8Pem(TestKeys.RSA)}) {
            AppJwt app = AppJwt.fromPem("123456", pem);

            assertThat(verifies(app.sign(NOW), TestKeys.RSA.getPublic())).isTrue();
            assertThat(app.appId()).isEqualTo("123456");
        }
    }

    @Test
    void theIssuerIsJsonQuoted() {
        assertThat(claims(new AppJwt("a\"b", TestKeys.RSA.getPrivate()).sign(NOW))).containsEntry("iss", "a\"b");
    }

    @Test
    void badKeysAreRejectedWithoutQuotingThem() {
        String pem = TestKeys.pkcs1Pem(TestKeys.RSA);
        String line = pem.lines().skip(1).findFirst().orElseThrow();
        String broken = pem.replace(line, line.substring(0, 20) + "!!!!" + line.substring(24));
        String ec = TestKeys.pkcs8Pem(TestKeys.generate("EC", 256));

        assertThatThrownBy(() -> AppJwt.readRsaPrivateKey(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain(line.substring(0, 20));
        assertThatThrownBy(() -> AppJwt.readRsaPrivateKey("not a key"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PEM private key");
        assertThatThrownBy(() -> AppJwt.readRsaPrivateKey(ec))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be RSA");
        assertThatThrownBy(() -> AppJwt.readRsaPrivateKey(
                TestKeys.pem("ENCRYPTED PRIVATE KEY", new byte[] {0x30, 0x03, 0x02, 0x01, 0x00})))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringNamesTheIssuerOnly() {
        String pem = TestKeys.pkcs1Pem(TestKeys.RSA);
        String keyBody = pem.lines().skip(1).findFirst().orElseThrow();

        assertThat(AppJwt.fromPem("123456", pem).toString()).contains("123456").doesNotContain(keyBody);
    }
}
