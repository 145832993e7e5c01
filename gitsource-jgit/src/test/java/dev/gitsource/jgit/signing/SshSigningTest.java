package dev.gitsource.jgit.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gitsource.Commit;
import dev.gitsource.jgit.signing.SignatureVerificationException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SSH signing and verification, checked against C git and ssh-keygen. */
class SshSigningTest {
    private static final String PASSPHRASE = "correct horse battery staple";

    enum KeyType {
        ED25519("ed25519", null), ECDSA_P256("ecdsa", "256"), ECDSA_P384("ecdsa", "384"),
        ECDSA_P521("ecdsa", "521"), RSA_3072("rsa", "3072");

        final String type;
        final String bits;

        KeyType(String type, String bits) {
            this.type = type;
            this.bits = bits;
        }
    }

    /** A key: encrypted private key, the same key unencrypted, public key line and fingerprint. */
    record Key(Path encrypted, Path plain, String publicKey, String fingerprint) {}

    @TempDir
    static Path home;
    static Cli cli;
    static final Map<KeyType, Key> KEYS = new EnumMap<>(KeyType.class);
    static Path allowedSigners;
    static SignatureVerifier verifier;

    @BeforeAll
    static void keys() throws IOException {
        assumeTrue(Cli.installed("git"), "git is not installed");
        assumeTrue(Cli.installed("ssh-keygen") || Files.isExecutable(Path.of("/usr/bin/ssh-keygen")),
                "ssh-keygen is not installed");
        cli = new Cli(home);
        StringBuilder allowed = new StringBuilder("# principals key\n");
        for (KeyType t : KeyType.values()) {
            Key k = generate(t.name().toLowerCase(), t.type, t.bits);
            KEYS.put(t, k);
            allowed.append("signer@example.com ").append(k.publicKey()).append('\n');
        }
        allowedSigners = Files.writeString(home.resolve("allowed_signers"), allowed);
        verifier = SignatureVerifier.builder().sshAllowedSigners(allowed.toString()).build();
    }

    static Key generate(String name, String type, String bits) throws IOException {
        Path enc = home.resolve("id_" + name);
        if (bits == null) {
            cli.okText(home, "ssh-keygen", "-q", "-t", type, "-N", PASSPHRASE, "-C", "test@" + name, "-f", enc.toString());
        } else {
            cli.okText(home, "ssh-keygen", "-q", "-t", type, "-b", bits, "-N", PASSPHRASE, "-C", "test@" + name,
                    "-f", enc.toString());
        }
        Path plain = home.resolve("id_" + name + "_plain");
        Files.copy(enc, plain);
        Files.copy(home.resolve("id_" + name + ".pub"), home.resolve("id_" + name + "_plain.pub"));
        cli.okText(home, "ssh-keygen", "-q", "-p", "-P", PASSPHRASE, "-N", "", "-f", plain.toString());
        String pub = Files.readString(home.resolve("id_" + name + ".pub")).strip();
        String fingerprint = cli.okText(home, "ssh-keygen", "-l", "-f", enc + ".pub").split(" ")[1];
        return new Key(enc, plain, pub, fingerprint);
    }

