package dev.gitsource.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * SSH of the C git backend: OpenSSH's {@code sshd} in inetd mode ({@code -i}), one per
 * connection, with its own host key and the builder's public keys, forcing {@code git-shell}
 * at the repository root.
 */
final class OpenSsh {
    static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final ServerParts parts;
    private final SshHostKeys keys;
    private Path dir;
    private ProcessPerConnection listener;

    OpenSsh(ServerParts parts, SshHostKeys keys) {
        this.parts = parts;
        this.keys = keys;
    }

    /**
     * @param port the port, 0 for a free one
     * @return the port it listens on
     * @throws Exception if sshd is missing, or the port or the files cannot be had
     */
    int start(int port) throws Exception {
        if (!Files.isExecutable(SSHD)) {
            throw new IllegalStateException("the C git SSH backend needs OpenSSH's sshd (apt-get install openssh-server)");
        }
        dir = Files.createTempDirectory("gitserver-sshd-");
        Path hostKey = dir.resolve("host_key");
        Files.writeString(hostKey, keys.ecdsaPrivateKeyPem());
        Files.setPosixFilePermissions(hostKey, PosixFilePermissions.fromString("rw-------"));
        StringBuilder authorized = new StringBuilder();
        for (PublicKey k : parts.spec().sshKeys()) {
            authorized.append(PublicKeyEntry.toString(k)).append('\n');
        }
        Files.writeString(dir.resolve("authorized_keys"), authorized.toString());
        Path wrapper = dir.resolve("git-serve");
        UploadSettings upload = parts.spec().upload();
        // sshd gives the command a clean environment: the upload-pack switches are set here.
        Files.writeString(wrapper, "#!/bin/sh\ncd '" + parts.repositories().root() + "' || exit 1\n"
                + "export GIT_CONFIG_PARAMETERS=\"" + upload.gitConfigParameters() + "\"\n"
                + (upload.speaksV2(GitServer.Backend.C_GIT) ? "" : "unset GIT_PROTOCOL\n")
                + "exec git-shell -c \"$(printf '%s' \"$SSH_ORIGINAL_COMMAND\" | sed \"s#'/#'#\")\"\n");
        if (!wrapper.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + wrapper + " executable");
        }
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n", "HostKey " + hostKey,
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"), "StrictModes no", "UsePAM no",
                "PermitRootLogin yes", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes", "AcceptEnv GIT_PROTOCOL", "ForceCommand " + wrapper,
                "AllowTcpForwarding no", "X11Forwarding no", "PrintMotd no", "LogLevel ERROR", ""));
        Files.createDirectories(Path.of("/run/sshd")); // its privilege separation directory
        Path log = dir.resolve("sshd.log");
        listener = new ProcessPerConnection("ssh", port, () -> new ProcessBuilder(SSHD.toString(), "-i", "-e", "-f",
                config.toString()).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())), null);
        return listener.port();
    }

    void stop() {
        if (listener != null) {
            listener.stop();
        }
        if (dir != null) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temporary
            }
        }
    }
}
