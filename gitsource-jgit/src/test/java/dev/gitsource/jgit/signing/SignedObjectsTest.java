package dev.gitsource.jgit.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Splitting raw objects into payload and signature, as C git does. */
class SignedObjectsTest {
    private static final String TREE = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n";
    private static final String PEOPLE = "author A U Thor <a@example.com> 1700000000 +0100\n"
            + "committer C O Mitter <c@example.com> 1700000001 +0100\n";
    private static final String SIG = "-----BEGIN SSH SIGNATURE-----\nAAAA\nBBBB\n-----END SSH SIGNATURE-----\n";

    @TempDir
    Path home;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void unsignedObjectsAreTheirOwnPayload() {
        String commit = TREE + PEOPLE + "\nmessage\n";
        SignedObjects.Parts parts = SignedObjects.split(bytes(commit));
        assertThat(parts.signed()).isFalse();
        assertThat(parts.signature()).isNull();
        assertThat(text(parts.payload())).isEqualTo(commit);
    }

    @Test
    void commitSignatureHeaderIsCutOutWithItsContinuationLines() {
        String raw = TREE + PEOPLE
                + "gpgsig -----BEGIN SSH SIGNATURE-----\n AAAA\n BBBB\n -----END SSH SIGNATURE-----\n"
                + "gpgsig-sha256 -----BEGIN SSH SIGNATURE-----\n CCCC\n -----END SSH SIGNATURE-----\n"
                + "mergetag object 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n type commit\n"
                + "\nmessage\ngpgsig not a header in the body\n \n";
        SignedObjects.Parts parts = SignedObjects.split(bytes(raw));
        assertThat(parts.signature()).isEqualTo(SIG);
        assertThat(text(parts.payload())).isEqualTo(TREE + PEOPLE
                + "mergetag object 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n type commit\n"
                + "\nmessage\ngpgsig not a header in the body\n \n");
    }

    @Test
    void insertingAndSplittingAreInverse() {
        String payload = TREE + PEOPLE + "encoding ISO-8859-1\n\nmessage\n\nbody\n";
        byte[] signed = SignedObjects.withCommitSignature(bytes(payload), SIG);
        assertThat(text(signed)).isEqualTo(TREE + PEOPLE + "encoding ISO-8859-1\n"
                + "gpgsig -----BEGIN SSH SIGNATURE-----\n AAAA\n BBBB\n -----END SSH SIGNATURE-----\n"
                + "\nmessage\n\nbody\n");
        assertThat(SignedObjects.split(signed)).isEqualTo(new SignedObjects.Parts(bytes(payload), SIG));
        assertThatThrownBy(() -> SignedObjects.withCommitSignature(signed, SIG))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already signed");
    }

    @Test
    void tagSignatureIsTheLastArmoredBlock() {
        String payload = "object 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ntype commit\ntag v1\n"
                + "tagger T <t@example.com> 1700000000 +0000\n\nrelease\n"
                + "-----BEGIN PGP SIGNATURE-----\nquoted in the message\n-----END PGP SIGNATURE-----\n";
        byte[] signed = SignedObjects.withTagSignature(bytes(payload), SIG);
        SignedObjects.Parts parts = SignedObjects.split(signed);
        assertThat(parts.signature()).isEqualTo(SIG);
        assertThat(text(parts.payload())).isEqualTo(payload);
    }

    @Test
    void otherObjectsAreRefused() {
        assertThatThrownBy(() -> SignedObjects.split(bytes("blob\n"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SignedObjects.withCommitSignature(bytes("object x\n\nm\n"), SIG))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** C git ignores a gpgsig-sha256 header (the SHA-256 form's signature) in a SHA-1 repository; so do we. */
    @Test
    void gitAndWeIgnoreTheSha256SignatureHeader() throws Exception {
        assumeTrue(Cli.installed("git"), "git is not installed");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")) || Cli.installed("ssh-keygen"),
                "ssh-keygen is not installed");
        Cli cli = new Cli(home);
        Path key = home.resolve("id_ed25519");
        cli.okText(home, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString());
        Path allowed = Files.writeString(home.resolve("allowed"), "me " + Files.readString(home.resolve("id_ed25519.pub")));
        SshSigner signer = SshSigner.fromPrivateKey(Files.readString(key), null);
        Path repo = cli.newRepo("repo");
        byte[] payload = cli.ok(repo, null, "git", "cat-file", "commit", "HEAD");
        byte[] signed = SignedObjects.withCommitSignature(payload, signer.sign(payload));
        String withBoth = text(signed).replaceFirst("\ngpgsig ",
                "\ngpgsig-sha256 -----BEGIN SSH SIGNATURE-----\n AAAA\n -----END SSH SIGNATURE-----\ngpgsig ");
        cli.writeCommit(repo, bytes(withBoth), "both");

        Cli.Result r = cli.run(repo, null, "git", "-c", "gpg.format=ssh", "-c", "gpg.ssh.allowedSignersFile=" + allowed,
                "verify-commit", "both");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(text(cli.ok(repo, null, "git", "cat-file", "commit", "both"))).contains("gpgsig-sha256");
        SignatureVerifier verifier = SignatureVerifier.builder().sshAllowedSigners(Files.readString(allowed)).build();
        assertThat(verifier.verify(cli.commit(repo, "both")).keyId()).isEqualTo(signer.fingerprint());
    }
}
