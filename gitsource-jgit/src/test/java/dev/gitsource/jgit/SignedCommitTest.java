package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.Commit;
import dev.gitsource.CommitRequest;
import dev.gitsource.GitSource;
import dev.gitsource.Person;
import dev.gitsource.Repository;
import dev.gitsource.Tag;
import dev.gitsource.jgit.signing.SignatureVerificationException;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.RepositoryFixture;
import dev.gitsource.jgit.signing.OpenPgpSigner;
import dev.gitsource.jgit.signing.SignatureVerifier;
import dev.gitsource.jgit.signing.SshSigner;
import dev.gitsource.jgit.signing.VerifiedSignature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole write path with signing: commit through {@link Repository#commit}, push, then C git
 * verifies the pushed commit, and a fresh clone reads the signature back for our verifier.
 */
class SignedCommitTest {
    static final Person BOT = Person.of("Signing Bot", "signer@example.com");
    @TempDir Path tmp;
    Path origin;
    GitSource git;

    @BeforeEach
    void setUp() {
        origin = CGit.seededOrigin(tmp, "app.yaml", "image: v1\n");
        git = GitSource.builder().allowSchemes("file").build();
    }

    @AfterEach
    void tearDown() {
        git.close();
    }

    @Test
    void sshSignedCommitVerifiesInCGitAndRoundTrips() throws Exception {
        Path key = tmp.resolve("id_ed25519");
        exec(tmp, Map.of(), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "bot", "-f", key.toString());
        String publicKey = Files.readString(tmp.resolve("id_ed25519.pub")).strip();
        Path allowed = Files.writeString(tmp.resolve("allowed_signers"), "signer@example.com " + publicKey + "\n");

        Commit pushed = commitAndPush(SshSigner.fromPrivateKey(Files.readString(key), null));

        String verify = CGit.run(origin, "-c", "gpg.format=ssh", "-c", "gpg.ssh.allowedSignersFile=" + allowed,
                "verify-commit", "-v", pushed.id());
        assertThat(verify).contains("Good \"git\" signature for signer@example.com");
        Commit read = cloneHead("ssh-check");
        assertThat(read.id()).isEqualTo(pushed.id());
        VerifiedSignature v = SignatureVerifier.builder().sshAllowedSigners(Files.readString(allowed)).build()
                .verify(read);
        assertThat(v.signer()).contains("signer@example.com");
    }

    @Test
    void openPgpSignedCommitVerifiesInCGitAndRoundTrips() throws Exception {
        Path gnupg = Files.createDirectory(tmp.resolve("gnupg"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Map<String, String> env = Map.of("GNUPGHOME", gnupg.toString());
        exec(tmp, env, "gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "pgp pass",
                "--quick-generate-key", "Signing Bot <signer@example.com>", "rsa2048", "sign", "never");
        String secret = exec(tmp, env, "gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "pgp pass",
                "--armor", "--export-secret-keys", "signer@example.com");
        String publicKey = exec(tmp, env, "gpg", "--armor", "--export", "signer@example.com");

        Commit pushed = commitAndPush(OpenPgpSigner.fromArmoredSecretKey(secret, "pgp pass".toCharArray()));

        String verify = CGit.run(origin, env, "verify-commit", "-v", pushed.id());
        assertThat(verify).contains("Good signature from \"Signing Bot <signer@example.com>\"");
        Commit read = cloneHead("pgp-check");
        VerifiedSignature v = SignatureVerifier.builder().openPgpPublicKeys(publicKey).build().verify(read);
        assertThat(v.signer()).contains("signer@example.com");
    }

    @Test
    void signedTagFromAServerIsVerifiedAndAForgedOneIsRefused() throws Exception {
        Path key = tmp.resolve("id_tag");
        exec(tmp, Map.of(), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString());
        SshSigner signer = SshSigner.fromPrivateKey(Files.readString(key), null);
        SignatureVerifier verifier = SignatureVerifier.builder()
                .sshAllowedSigners("tagger@example.com " + Files.readString(tmp.resolve("id_tag.pub"))).build();
        try (GitServer server = GitServer.builder().http().start();
                GitSource http = GitSource.builder().allowCredentialsOverHttp(true).build()) {
            RepositoryFixture repo = server.repository("org/app");
            repo.file("app.yaml", "v: 1\n").commit("first");
            repo.signedTag("v1.0.0", "release", signer::sign);
            repo.signedTag("v1.0.1", "forged", payload -> signer.sign("something else".getBytes()));

            Tag good = cloneTag(http, server, "v1.0.0");
            assertThat(good.signatureIfAny()).isPresent();
            assertThat(verifier.verify(good).keyId()).isEqualTo(signer.fingerprint());
            Tag forged = cloneTag(http, server, "v1.0.1");
            assertThatThrownBy(() -> verifier.verify(forged)).isInstanceOf(SignatureVerificationException.class);
        }
    }

    private Tag cloneTag(GitSource http, GitServer server, String tag) {
        try (Repository repo = http.clone(server.httpUrl("org/app"), CloneOptions.builder()
                .target(CheckoutTarget.tag(tag)).depth(1).directory(tmp.resolve(tag)).build()).repository()) {
            return repo.head().tagIfAny().orElseThrow();
        }
    }

    private Commit commitAndPush(dev.gitsource.CommitSigner signer) {
        try (Repository repo = git.clone(origin.toUri(), CloneOptions.builder().target(CheckoutTarget.branch("main"))
                .depth(1).directory(tmp.resolve("work")).build()).repository()) {
            Commit c = repo.commit(CommitRequest.of(BOT, "signed bump").withFile("app.yaml", "image: v2\n")
                    .signedBy(signer));
            assertThat(c.signatureIfAny()).isPresent();
            repo.push();
            assertThat(CGit.run(origin, "rev-parse", "refs/heads/main")).isEqualTo(c.id());
            return c;
        }
    }

    private Commit cloneHead(String dir) {
        try (Repository repo = git.clone(origin.toUri(), CloneOptions.builder().target(CheckoutTarget.branch("main"))
                .depth(1).directory(tmp.resolve(dir)).build()).repository()) {
            Commit head = repo.head();
            assertThat(head.signatureIfAny()).isPresent();
            assertThat(head.signedPayload()).isNotNull();
            return head;
        }
    }

    private static String exec(Path dir, Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + err).isZero();
        return out;
    }
}
