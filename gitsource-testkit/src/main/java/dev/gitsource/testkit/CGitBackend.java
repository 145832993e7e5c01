package dev.gitsource.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The C git backend: {@code git http-backend} behind the HTTP front, {@code git daemon} for
 * git:// and OpenSSH's {@code sshd} with {@code git-shell} for SSH, each run per connection on
 * a port the JVM has bound, with the upload-pack switches in their environment.
 */
final class CGitBackend implements ServerBackend {
    private final ServerParts parts;
    private ProcessPerConnection daemon;
    private OpenSsh ssh;

    CGitBackend(ServerParts parts) {
        this.parts = parts;
    }

    /** @return whether C git is installed */
    static boolean isAvailable() {
        return onPath("git");
    }

    /** @return whether OpenSSH's sshd, which the C git backend's SSH needs, is installed */
    static boolean isOpenSshAvailable() {
        return Files.isExecutable(OpenSsh.SSHD);
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public CgiBridge httpServlet() {
        return new CgiBridge(parts.repositories().root(), parts.spec().upload());
    }

    @Override
    public int startGitDaemon(int port) throws Exception {
        Path root = parts.repositories().root();
        UploadSettings upload = parts.spec().upload();
        daemon = new ProcessPerConnection("git", port, () -> {
            ProcessBuilder pb = new ProcessBuilder("git", "daemon", "--inetd", "--base-path=" + root, "--export-all",
                    "--enable=receive-pack", "--enable=upload-archive", "--informative-errors", root.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("GIT_CONFIG_PARAMETERS", upload.gitConfigParameters());
            pb.environment().put("REMOTE_ADDR", "127.0.0.1");
            return pb;
        }, upload.speaksV2(GitServer.Backend.C_GIT) ? null : CGitBackend::withoutProtocolV2);
        return daemon.port();
    }

    /**
     * The daemon sets {@code GIT_PROTOCOL} for upload-pack from the extra parameters of the
     * client's first line ({@code git-upload-pack /org/app.git\0host=H\0\0version=2\0}); without
     * {@code version=2} there, the server speaks v0.
     *
     * @param packet the client's first pkt-line
     * @return the same request without a protocol version
     */
    static byte[] withoutProtocolV2(byte[] packet) {
        String line = new String(packet, 4, packet.length - 4, StandardCharsets.ISO_8859_1);
        int extra = line.indexOf("\0\0");
        if (extra < 0) {
            return packet;
        }
        String kept = Arrays.stream(line.substring(extra + 2).split("\0"))
                .filter(p -> !p.isEmpty() && !p.startsWith("version="))
                .map(p -> p + "\0").collect(Collectors.joining());
        String rewritten = line.substring(0, extra + 1) + (kept.isEmpty() ? "" : "\0" + kept);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(String.format("%04x", rewritten.length() + 4).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(rewritten.getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    @Override
    public int startSsh(SshHostKeys keys, int port) throws Exception {
        ssh = new OpenSsh(parts, keys);
        return ssh.start(port);
    }

    @Override
    public String sshUser() {
        return System.getProperty("user.name");
    }

    @Override
    public void stop() {
        if (daemon != null) {
            daemon.stop();
        }
        if (ssh != null) {
            ssh.stop();
        }
    }
}
