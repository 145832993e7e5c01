package dev.gitsource.testkit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.transport.Daemon;
import org.eclipse.jgit.transport.DaemonClient;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.jgit.transport.resolver.RepositoryResolver;

/**
 * The in-JVM backend: JGit's {@code GitServlet} behind the HTTP front, JGit's {@code Daemon}
 * for git://, and Apache MINA SSHD for SSH, all on JGit's UploadPack and ReceivePack.
 */
final class InJvmBackend implements ServerBackend {
    private final ServerParts parts;
    private Daemon daemon;
    private MinaSsh ssh;

    InJvmBackend(ServerParts parts) {
        this.parts = parts;
    }

    @Override
    public GitServlet httpServlet() {
        GitServlet servlet = new GitServlet();
        servlet.setRepositoryResolver((req, name) -> parts.repositories().open(name));
        servlet.setUploadPackFactory((req, db) -> {
            UploadPack up = InJvmGit.uploadPack(db, parts.spec().upload(), null);
            String protocol = req.getHeader("Git-Protocol");
            if (protocol != null) {
                up.setExtraParameters(Arrays.asList(protocol.split(":")));
            }
            return up;
        });
        servlet.setReceivePackFactory((req, db) -> InJvmGit.receivePack(db, parts.spec(), parts.repositories().name(db),
                null));
        return servlet;
    }

    @Override
    public int startGitDaemon(int port) throws Exception {
        daemon = new Daemon(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        daemon.setRepositoryResolver((RepositoryResolver<DaemonClient>) (client, name) -> parts.repositories().open(name));
        daemon.getService("git-receive-pack").setEnabled(true);
        daemon.setUploadPackFactory((client, db) -> InJvmGit.uploadPack(db, parts.spec().upload(),
                InJvmGit.commands(parts, "git", "git-upload-pack", db, null)));
        daemon.setReceivePackFactory((client, db) -> InJvmGit.receivePack(db, parts.spec(), parts.repositories().name(db),
                InJvmGit.commands(parts, "git", "git-receive-pack", db, null)));
        daemon.start();
        return daemon.getAddress().getPort();
    }

    @Override
    public int startSsh(SshHostKeys keys, int port) throws Exception {
        ssh = new MinaSsh(parts, keys);
        return ssh.start(port);
    }

    @Override
    public String sshUser() {
        return "git";
    }

    @Override
    public void stop() {
        if (daemon != null) {
            try {
                daemon.stopAndWait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ssh != null) {
            ssh.stop();
        }
    }
}
