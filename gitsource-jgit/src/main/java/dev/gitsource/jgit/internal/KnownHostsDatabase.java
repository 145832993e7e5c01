package dev.gitsource.jgit.internal;

import dev.gitsource.KnownHosts;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;

/**
 * Strict, in-memory known_hosts: a server key is accepted only if an entry for the host
 * (plain or hashed pattern, {@code [host]:port}, wildcards, negations) has exactly that key,
 * or an {@code @cert-authority} entry signed the host certificate, and no {@code @revoked}
 * entry names it. Nothing is read from or written to {@code ~/.ssh}.
 */
final class KnownHostsDatabase implements ServerKeyDatabase {
    private record Parsed(KnownHosts.Entry entry, PublicKey key) {}

    private final List<Parsed> entries = new ArrayList<>();

    KnownHostsDatabase(KnownHosts knownHosts) {
        for (KnownHosts.Entry e : knownHosts.entries()) {
            try {
                entries.add(new Parsed(e, new ByteArrayBuffer(e.key()).getRawPublicKey()));
            } catch (RuntimeException | org.apache.sshd.common.SshException ex) {
                // An unreadable key can match nothing; a revoked one we cannot read cannot be checked either.
            }
        }
    }

    @Override
    public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
        List<PublicKey> keys = new ArrayList<>();
        for (Parsed p : entries) {
            if (p.entry.marker() == null && matches(p.entry.hostPatterns(), connectAddress, remoteAddress)) {
                keys.add(p.key);
            }
        }
        return keys;
    }

    @Override
    public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
            Configuration config, CredentialsProvider provider) {
        PublicKey presented = serverKey;
        PublicKey signer = null;
        if (serverKey instanceof OpenSshCertificate cert) {
            presented = cert.getCertPubKey();
            signer = cert.getCaPubKey();
        }
        for (Parsed p : entries) {
            if ("@revoked".equals(p.entry.marker())
                    && (KeyUtils.compareKeys(p.key, presented) || signer != null && KeyUtils.compareKeys(p.key, signer))) {
                return false;
            }
        }
        for (Parsed p : entries) {
            if (!matches(p.entry.hostPatterns(), connectAddress, remoteAddress)) {
                continue;
            }
            if (p.entry.marker() == null && KeyUtils.compareKeys(p.key, presented) && signer == null) {
                return true;
            }
            if ("@cert-authority".equals(p.entry.marker()) && signer != null && KeyUtils.compareKeys(p.key, signer)
                    && certificateValidFor((OpenSshCertificate) serverKey, connectAddress)) {
                return true;
            }
        }
        return false;
    }

    private static boolean certificateValidFor(OpenSshCertificate cert, String connectAddress) {
        String host = hostOf(connectAddress);
        // As OpenSSH's client: a host certificate must name the host (one without principals is refused).
        return cert.getType() == OpenSshCertificate.Type.HOST && cert.getPrincipals().contains(host)
                && OpenSshCertificate.isValidNow(cert);
    }

    /** "host" for port 22, else "[host]:port", as known_hosts writes them. */
    private static String hostOf(String connectAddress) {
        if (connectAddress.startsWith("[")) {
            return connectAddress.substring(1, connectAddress.indexOf(']'));
        }
        return connectAddress;
    }

    static boolean matches(String patterns, String connectAddress, InetSocketAddress remote) {
        List<String> names = new ArrayList<>();
        names.add(connectAddress.toLowerCase(Locale.ROOT));
        if (remote != null && remote.getAddress() != null) {
            String ip = remote.getAddress().getHostAddress();
            names.add(remote.getPort() == 22 ? ip : "[" + ip + "]:" + remote.getPort());
        }
        if (patterns.startsWith("|1|")) {
            return names.stream().anyMatch(n -> hashedMatch(patterns, n));
        }
        boolean matched = false;
        for (String pattern : patterns.split(",")) {
            boolean negated = pattern.startsWith("!");
            String glob = (negated ? pattern.substring(1) : pattern).toLowerCase(Locale.ROOT);
            if (names.stream().anyMatch(n -> glob(glob, n))) {
                if (negated) {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
    }

    private static boolean hashedMatch(String hashed, String name) {
        String[] parts = hashed.split("\\|");
        if (parts.length != 4) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return MessageDigest.isEqual(expected, mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    /** OpenSSH patterns: {@code *} any run, {@code ?} one character. */
    static boolean glob(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
