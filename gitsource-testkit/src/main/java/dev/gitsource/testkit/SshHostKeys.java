package dev.gitsource.testkit;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.certificate.OpenSshCertificateBuilder;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * The host keys an SSH server presents, made at start: ECDSA P-256 always, and RSA too where
 * the server can offer both (so a client must pick the key it knows), with their
 * {@code known_hosts} lines; and, when asked for, a host certificate of the ECDSA key signed by
 * a CA made at start, with the {@code @cert-authority} line trusting that CA.
 */
final class SshHostKeys {
    final KeyPair ecdsa;
    final KeyPair rsa;
    /** Signs {@link #certificate}; null without one. */
    final KeyPair certificateAuthority;
    /** The ECDSA key's host certificate; null without one. */
    final OpenSshCertificate certificate;

    private SshHostKeys(KeyPair ecdsa, KeyPair rsa, KeyPair certificateAuthority, OpenSshCertificate certificate) {
        this.ecdsa = ecdsa;
        this.rsa = rsa;
        this.certificateAuthority = certificateAuthority;
        this.certificate = certificate;
    }

    /**
     * @param withRsa whether to make an RSA key beside the ECDSA one
     * @return new keys
     * @throws GeneralSecurityException if the JDK cannot make them
     */
    static SshHostKeys generate(boolean withRsa) throws GeneralSecurityException {
        return generate(withRsa, null);
    }

    /**
     * @param withRsa whether to make an RSA key beside the ECDSA one
     * @param certificatePrincipals the host names of a host certificate to make, or null for none
     * @return new keys
     * @throws GeneralSecurityException if the JDK cannot make them, or the certificate cannot be signed
     */
    static SshHostKeys generate(boolean withRsa, List<String> certificatePrincipals) throws GeneralSecurityException {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair rsa = null;
        if (withRsa) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            rsa = g.generateKeyPair();
        }
        KeyPair ecdsa = ec.generateKeyPair();
        if (certificatePrincipals == null) {
            return new SshHostKeys(ecdsa, rsa, null, null);
        }
        KeyPair ca = ec.generateKeyPair();
        Instant now = Instant.now();
        OpenSshCertificate certificate;
        try {
            certificate = OpenSshCertificateBuilder.hostCertificate().publicKey(ecdsa.getPublic())
                    .id("gitsource test host").serial(1).principals(certificatePrincipals)
                    .validAfter(now.minusSeconds(3600)).validBefore(now.plusSeconds(2 * 86400)).sign(ca);
        } catch (GeneralSecurityException e) {
            throw e;
        } catch (Exception e) {
            throw new GeneralSecurityException("cannot sign the host certificate", e);
        }
        return new SshHostKeys(ecdsa, rsa, ca, certificate);
    }

    /**
     * @param port the server's port
     * @return {@code @cert-authority [127.0.0.1]:PORT <CA key>}
     * @throws IllegalStateException if there is no host certificate
     */
    String certificateAuthorityLine(int port) {
        if (certificateAuthority == null) {
            throw new IllegalStateException("the server presents no host certificate: build it with sshHostCertificate()");
        }
        return "@cert-authority [127.0.0.1]:" + port + " " + PublicKeyEntry.toString(certificateAuthority.getPublic());
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
