package dev.gitsource.auth.github;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/** An RSA key pair for the tests, and its private key as PKCS#1 and PKCS#8 PEM. */
final class TestKeys {
    static final KeyPair RSA = generate("RSA", 2048);

    private TestKeys() {}

    static KeyPair generate(String algorithm, int size) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            g.initialize(size);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static String pkcs8Pem(KeyPair pair) {
        return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    /** The form GitHub hands out: {@code BEGIN RSA PRIVATE KEY}. */
    static String pkcs1Pem(KeyPair pair) {
        try {
            byte[] der = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded())
                    .parsePrivateKey().toASN1Primitive().getEncoded();
            return pem("RSA PRIVATE KEY", der);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
