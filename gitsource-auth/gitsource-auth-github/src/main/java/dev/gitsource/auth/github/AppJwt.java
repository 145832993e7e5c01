package dev.gitsource.auth.github;

import dev.gitsource.AuthenticationException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The app's identity: its RSA private key and the short JWT (RS256) signed with it that the
 * GitHub API takes in exchange for installation tokens. Immutable and thread-safe.
 */
final class AppJwt {
    /** Issued this far in the past, as GitHub recommends against clock drift. */
    static final Duration BACKDATE = Duration.ofSeconds(30);
    /** Valid this long after issue; GitHub allows at most ten minutes. */
    static final Duration LIFETIME = Duration.ofMinutes(2);

    private static final String HEADER = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final String appId;
    private final PrivateKey key;

    AppJwt(String appId, PrivateKey key) {
        this.appId = Objects.requireNonNull(appId, "appId");
        this.key = Objects.requireNonNull(key, "key");
    }

    /**
     * @param appId the JWT issuer: the numeric app id or the client id
     * @param pem the app's RSA private key, see {@link #readRsaPrivateKey}
     * @throws IllegalArgumentException if the key is not readable
     */
    static AppJwt fromPem(String appId, String pem) {
        return new AppJwt(appId, readRsaPrivateKey(pem));
    }

    String appId() {
        return appId;
    }

    /** @return a JWT valid from {@link #BACKDATE} before {@code now} for {@link #LIFETIME} */
    String sign(Instant now) {
        long iat = now.minus(BACKDATE).getEpochSecond();
        long exp = iat + LIFETIME.toSeconds();
        String payload = "{\"iat\":" + iat + ",\"exp\":" + exp + ",\"iss\":" + Json.quote(appId) + "}";
        String signingInput = b64url(HEADER.getBytes(StandardCharsets.UTF_8)) + "."
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

    /** Names the issuer only: the key is a secret. */
    @Override
    public String toString() {
        return "AppJwt[iss=" + appId + "]";
    }
}
