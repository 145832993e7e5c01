package dev.gitsource.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/**
 * SSH for either backend: Apache MINA SSHD running JGit's UploadPack and ReceivePack
 * (in-JVM), or OpenSSH's {@code sshd} running {@code git-shell} (C git). Both get a host key
 * made at start and accept the builder's public keys.
 */
final class SshFront {
    private final GitServer server;
    private final GitServer.Builder spec;
    private final KeyPair hostKey;
    private final KeyPair rsaHostKey; // the in-JVM server also offers RSA, so clients must pick what they know
    private final KeyPair certificateAuthority; // signs the host certificate, if the builder asked for one
    private SshServer mina;
    private Process openssh;
    private Path opensshDir;
    private int port;

    SshFront(GitServer server, GitServer.Builder spec) throws Exception {
        this.server = server;
        this.spec = spec;
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        this.hostKey = g.generateKeyPair();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        this.rsaHostKey = spec.backend == GitServer.Backend.IN_JVM ? rsa.generateKeyPair() : null;
        this.certificateAuthority = spec.sshCertificatePrincipals == null ? null : g.generateKeyPair();
    }

    String certificateAuthorityLine() {
        if (certificateAuthority == null) {
            throw new IllegalStateException("the server presents no host certificate: build it with sshHostCertificate()");
        }
        return "@cert-authority [127.0.0.1]:" + port + " " + PublicKeyEntry.toString(certificateAuthority.getPublic());
    }

    String user() {
        return spec.backend == GitServer.Backend.C_GIT ? System.getProperty("user.name") : "git";
    }

    int port() {
        return port;
    }

