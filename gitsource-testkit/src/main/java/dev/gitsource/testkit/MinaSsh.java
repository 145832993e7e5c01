package dev.gitsource.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.session.ServerSession;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.UploadPack;

/**
 * SSH of the in-JVM backend: Apache MINA SSHD running JGit's UploadPack and ReceivePack for
 * {@code git-upload-pack '/org/app.git'} and {@code git-receive-pack ...}, accepting the
 * builder's public keys (and password), with the SSH authentication faults; presenting the
 * host certificate too when the builder asked for one.
 */
final class MinaSsh {
    private final ServerParts parts;
    private final SshHostKeys keys;
    private SshServer mina;

    MinaSsh(ServerParts parts, SshHostKeys keys) {
        this.parts = parts;
        this.keys = keys;
    }

    /**
     * @param port the port, 0 for a free one
     * @return the port it listens on
     * @throws IOException if it cannot listen
     */
    int start(int port) throws IOException {
        ServerSpec spec = parts.spec();
        mina = SshServer.setUpDefaultServer();
        mina.setHost("127.0.0.1");
        mina.setPort(port);
        mina.setKeyPairProvider(KeyPairProvider.wrap(keys.ecdsa, keys.rsa));
        if (keys.certificate != null) {
            mina.setHostKeyCertificateProvider(session -> List.of(keys.certificate));
        }
        mina.setPublickeyAuthenticator((user, key, session) -> authFaultsAllow(session)
                && spec.sshKeys().stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
        mina.setPasswordAuthenticator(spec.sshUser() == null ? null : (user, password, session) -> authFaultsAllow(session)
                && spec.sshUser().equals(user) && spec.sshPassword().equals(password));
        mina.setKeyboardInteractiveAuthenticator(null);
        mina.setCommandFactory((channel, command) -> new GitCommand(command));
        mina.start();
        return mina.getPort();
    }

    private boolean authFaultsAllow(ServerSession session) {
        if (parts.faults().takeSshAuthentication(Fault.Kind.DROP_SSH_DURING_AUTH)) {
            session.close(true);
            return false;
        }
        return !parts.faults().takeSshAuthentication(Fault.Kind.REFUSE_SSH_AUTH);
    }

    void stop() {
        if (mina != null) {
            try {
                mina.stop(true);
            } catch (IOException ignored) {
                // stopping anyway
            }
        }
    }

    /** One exec request, served on a thread of its own until the streams end. */
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
                if (command.startsWith("git-lfs-authenticate ") && parts.spec().lfs()) {
                    status = lfsAuthenticate(command.split(" "));
                    return;
                }
                String[] words = command.split(" ", 2);
                if (words.length != 2 || !(words[0].equals("git-upload-pack") || words[0].equals("git-receive-pack"))) {
                    err.write(("unknown command: " + command + "\n").getBytes(StandardCharsets.UTF_8));
                    status = 1;
                    return;
                }
                String path = words[1].replace("'", "").replaceFirst("^/+", "");
                try (Repository db = parts.repositories().open(path)) {
                    InJvmGit.CommandRecorder commands = InJvmGit.commands(parts, "ssh", words[0], db, user);
                    if (words[0].equals("git-upload-pack")) {
                        UploadPack up = InJvmGit.uploadPack(db, parts.spec().upload(), commands);
                        String proto = env.getEnv().get("GIT_PROTOCOL");
                        up.setExtraParameters(proto == null ? List.of() : List.of(proto.split(":")));
                        up.upload(in, out, err);
                    } else {
                        InJvmGit.receivePack(db, parts.spec(), parts.repositories().name(db), commands).receive(in, out, err);
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

        /** {@code git-lfs-authenticate <path> download|upload}: the LFS endpoint and a token for it, as JSON. */
        private int lfsAuthenticate(String[] words) throws IOException {
            String base = parts.lfsTickets().httpBase();
            if (words.length != 3 || base == null) {
                err.write("usage: git-lfs-authenticate <path> <operation> (needs http() or https())\n"
                        .getBytes(StandardCharsets.UTF_8));
                return 1;
            }
            String path = words[1].replace("'", "").replaceFirst("^/+", "").replaceFirst("\\.git$", "");
            if (!java.nio.file.Files.isDirectory(parts.repositories().root().resolve(path + ".git"))) {
                err.write(("no repository " + path + "\n").getBytes(StandardCharsets.UTF_8));
                return 1;
            }
            out.write(com.fasterxml.jackson.jr.ob.JSON.std.asBytes(java.util.Map.of("href",
                    base + "/" + path + ".git/info/lfs", "header",
                    java.util.Map.of("Authorization", "RemoteAuth " + parts.lfsTickets().issue(user)), "expires_in", 3600)));
            return 0;
        }

        @Override
        public void destroy(ChannelSession channel) {
            // the worker thread ends with the streams
        }
    }
}
