package dev.gitsource.testkit;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * The host keys an SSH server presents, made at start: ECDSA P-256 always, and RSA too where
 * the server can offer both (so a client must pick the key it knows), with their
 * {@code known_hosts} lines.
 */
final class SshHostKeys {
    final KeyPair ecdsa;
    final KeyPair rsa;

    private SshHostKeys(KeyPair ecdsa, KeyPair rsa) {
        this.ecdsa = ecdsa;
        this.rsa = rsa;
    }

    /**
     * @param withRsa whether to make an RSA key beside the ECDSA one
     * @return new keys
     * @throws GeneralSecurityException if the JDK cannot make them
     */
    static SshHostKeys generate(boolean withRsa) throws GeneralSecurityException {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair rsa = null;
        if (withRsa) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            rsa = g.generateKeyPair();
        }
        return new SshHostKeys(ec.generateKeyPair(), rsa);
    }

    /**
     * @param port the server's port
     * @return the ECDSA line: {@code [127.0.0.1]:PORT ecdsa-sha2-nistp256 base64}
     */
    String knownHostsLine(int port) {
        return "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(ecdsa.getPublic());
    }

    /**
     * @param port the server's port
     * @return a line for each key, ECDSA first
     */
    List<String> knownHostsLines(int port) {
        List<String> lines = new ArrayList<>(List.of(knownHostsLine(port)));
        if (rsa != null) {
            lines.add("[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(rsa.getPublic()));
        }
        return lines;
    }

    /**
     * @return the ECDSA private key as PEM PKCS#8, for OpenSSH's {@code HostKey} file
     * @throws Exception if it cannot be encoded
     */
    String ecdsaPrivateKeyPem() throws Exception {
        return Tls.pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(ecdsa.getPrivate(), null));
    }
}