    String knownHostsLine() {
        return "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    List<String> knownHostsLines() {
        List<String> lines = new ArrayList<>(List.of(knownHostsLine()));
        if (rsaHostKey != null) {
            lines.add("[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(rsaHostKey.getPublic()));
        }
        return lines;
    }

    private List<PublicKey> allowedKeys() throws Exception {
        List<PublicKey> keys = new ArrayList<>(spec.sshKeys);
        for (String line : spec.sshKeyLines) {
            keys.add(AuthorizedKeyEntry.parseAuthorizedKeyEntry(line).resolvePublicKey(null, null));
        }
        return keys;
    }

    void start() throws Exception {
        if (spec.backend == GitServer.Backend.C_GIT) {
            startOpenSsh();
            return;
        }
        List<PublicKey> keys = allowedKeys();
        mina = SshServer.setUpDefaultServer();
        mina.setHost("127.0.0.1");
        mina.setPort(spec.sshPort);
        mina.setKeyPairProvider(KeyPairProvider.wrap(hostKey, rsaHostKey));
        if (certificateAuthority != null) {
            java.time.Instant now = java.time.Instant.now();
            org.apache.sshd.common.config.keys.OpenSshCertificate certificate =
                    org.apache.sshd.certificate.OpenSshCertificateBuilder.hostCertificate().publicKey(hostKey.getPublic())
                            .id("gitsource test host").serial(1).principals(spec.sshCertificatePrincipals)
                            .validAfter(now.minusSeconds(3600)).validBefore(now.plusSeconds(2 * 86400))
                            .sign(certificateAuthority);
            mina.setHostKeyCertificateProvider(session -> List.of(certificate));
        }
        mina.setPublickeyAuthenticator((user, key, session) -> authFaultsAllow(session)
                && keys.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
        if (spec.sshUser != null) {
            mina.setPasswordAuthenticator((user, password, session) -> authFaultsAllow(session)
                    && spec.sshUser.equals(user) && spec.sshPassword.equals(password));
        } else {
            mina.setPasswordAuthenticator(null);
        }
        mina.setKeyboardInteractiveAuthenticator(null);
        mina.setCommandFactory((channel, command) -> new GitCommand(command));
        mina.start();
        port = mina.getPort();
    }

    private boolean authFaultsAllow(org.apache.sshd.server.session.ServerSession session) {
        if (server.sshAuthFault(Fault.Kind.DROP_SSH_DURING_AUTH)) {
            session.close(true);
            return false;
        }
        return !server.sshAuthFault(Fault.Kind.REFUSE_SSH_AUTH);
    }

    /** One {@code git-upload-pack '/org/app.git'} or {@code git-receive-pack ...} exec request. */
    private final class GitCommand implements Command, Runnable {
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Environment env;
        private String user;

        GitCommand(String command) {
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback exit) {
            this.exit = exit;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            this.env = env;
            this.user = channel.getSession().getUsername();
            Thread t = new Thread(this, "gitserver-ssh");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void run() {
            int status = 0;
            try {
                String[] parts = command.split(" ", 2);
                if (parts.length != 2 || !(parts[0].equals("git-upload-pack") || parts[0].equals("git-receive-pack"))) {
                    err.write(("unknown command: " + command + "\n").getBytes(StandardCharsets.UTF_8));
                    status = 1;
                    return;
                }
                String path = parts[1].replace("'", "").replaceFirst("^/+", "");
                try (Repository db = server.open(path)) {
                    String proto = env.getEnv().get("GIT_PROTOCOL");
                    List<String> extra = proto == null ? List.of() : List.of(proto.split(":"));
                    if (parts[0].equals("git-upload-pack")) {
                        UploadPack up = InJvmGit.uploadPack(db, () -> server.newExchange("ssh", "git-upload-pack", db, user));
                        up.setExtraParameters(extra);
                        up.upload(in, out, err);
                    } else {
                        ReceivePack rp = InJvmGit.receivePack(db, () -> server.newExchange("ssh", "git-receive-pack", db, user),
                                spec.readOnly.contains(path.replaceFirst("\\.git$", "")), spec.protectedRefs);
                        rp.receive(in, out, err);
                    }
                }
            } catch (Exception e) {
                status = 128;
                try {
                    err.write(("fatal: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the client is gone
                }
            } finally {
                try {
                    out.flush();
                    err.flush();
                } catch (IOException ignored) {
                    // the client is gone
                }
                exit.onExit(status);
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
            // the worker thread ends with the streams
        }
    }

    /** OpenSSH's sshd on a free port, with its own host key, forcing git-shell at the repository root. */
    private void startOpenSsh() throws Exception {
        Path sshd = Path.of("/usr/sbin/sshd");
        if (!Files.isExecutable(sshd)) {
            throw new IllegalStateException("the C git SSH backend needs OpenSSH's sshd (apt-get install openssh-server)");
        }
        opensshDir = Files.createTempDirectory("gitserver-sshd-");
        Path hostKeyFile = opensshDir.resolve("host_key");
        Files.writeString(hostKeyFile, pemPrivateKey(hostKey));
        Files.setPosixFilePermissions(hostKeyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        StringBuilder authorized = new StringBuilder();
        for (PublicKey k : allowedKeys()) {
            authorized.append(PublicKeyEntry.toString(k)).append('\n');
        }
        Files.writeString(opensshDir.resolve("authorized_keys"), authorized.toString());
        Path wrapper = opensshDir.resolve("git-serve");
        Files.writeString(wrapper, "#!/bin/sh\ncd '" + server.root() + "' || exit 1\n"
                + "exec git-shell -c \"$(printf '%s' \"$SSH_ORIGINAL_COMMAND\" | sed \"s#'/#'#\")\"\n");
        wrapper.toFile().setExecutable(true);
        port = spec.sshPort > 0 ? spec.sshPort : GitServer.freePort();
        String config = String.join("\n",
                "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + hostKeyFile, "PidFile " + opensshDir.resolve("pid"),
                "AuthorizedKeysFile " + opensshDir.resolve("authorized_keys"), "StrictModes no", "UsePAM no",
                "PermitRootLogin yes", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes", "AcceptEnv GIT_PROTOCOL", "ForceCommand " + wrapper,
                "AllowTcpForwarding no", "X11Forwarding no", "PrintMotd no", "LogLevel ERROR", "");
        Path configFile = opensshDir.resolve("sshd_config");
        Files.writeString(configFile, config);
        Files.createDirectories(Path.of("/run/sshd"));
        openssh = new ProcessBuilder(sshd.toString(), "-D", "-e", "-f", configFile.toString())
                .redirectErrorStream(true).redirectOutput(opensshDir.resolve("sshd.log").toFile()).start();
        GitServer.awaitPort(port);
    }

    private static String pemPrivateKey(KeyPair keys) throws Exception {
        return Tls.pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(keys.getPrivate(), null));
    }

    void stop() {
        if (mina != null) {
            try {
                mina.stop(true);
            } catch (IOException ignored) {
                // stopping anyway
            }
        }
        if (openssh != null) {
            openssh.descendants().forEach(ProcessHandle::destroyForcibly);
            openssh.destroyForcibly();
            try {
                openssh.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (opensshDir != null) {
            try (var s = Files.walk(opensshDir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temporary
            }
        }
    }
}
