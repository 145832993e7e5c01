package dev.gitsource.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host keys, their known_hosts lines, and a private key OpenSSH's tools read. */
class SshHostKeysTest {
    @TempDir Path tmp;

    @Test
    void linesNameThePortAndEcdsaComesFirst() throws Exception {
        SshHostKeys both = SshHostKeys.generate(true);
        assertThat(both.knownHostsLine(2222)).startsWith("[127.0.0.1]:2222 ecdsa-sha2-nistp256 ");
        assertThat(both.knownHostsLines(2222)).hasSize(2).first().isEqualTo(both.knownHostsLine(2222));
        assertThat(both.knownHostsLines(2222).get(1)).startsWith("[127.0.0.1]:2222 ssh-rsa ");
        assertThat(SshHostKeys.generate(false).knownHostsLines(22)).hasSize(1);
    }

    @Test
    void theEcdsaPrivateKeyIsOneOpenSshReadsAndItsPublicHalfIsTheLine() throws Exception {
        SshHostKeys keys = SshHostKeys.generate(false);
        Path file = Files.writeString(tmp.resolve("host_key"), keys.ecdsaPrivateKeyPem());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        ProcessRun derived = ProcessRun.run(new ProcessBuilder("ssh-keygen", "-y", "-f", file.toString()),
                Duration.ofSeconds(30));
        assertThat(derived.exitCode()).as(derived.stderr()).isZero();
        assertThat(keys.knownHostsLine(22)).endsWith(derived.stdout().trim().split(" ")[1]);
    }
}