    private static Cli.Result gitSsh(Path repo, String... args) {
        return cli.run(repo, null, Cli.concat(new String[] {"git", "-c", "gpg.format=ssh",
            "-c", "gpg.ssh.allowedSignersFile=" + allowedSigners}, args));
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void gitVerifiesCommitsWeSignWithEncryptedKeys(KeyType type) throws IOException {
        Key key = KEYS.get(type);
        SshSigner signer = SshSigner.fromPrivateKey(Files.readString(key.encrypted()), PASSPHRASE.toCharArray());
        Path repo = cli.newRepo("ours-" + type);
        byte[] payload = cli.ok(repo, null, "git", "cat-file", "commit", "HEAD");

        String signature = signer.sign(payload);
        cli.writeCommit(repo, SignedObjects.withCommitSignature(payload, signature), "signed");

        Cli.Result r = gitSsh(repo, "verify-commit", "signed");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("Good \"git\" signature for signer@example.com").contains(key.fingerprint());
        assertThat(signer.fingerprint()).isEqualTo(key.fingerprint());
        VerifiedSignature v = verifier.verify(cli.commit(repo, "signed"));
        assertThat(v.keyId()).isEqualTo(key.fingerprint());
        assertThat(v.format()).isEqualTo(VerifiedSignature.Format.SSH);
        assertThat(v.signer()).isEqualTo("signer@example.com");
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void weVerifyCommitsGitSigned(KeyType type) {
        Key key = KEYS.get(type);
        Path repo = cli.newRepo("theirs-" + type);
        Cli.Result r = gitSsh(repo, "-c", "user.signingKey=" + key.plain(), "commit", "-q", "-S", "--allow-empty",
                "-m", "signed by git\n\nwith a body");
        assertThat(r.exit()).as(r.stderr()).isZero();

        Commit commit = cli.commit(repo, "HEAD");
        assertThat(commit.signature()).startsWith("-----BEGIN SSH SIGNATURE-----\n");
        assertThat(new String(commit.signedPayload(), StandardCharsets.UTF_8)).doesNotContain("gpgsig");
        assertThat(verifier.verify(commit).keyId()).isEqualTo(key.fingerprint());
    }

    @Test
    void ed25519SignatureIsByteForByteWhatSshKeygenWrites() throws IOException {
        Key key = KEYS.get(KeyType.ED25519);
        byte[] payload = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\nmessage\n".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(home.resolve("payload-ed25519"), payload);
        cli.okText(home, "ssh-keygen", "-q", "-Y", "sign", "-n", "git", "-f", key.plain().toString(), file.toString());
        String theirs = Files.readString(Path.of(file + ".sig"));

        String ours = SshSigner.fromPrivateKey(Files.readString(key.plain()), null).sign(payload);

        assertThat(ours).isEqualTo(theirs); // Ed25519 is deterministic: armor, 70 columns, blob all equal
        assertThat(ours.lines().skip(1).filter(l -> !l.startsWith("-----")).limit(3))
                .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(70));
    }

    @Test
    void gitVerifiesTagsWeSignAndWeVerifyTagsGitSigned() throws IOException {
        Key key = KEYS.get(KeyType.ED25519);
        Path repo = cli.newRepo("tags");
        cli.okText(repo, "git", "tag", "-a", "-m", "release 1", "v1-unsigned");
        byte[] tagPayload = cli.ok(repo, null, "git", "cat-file", "tag", "v1-unsigned");
        String signature = SshSigner.fromPrivateKey(Files.readString(key.encrypted()), PASSPHRASE.toCharArray())
                .sign(tagPayload);
        String id = new String(cli.ok(repo, SignedObjects.withTagSignature(tagPayload, signature),
                "git", "hash-object", "-t", "tag", "-w", "--stdin"), StandardCharsets.US_ASCII).strip();
        cli.okText(repo, "git", "update-ref", "refs/tags/v1", id);
        Cli.Result r = gitSsh(repo, "verify-tag", "v1");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(verifier.verify(cli.tag(repo, "v1")).keyId()).isEqualTo(key.fingerprint());

        r = gitSsh(repo, "-c", "user.signingKey=" + KEYS.get(KeyType.RSA_3072).plain(), "tag", "-s", "-m", "release 2", "v2");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(verifier.verify(cli.tag(repo, "v2")).keyId()).isEqualTo(KEYS.get(KeyType.RSA_3072).fingerprint());
    }

    @Test
    void tamperedPayloadIsABadSignature() {
        Path repo = cli.newRepo("tampered");
        gitSsh(repo, "-c", "user.signingKey=" + KEYS.get(KeyType.ECDSA_P256).plain(), "commit", "-q", "-S",
                "--allow-empty", "-m", "pay 10 EUR");
        Commit good = cli.commit(repo, "HEAD");
        byte[] tampered = new String(good.signedPayload(), StandardCharsets.UTF_8).replace("pay 10 EUR", "pay 99 EUR")
                .getBytes(StandardCharsets.UTF_8);
        Commit bad = new Commit(good.id(), good.reference(), good.author(), good.committer(), good.message(),
                good.signature(), tampered, null);

        assertThat(verifier.verify(good).keyId()).isEqualTo(KEYS.get(KeyType.ECDSA_P256).fingerprint());
        assertThat(reason(() -> verifier.verify(bad))).isEqualTo(Reason.BAD_SIGNATURE);
        byte[] blob = SshSig.dearmor(good.signature());
        blob[blob.length - 1] ^= 1; // the last byte of the ECDSA s value
        String corrupt = SshSig.armor(blob);
        assertThat(reason(() -> verifier.verify(good.signedPayload(), corrupt))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void keyNotTrustedIsUnknown() {
        Path repo = cli.newRepo("unknown");
        gitSsh(repo, "-c", "user.signingKey=" + KEYS.get(KeyType.ED25519).plain(), "commit", "-q", "-S",
                "--allow-empty", "-m", "x");
        SignatureVerifier onlyRsa = SignatureVerifier.builder()
                .sshAllowedSigners(KEYS.get(KeyType.RSA_3072).publicKey()).build(); // authorized_keys form
        SignatureVerificationException e = catchThrowableOfType(SignatureVerificationException.class,
                () -> onlyRsa.verify(cli.commit(repo, "HEAD")));
        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(e.getMessage()).contains(KEYS.get(KeyType.ED25519).fingerprint());
    }

    @Test
    void signatureForAnotherNamespaceIsRefused() throws IOException {
        Key key = KEYS.get(KeyType.ED25519);
        byte[] payload = cli.ok(cli.newRepo("namespace"), null, "git", "cat-file", "commit", "HEAD");
        Path file = Files.write(home.resolve("payload-ns"), payload);
        cli.okText(home, "ssh-keygen", "-q", "-Y", "sign", "-n", "file", "-f", key.plain().toString(), file.toString());
        String fileSig = Files.readString(Path.of(file + ".sig"));
        assertThat(reason(() -> verifier.verify(payload, fileSig))).isEqualTo(Reason.WRONG_NAMESPACE);

        Files.delete(Path.of(file + ".sig"));
        cli.okText(home, "ssh-keygen", "-q", "-Y", "sign", "-n", "git", "-f", key.plain().toString(), file.toString());
        assertThat(verifier.verify(payload, Files.readString(Path.of(file + ".sig"))).keyId())
                .isEqualTo(key.fingerprint());
    }

    @Test
    void allowedSignersRestrictionsAreHonoured() {
        Key key = KEYS.get(KeyType.ECDSA_P384);
        Path repo = cli.newRepo("restricted");
        gitSsh(repo, "-c", "user.signingKey=" + key.plain(), "commit", "-q", "-S", "--allow-empty", "-m", "x");
        Commit commit = cli.commit(repo, "HEAD");
        String keyLine = key.publicKey().substring(0, key.publicKey().lastIndexOf(' ')); // without comment

        assertThat(reason(() -> verifierFor("a@example.com namespaces=\"file\" " + keyLine).verify(commit)))
                .isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(verifierFor("a@example.com namespaces=\"file,git\" " + keyLine).verify(commit).signer())
                .isEqualTo("a@example.com");
        assertThat(reason(() -> verifierFor("a@example.com valid-before=20000101 " + keyLine).verify(commit)))
                .isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(verifierFor("a@example.com valid-after=20000101Z " + keyLine).verify(commit).keyId())
                .isEqualTo(key.fingerprint());
        assertThat(reason(() -> verifierFor("a@example.com cert-authority " + keyLine).verify(commit)))
                .isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void unsignedCommitHasNoSignature() {
        Commit commit = cli.commit(cli.newRepo("unsigned"), "HEAD");
        assertThat(commit.signature()).isNull();
        assertThat(reason(() -> verifier.verify(commit))).isEqualTo(Reason.NO_SIGNATURE);
    }

    @Test
    void wrongOrMissingPassphraseIsAClearErrorWithoutSecrets() throws IOException {
        String pem = Files.readString(KEYS.get(KeyType.ED25519).encrypted());

        SigningKeyException wrong = catchThrowableOfType(SigningKeyException.class,
                () -> SshSigner.fromPrivateKey(pem, "not the passphrase".toCharArray()));
        assertThat(wrong.reason()).isEqualTo(SigningKeyException.Reason.WRONG_PASSPHRASE);
        assertThat(wrong.getMessage()).contains("wrong passphrase");
        Secrets.assertNoSecrets(wrong, pem, "not the passphrase", PASSPHRASE);

        SigningKeyException missing = catchThrowableOfType(SigningKeyException.class,
                () -> SshSigner.fromPrivateKey(pem, null));
        assertThat(missing.reason()).isEqualTo(SigningKeyException.Reason.WRONG_PASSPHRASE);
        assertThat(missing.getMessage()).contains("no passphrase");
        Secrets.assertNoSecrets(missing, pem, PASSPHRASE);

        SshSigner signer = SshSigner.fromPrivateKey(pem, PASSPHRASE.toCharArray());
        assertThat(signer.toString()).isEqualTo("SshSigner[ssh-ed25519 " + KEYS.get(KeyType.ED25519).fingerprint() + "]");
        Secrets.assertNoSecrets(signer.toString(), pem, PASSPHRASE);
        Secrets.assertNoSecrets(Files.readString(KEYS.get(KeyType.ED25519).plain()), signer.toString());
    }

    @Test
    void unusableKeysAreRefusedWithAReason() throws IOException {
        String garbage = "-----BEGIN OPENSSH PRIVATE KEY-----\nc2VjcmV0LWlzaC1ieXRlcw==\n-----END OPENSSH PRIVATE KEY-----\n";
        SigningKeyException malformed = catchThrowableOfType(SigningKeyException.class,
                () -> SshSigner.fromPrivateKey(garbage, null));
        assertThat(malformed.reason()).isEqualTo(SigningKeyException.Reason.MALFORMED_KEY);
        Secrets.assertNoSecrets(malformed, garbage);

        Key small = generate("rsa1024", "rsa", "1024");
        assertThatThrownBy(() -> SshSigner.fromPrivateKey(Files.readString(small.plain()), null))
                .isInstanceOfSatisfying(SigningKeyException.class, e -> assertThat(e.reason())
                        .isEqualTo(SigningKeyException.Reason.UNSUPPORTED_KEY))
                .hasMessageContaining("1024");
    }

    private static SignatureVerifier verifierFor(String allowedSignersLine) {
        return SignatureVerifier.builder().sshAllowedSigners(allowedSignersLine).build();
    }

    static Reason reason(Runnable r) {
        SignatureVerificationException e = catchThrowableOfType(SignatureVerificationException.class, r::run);
        assertThat(e).as("expected a SignatureVerificationException").isNotNull();
        return e.reason();
    }
}
