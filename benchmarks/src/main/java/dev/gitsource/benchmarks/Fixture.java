package dev.gitsource.benchmarks;

import dev.gitsource.testkit.GitServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** One seeded repository served by an in-JVM server (HTTP, SSH, git://) and a C git server (HTTP, git://) on the same root. */
final class Fixture implements AutoCloseable {
    final Path work;
    final GitServer inJvm;
    final GitServer cgit;
    final String sshPrivateKey;
    final String sshCommand;

    private Fixture(Path work, GitServer inJvm, GitServer cgit, String sshPrivateKey, String sshCommand) {
        this.work = work;
        this.inJvm = inJvm;
        this.cgit = cgit;
        this.sshPrivateKey = sshPrivateKey;
        this.sshCommand = sshCommand;
    }

    static Fixture start(Shapes shape) throws Exception {
        Path work = Files.createTempDirectory("gitsource-bench-");
        Path root = work.resolve("repos");
        Path key = work.resolve("id");
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start();
        if (p.waitFor() != 0) {
            throw new IOException("ssh-keygen failed");
        }
        GitServer inJvm = GitServer.builder().root(root).http().ssh().git()
                .sshPublicKey(Files.readString(work.resolve("id.pub"))).start();
        long t = System.nanoTime();
        shape.seed(inJvm.repository("bench/repo"));
        // one pack, as a hosted repository would have
        GitServerGc.gc(root.resolve("bench/repo.git"));
        System.out.printf("%n# seeded %s in %.1f s%n", shape, (System.nanoTime() - t) / 1e9);
        GitServer cgit = GitServer.builder().root(root).http().git().backend(GitServer.Backend.C_GIT).start();
        cgit.repository("bench/repo");
        Path kh = work.resolve("known_hosts");
        Files.writeString(kh, inJvm.knownHostsLine() + "\n");
        String sshCommand = "ssh -i " + key + " -o UserKnownHostsFile=" + kh
                + " -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes -o BatchMode=yes";
        return new Fixture(work, inJvm, cgit, Files.readString(key), sshCommand);
    }

    /** The served bare repository, one pack. */
    Path bare() {
        return work.resolve("repos/bench/repo.git");
    }

    URI url(ShallowClone.Transport transport) {
        return switch (transport) {
            case HTTP_IN_JVM -> inJvm.httpUrl("bench/repo");
            case HTTP_CGIT -> cgit.httpUrl("bench/repo");
            case SSH -> inJvm.sshUrl("bench/repo");
            case GIT -> inJvm.gitUrl("bench/repo");
        };
    }

    @Override
    public void close() {
        inJvm.close();
        cgit.close();
        try {
            FreshTarget.deleteTree(work);
        } catch (IOException ignored) {
            // temporary
        }
    }
}
