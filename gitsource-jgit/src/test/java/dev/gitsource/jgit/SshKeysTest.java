package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.AuthenticationException;
import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.KnownHosts;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.junit.BackendAssumptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Client keys of every type and format that ssh-keygen writes, plain and encrypted, and the
 * strict known_hosts rules, against the test kit's SSH server (and OpenSSH where installed).
 */
class SshKeysTest {
    private static final String PASSPHRASE = "correct horse";
    @TempDir static Path keys;
    @TempDir Path tmp;
    private static final List<Key> KEYS = new ArrayList<>();
    private static GitServer server;
    private static GitServer openssh;

    /** A private key file and how it was made. */
    record Key(String name, Path file, String passphrase) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void generate() throws Exception {
        String[][] types = {{"rsa", "-b", "3072"}, {"ecdsa", "-b", "256"}, {"ecdsa", "-b", "384"}, {"ecdsa", "-b", "521"},
            {"ed25519"}};
        for (String[] type : types) {
            String kind = type[0] + (type.length > 1 ? type[2] : "");
            for (String format : type[0].equals("ed25519") ? new String[] {"RFC4716"} : new String[] {"RFC4716", "PEM", "PKCS8"}) {
                for (String passphrase : new String[] {"", PASSPHRASE}) {
                    String name = kind + " " + (format.equals("RFC4716") ? "OpenSSH" : format)
                            + (passphrase.isEmpty() ? "" : " encrypted");
                    Path file = keys.resolve(name.replace(' ', '_'));
                    List<String> cmd = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type[0]));
                    if (type.length > 1) {
                        cmd.addAll(List.of(type[1], type[2]));
                    }
                    if (!format.equals("RFC4716")) {
                        cmd.addAll(List.of("-m", format));
                    }
                    cmd.addAll(List.of("-N", passphrase, "-C", name, "-f", file.toString()));
                    assertThat(new ProcessBuilder(cmd).inheritIO().start().waitFor()).as(name).isZero();
                    KEYS.add(new Key(name, file, passphrase.isEmpty() ? null : passphrase));
                }
            }
        }
        GitServer.Builder b = GitServer.builder().ssh();
        for (Key k : KEYS) {
            b.sshPublicKey(Files.readString(Path.of(k.file + ".pub")));
        }
        server = b.start();
        server.repository("org/app").file("a.txt", "over ssh\n").commit("one");
        if (GitServer.isCGitAvailable() && GitServer.isOpenSshAvailable()) {
            GitServer.Builder o = GitServer.builder().ssh().backend(GitServer.Backend.C_GIT);
            for (Key k : KEYS) {
                o.sshPublicKey(Files.readString(Path.of(k.file + ".pub")));
            }
            openssh = o.start();
            openssh.repository("org/app").file("a.txt", "over openssh\n").commit("one");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
        if (openssh != null) {
            openssh.close();
        }
    }

    static Stream<Arguments> keys() {
        return KEYS.stream().map(Arguments::of);
    }

    /** Encryption is the client's business: the server sees the same key either way. */
    static Stream<Arguments> plainKeys() {
        return KEYS.stream().filter(k -> k.passphrase == null).map(Arguments::of);
    }

    private CloneOptions into(String dir) {
        return CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1).directory(tmp.resolve(dir)).build();
    }

    private GitSource client(Key key, String passphrase, String knownHosts) throws Exception {
        URI url = server.sshUrl("org/app");
        return GitSource.builder().knownHosts(KnownHosts.parse(knownHosts))
                .credentials(GitCredentials.sshKey(url.getUserInfo(), Files.readString(key.file), passphrase)).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void everyKeyTypeAndFormatClones(Key key) throws Exception {
        try (GitSource git = client(key, key.passphrase, server.knownHostsLine())) {
            git.clone(server.sshUrl("org/app"), into("c")).repository().close();
        }
        assertThat(tmp.resolve("c/a.txt")).hasContent("over ssh");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plainKeys")
    void everyKeyTypeAndFormatClonesFromOpenSsh(Key key) throws Exception {
        BackendAssumptions.assumeSshAvailable(GitServer.Backend.C_GIT);
        URI url = openssh.sshUrl("org/app");
        try (GitSource git = GitSource.builder().knownHosts(KnownHosts.parse(openssh.knownHostsLine()))
                .credentials(GitCredentials.sshKey(url.getUserInfo(), Files.readString(key.file), key.passphrase)).build()) {
            git.clone(url, into("c")).repository().close();
        }
        assertThat(tmp.resolve("c/a.txt")).hasContent("over openssh");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void aWrongPassphraseIsAClearErrorThatQuotesNothing(Key key) throws Exception {
        if (key.passphrase == null) {
            return; // only encrypted keys have a passphrase to get wrong
        }
        String keyText = Files.readString(key.file);
        String keyMaterial = keyText.lines().filter(l -> !l.startsWith("-----") && l.length() > 40).findFirst().orElseThrow();
        try (GitSource git = client(key, "wrong horse", server.knownHostsLine())) {
            assertThatThrownBy(() -> git.clone(server.sshUrl("org/app"), into("c")))
                    .isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("cannot read the SSH private key").hasMessageContaining("passphrase")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong horse").doesNotContain(keyMaterial));
        }
        assertThat(tmp.resolve("c")).doesNotExist();
    }

    private void assertHostRefused(String knownHosts) throws Exception {
        try (GitSource git = client(KEYS.get(KEYS.size() - 2), null, knownHosts)) {
            assertThatThrownBy(() -> git.clone(server.sshUrl("org/app"), into("refused")))
                    .isInstanceOf(AuthenticationException.class).hasMessageContaining("127.0.0.1")
                    .hasMessageContaining("host key")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(server.knownHostsLine().split(" ")[2]));
        }
        assertThat(tmp.resolve("refused")).doesNotExist();
    }

    private void assertHostAccepted(String knownHosts) throws Exception {
        try (GitSource git = client(KEYS.get(KEYS.size() - 2), null, knownHosts)) {
            git.clone(server.sshUrl("org/app"), into("accepted")).repository().close();
        }
        assertThat(tmp.resolve("accepted/a.txt")).exists();
        try (Stream<Path> s = Files.walk(tmp.resolve("accepted"))) { // the next check clones to the same place
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void knownHostsRules() throws Exception {
        String line = server.knownHostsLine(); // "[127.0.0.1]:PORT ecdsa-sha2-nistp256 AAAA..."
        int port = server.sshUrl("org/app").getPort();
        String keyPart = line.substring(line.indexOf(' ') + 1);
        String otherKey = Files.readString(Path.of(KEYS.get(KEYS.size() - 2).file + ".pub")).trim(); // ed25519, not the host's

        assertHostRefused(""); // nothing trusted
        assertHostRefused("[127.0.0.1]:" + port + " " + otherKey); // the host, another key
        assertHostRefused("127.0.0.1 " + keyPart); // without the port the entry is for port 22 only
        assertHostRefused("[127.0.0.2]:" + port + " " + keyPart); // another host
        assertHostRefused("[127.0.0.*]:" + port + ",![127.0.0.1]:" + port + " " + keyPart); // negated
        assertHostRefused(line + "\n@revoked * " + keyPart); // revoked wins over an accepting line
        assertHostRefused("@cert-authority [127.0.0.1]:" + port + " " + keyPart); // a CA line does not trust a plain key

        assertHostAccepted(line);
        assertHostAccepted("[127.0.0.*]:" + port + " " + keyPart);
        assertHostAccepted("[127.0.0.?]:" + port + " " + keyPart);
        assertHostAccepted("example.com," + "[127.0.0.1]:" + port + " " + keyPart);
        Path hashed = keys.resolve("known_hosts");
        Files.writeString(hashed, line + "\n");
        assertThat(new ProcessBuilder("ssh-keygen", "-H", "-f", hashed.toString()).start().waitFor()).isZero();
        String hashedLine = Files.readString(hashed).trim();
        assertThat(hashedLine).startsWith("|1|");
        assertHostAccepted(hashedLine);
    }

    @Test
    void theClientOffersOnlyTheHostKeyAlgorithmsKnownForTheHost() throws Exception {
        List<String> lines = server.knownHostsLines();
        assertThat(lines).hasSize(2); // ECDSA, which clients prefer, and RSA
        assertHostAccepted(lines.get(1)); // only RSA is known: the client must ask for RSA, not ECDSA
        assertHostAccepted(lines.get(0));
    }
}
