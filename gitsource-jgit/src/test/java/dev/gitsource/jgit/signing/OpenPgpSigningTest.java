package dev.gitsource.jgit.signing;

import static dev.gitsource.jgit.signing.SshSigningTest.reason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gitsource.Commit;
import dev.gitsource.jgit.signing.SignatureVerificationException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.BCPGInputStream;
import org.bouncycastle.bcpg.MPInteger;
import org.bouncycastle.bcpg.SignaturePacket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OpenPGP signing and verification, checked against C git and gpg. */
class OpenPgpSigningTest {
    private static final String PASSPHRASE = "pgp passphrase 1";
    private static final String UID = "Signing Test <signer@example.com>";

    /** A generated key: primary fingerprint, key ids of primary and subkeys (with capabilities), exports. */
    record Key(String fingerprint, String primaryId, List<String[]> subkeys, String secret, String publicKey) {
        String subkeyWith(char capability) {
            return subkeys.stream().filter(s -> s[1].indexOf(capability) >= 0).findFirst().orElseThrow()[0];
        }
    }

    @TempDir
    static Path home;
    static Cli cli;
    static Key rsa;
    static Key withSigningSubkey;
    static Path gpgLoopback;
    static SignatureVerifier verifier;

    @BeforeAll
    static void keys() throws IOException {
        assumeTrue(Cli.installed("git"), "git is not installed");
        assumeTrue(Cli.installed("gpg"), "gpg is not installed");
        cli = new Cli(home);
        Files.createDirectories(cli.gnupgHome(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        rsa = generate(UID, "rsa3072", "cert,sign", "rsa3072", "encr");
        withSigningSubkey = generate("Subkey Signer <sub@example.com>", "rsa2048", "cert", "rsa2048", "sign");
        gpgLoopback = Files.writeString(home.resolve("gpg-loopback"),
                "#!/bin/sh\nexec gpg --batch --pinentry-mode loopback --passphrase '" + PASSPHRASE + "' \"$@\"\n");
        gpgLoopback.toFile().setExecutable(true);
        verifier = SignatureVerifier.builder().openPgpPublicKeys(rsa.publicKey() + "\n" + withSigningSubkey.publicKey())
                .build();
    }

    @AfterAll
    static void stopAgent() {
        if (cli != null) {
            cli.run(home, null, "gpgconf", "--kill", "gpg-agent");
        }
    }

    /** Generates a primary key and one subkey, protected with {@link #PASSPHRASE}. */
    static Key generate(String uid, String algo, String usage, String subAlgo, String subUsage) {
        String[] gpg = {"gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", PASSPHRASE};
        cli.ok(home, null, Cli.concat(gpg, "--quick-gen-key", uid, algo, usage, "never"));
        String fpr = null;
        String primaryId = null;
        List<String[]> subkeys = new ArrayList<>();
        for (String line : cli.okText(home, "gpg", "--with-colons", "--list-keys", "=" + uid).split("\n")) {
            String[] f = line.split(":", -1);
            if (f[0].equals("pub")) {
                primaryId = f[4];
            } else if (f[0].equals("fpr") && fpr == null) {
                fpr = f[9];
            }
        }
        cli.ok(home, null, Cli.concat(gpg, "--quick-add-key", fpr, subAlgo, subUsage, "never"));
        for (String line : cli.okText(home, "gpg", "--with-colons", "--list-keys", fpr).split("\n")) {
            String[] f = line.split(":", -1);
            if (f[0].equals("sub")) {
                subkeys.add(new String[] {f[4], f[11]});
            }
        }
        String secret = new String(cli.ok(home, null, Cli.concat(gpg, "--armor", "--export-secret-keys", fpr)),
                StandardCharsets.US_ASCII);
        String pub = cli.okText(home, "gpg", "--armor", "--export", fpr);
        return new Key(fpr, primaryId, subkeys, secret, pub);
    }

    private static Cli.Result git(Path repo, String... args) {
        return cli.run(repo, null, Cli.concat(new String[] {"git", "-c", "gpg.program=" + gpgLoopback}, args));
    }

    @Test
    void gitVerifiesCommitsWeSignWithAnRsaKey() {
        OpenPgpSigner signer = OpenPgpSigner.fromArmoredSecretKey(rsa.secret(), PASSPHRASE.toCharArray());
        assertThat(signer.keyId()).isEqualTo(rsa.primaryId()); // the primary may sign; the subkey only encrypts
        assertThat(signer.fingerprint()).isEqualTo(rsa.fingerprint());
        Path repo = cli.newRepo("pgp-ours");
        byte[] payload = cli.ok(repo, null, "git", "cat-file", "commit", "HEAD");

        String signature = signer.sign(payload);
        cli.writeCommit(repo, SignedObjects.withCommitSignature(payload, signature), "signed");

        assertThat(signature).startsWith("-----BEGIN PGP SIGNATURE-----\n\n").endsWith("-----END PGP SIGNATURE-----\n")
                .doesNotContain("\r").doesNotContain("Version:");
        String packets = new String(cli.ok(home, signature.getBytes(StandardCharsets.US_ASCII), "gpg", "--list-packets"),
                StandardCharsets.UTF_8);
        assertThat(packets).contains("sigclass 0x00").contains("digest algo 10"); // binary document, SHA-512
        Cli.Result r = git(repo, "verify-commit", "signed");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("Good signature from \"" + UID + "\"").contains(rsa.fingerprint());
        VerifiedSignature v = verifier.verify(cli.commit(repo, "signed"));
        assertThat(v.keyId()).isEqualTo(rsa.primaryId());
        assertThat(v.signer()).isEqualTo(UID);
        assertThat(v.format()).isEqualTo(VerifiedSignature.Format.OPENPGP);
    }

    @Test
    void theSigningSubkeyIsChosenAndGitAcceptsIt() {
        OpenPgpSigner signer = OpenPgpSigner.fromArmoredSecretKey(withSigningSubkey.secret(), PASSPHRASE.toCharArray());
        String subkey = withSigningSubkey.subkeyWith('s');
        assertThat(signer.keyId()).isEqualTo(subkey).isNotEqualTo(withSigningSubkey.primaryId());
        Path repo = cli.newRepo("pgp-subkey");
        byte[] payload = cli.ok(repo, null, "git", "cat-file", "commit", "HEAD");
        cli.writeCommit(repo, SignedObjects.withCommitSignature(payload, signer.sign(payload)), "signed");

        Cli.Result r = git(repo, "verify-commit", "signed");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("Good signature from \"Subkey Signer");
        assertThat(verifier.verify(cli.commit(repo, "signed")).keyId()).isEqualTo(subkey);
    }

    @Test
    void weVerifyCommitsAndTagsGitSigned() {
        Path repo = cli.newRepo("pgp-theirs");
        Cli.Result r = git(repo, "-c", "user.signingKey=" + rsa.fingerprint(), "commit", "-q", "-S", "--allow-empty",
                "-m", "signed by git");
        assertThat(r.exit()).as(r.stderr()).isZero();
        r = git(repo, "-c", "user.signingKey=" + rsa.fingerprint(), "tag", "-s", "-m", "release", "v1");
        assertThat(r.exit()).as(r.stderr()).isZero();

        Commit commit = cli.commit(repo, "HEAD");
        assertThat(commit.signature()).startsWith("-----BEGIN PGP SIGNATURE-----");
        assertThat(verifier.verify(commit).keyId()).isEqualTo(rsa.primaryId());
        assertThat(verifier.verify(cli.tag(repo, "v1")).keyId()).isEqualTo(rsa.primaryId());
    }

    @Test
    void gitVerifiesTagsWeSign() {
        Path repo = cli.newRepo("pgp-tag");
        cli.okText(repo, "git", "tag", "-a", "-m", "release 1", "plain");
        byte[] payload = cli.ok(repo, null, "git", "cat-file", "tag", "plain");
        String sig = OpenPgpSigner.fromArmoredSecretKey(rsa.secret(), PASSPHRASE.toCharArray()).sign(payload);
        String id = new String(cli.ok(repo, SignedObjects.withTagSignature(payload, sig),
                "git", "hash-object", "-t", "tag", "-w", "--stdin"), StandardCharsets.US_ASCII).strip();
        cli.okText(repo, "git", "update-ref", "refs/tags/v1", id);

        Cli.Result r = git(repo, "verify-tag", "v1");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(verifier.verify(cli.tag(repo, "v1")).keyId()).isEqualTo(rsa.primaryId());
    }

    @Test
    void tamperedPayloadIsBadAndAStrangersKeyIsUnknown() {
        Path repo = cli.newRepo("pgp-tampered");
        git(repo, "-c", "user.signingKey=" + rsa.fingerprint(), "commit", "-q", "-S", "--allow-empty", "-m", "pay 10 EUR");
        Commit good = cli.commit(repo, "HEAD");
        byte[] tampered = new String(good.signedPayload(), StandardCharsets.UTF_8).replace("pay 10", "pay 99")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(verifier.verify(good).keyId()).isEqualTo(rsa.primaryId());
        assertThat(reason(() -> verifier.verify(tampered, good.signature()))).isEqualTo(Reason.BAD_SIGNATURE);

        SignatureVerifier stranger = SignatureVerifier.builder().openPgpPublicKeys(withSigningSubkey.publicKey()).build();
        SignatureVerificationException e = catchThrowableOfType(SignatureVerificationException.class,
                () -> stranger.verify(good));
        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(e.getMessage()).contains(rsa.primaryId());

        SignatureVerifier sshOnly = SignatureVerifier.builder().build();
        assertThat(reason(() -> sshOnly.verify(good))).isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(reason(() -> verifier.verify(tampered, "-----BEGIN SIGNED MESSAGE-----\nx\n")))
                .isEqualTo(Reason.UNSUPPORTED);
    }

    @Test
    void wrongOrMissingPassphraseIsAClearErrorWithoutSecrets() {
        SigningKeyException wrong = catchThrowableOfType(SigningKeyException.class,
                () -> OpenPgpSigner.fromArmoredSecretKey(rsa.secret(), "wrong passphrase 2".toCharArray()));
        assertThat(wrong.reason()).isEqualTo(SigningKeyException.Reason.WRONG_PASSPHRASE);
        assertThat(wrong.getMessage()).contains("wrong passphrase for the OpenPGP key " + rsa.primaryId());
        Secrets.assertNoSecrets(wrong, rsa.secret(), "wrong passphrase 2", PASSPHRASE);

        SigningKeyException missing = catchThrowableOfType(SigningKeyException.class,
                () -> OpenPgpSigner.fromArmoredSecretKey(rsa.secret(), null));
        assertThat(missing.reason()).isEqualTo(SigningKeyException.Reason.WRONG_PASSPHRASE);
        assertThat(missing.getMessage()).contains("no passphrase");

        OpenPgpSigner signer = OpenPgpSigner.fromArmoredSecretKey(rsa.secret(), PASSPHRASE.toCharArray());
        assertThat(signer.toString()).isEqualTo("OpenPgpSigner[key " + rsa.primaryId() + ", fingerprint "
                + rsa.fingerprint() + "]");
        Secrets.assertNoSecrets(signer.toString(), rsa.secret(), PASSPHRASE);
    }

    @Test
    void keysThatCannotSignAreRefusedWithAReason() {
        String encryptionSubkey = rsa.subkeyWith('e');
        String onlyEncryption = new String(cli.ok(home, null, "gpg", "--batch", "--pinentry-mode", "loopback",
                "--passphrase", PASSPHRASE, "--armor", "--export-secret-subkeys", encryptionSubkey + "!"),
                StandardCharsets.US_ASCII);
        SigningKeyException cannot = catchThrowableOfType(SigningKeyException.class,
                () -> OpenPgpSigner.fromArmoredSecretKey(onlyEncryption, PASSPHRASE.toCharArray()));
        assertThat(cannot.reason()).isEqualTo(SigningKeyException.Reason.CANNOT_SIGN);
        Secrets.assertNoSecrets(cannot, onlyEncryption, PASSPHRASE);

        SigningKeyException malformed = catchThrowableOfType(SigningKeyException.class,
                () -> OpenPgpSigner.fromArmoredSecretKey(rsa.publicKey(), PASSPHRASE.toCharArray()));
        assertThat(malformed.reason()).isEqualTo(SigningKeyException.Reason.MALFORMED_KEY);

        SigningKeyException two = catchThrowableOfType(SigningKeyException.class,
                () -> OpenPgpSigner.fromArmoredSecretKey(rsa.secret() + withSigningSubkey.secret(), null));
        assertThat(two.reason()).isEqualTo(SigningKeyException.Reason.MALFORMED_KEY);
        assertThat(two.getMessage()).contains("found 2 armored blocks");
    }

    /**
     * BouncyCastle's legacy EdDSA signatures (v4, algorithm 22) verify in gpg too, including the
     * ones whose r or s has a leading zero byte, which the MPI encoding drops.
     */
    @Test
    void gitVerifiesCommitsWeSignWithAnEd25519Key() throws IOException {
        Key ed = generate("Ed Signer <ed@example.com>", "ed25519", "cert", "ed25519", "sign");
        OpenPgpSigner signer = OpenPgpSigner.fromArmoredSecretKey(ed.secret(), PASSPHRASE.toCharArray());
        assertThat(signer.keyId()).isEqualTo(ed.subkeyWith('s'));
        Path repo = cli.newRepo("pgp-ed25519");
        byte[] unsigned = cli.ok(repo, null, "git", "cat-file", "commit", "HEAD");
        SignatureVerifier edVerifier = SignatureVerifier.builder().openPgpPublicKeys(ed.publicKey()).build();
        int shortValues = 0;
        for (int i = 0; i < 2000 && shortValues == 0; i++) {
            byte[] payload = (new String(unsigned, StandardCharsets.UTF_8) + "variant " + i + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            String signature = signer.sign(payload);
            shortValues = shortMpis(signature);
            if (i == 0 || shortValues > 0) {
                cli.writeCommit(repo, SignedObjects.withCommitSignature(payload, signature), "signed");
                Cli.Result r = git(repo, "verify-commit", "signed");
                assertThat(r.exit()).as(r.stderr()).isZero();
                assertThat(edVerifier.verify(cli.commit(repo, "signed")).keyId()).isEqualTo(ed.subkeyWith('s'));
            }
        }
        assertThat(shortValues).as("a signature with a leading zero byte in r or s").isPositive();
    }

    /** How many of the signature's MPIs are shorter than 32 bytes. */
    private static int shortMpis(String armored) throws IOException {
        try (BCPGInputStream in = new BCPGInputStream(
                new ArmoredInputStream(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII))))) {
            MPInteger[] values = ((SignaturePacket) in.readPacket()).getSignature();
            return (int) Arrays.stream(values).filter(v -> v.getValue().bitLength() <= 248).count();
        }
    }
}
