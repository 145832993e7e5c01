package dev.gitsource.cli;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.CloneResult;
import dev.gitsource.Commit;
import dev.gitsource.CommitRequest;
import dev.gitsource.GitSource;
import dev.gitsource.KnownHosts;
import dev.gitsource.Person;
import dev.gitsource.PushOptions;
import dev.gitsource.PushResult;
import dev.gitsource.Repository;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.RecordedRequest;
import dev.gitsource.testkit.RepositoryFixture;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gitsource demo}: the main job end to end, with no network: a Git server on loopback
 * with a generated repository, shallow clones over HTTP (protocol v2) and SSH, a commit, a
 * force push to a new branch, and the no-change short-circuit.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the main job against an embedded Git server on 127.0.0.1 and print what happened.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--files", defaultValue = "500", description = "files in the generated repository (default: ${DEFAULT-VALUE})")
    int files;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("gitsource-demo-");
        KeyPair key = sshKey();
        try (GitServer server = GitServer.builder().http().ssh().sshPublicKey(key.getPublic()).start()) {
            long t = System.nanoTime();
            RepositoryFixture repo = server.repository("demo/app");
            for (int i = 0; i < files; i++) {
                repo.file("src/module" + (i % 20) + "/file" + i + ".txt", "line " + i + "\n".repeat(1 + i % 7));
            }
            repo.file("deploy/app.yaml", "image: app:v1\nreplicas: 2\n").commit("initial import");
            repo.file("deploy/app.yaml", "image: app:v2\nreplicas: 2\n").commit("release v2");
            step(out, "server", t, "serving " + files + " files at " + server.httpUrl("demo/app") + " and "
                    + server.sshUrl("demo/app"));

            try (GitSource git = GitSource.builder().build()) {
                t = System.nanoTime();
                CloneResult http = git.clone(server.httpUrl("demo/app"), CloneOptions.builder()
                        .target(CheckoutTarget.branch("main")).depth(1).directory(work.resolve("http")).build());
                RecordedRequest fetch = server.requests().stream().filter(RecordedRequest::isFetch).findFirst().orElseThrow();
                step(out, "clone http", t, http.revision() + " (protocol v" + fetch.protocolVersion() + ", deepen "
                        + fetch.deepen() + ", " + fetch.bytesSent() + " bytes)");
                http.repository().close();

                t = System.nanoTime();
                CloneResult unchanged = git.clone(server.httpUrl("demo/app"), CloneOptions.builder()
                        .target(CheckoutTarget.branch("main")).depth(1).directory(work.resolve("poll"))
                        .lastObservedRevision(http.revision()).build());
                step(out, "no-change poll", t, (unchanged.unchanged() ? "unchanged, nothing fetched or written: "
                        : "changed: ") + unchanged.revision());
            }
            try (GitSource git = GitSource.builder()
                    .credentials(GitCredentials.sshKey("git", pem(key), null))
                    .knownHosts(KnownHosts.parse(server.knownHostsLine())).build()) {
                t = System.nanoTime();
                CloneResult ssh = git.clone(server.sshUrl("demo/app"), CloneOptions.builder()
                        .target(CheckoutTarget.branch("main")).depth(1).directory(work.resolve("ssh")).build());
                step(out, "clone ssh", t, ssh.revision() + " (host key checked against known_hosts)");
                try (Repository repo2 = ssh.repository()) {
                    t = System.nanoTime();
                    repo2.switchBranch("auto/update");
                    Commit c = repo2.commit(CommitRequest.of(Person.of("gitsource demo", "demo@gitsource.dev"),
                            "Update image to v3").withFile("deploy/app.yaml", "image: app:v3\nreplicas: 2\n"));
                    step(out, "commit", t, c.revision() + " on auto/update");
                    t = System.nanoTime();
                    PushResult p = repo2.push(PushOptions.builder().force(true).refspec("HEAD:refs/heads/auto/update").build());
                    step(out, "force push", t, p.updates().get(0).remoteRef() + " " + p.updates().get(0).status()
                            + "; server has " + server.repository("demo/app").head("auto/update"));
                }
            }
            out.println("done: the working copies are in " + work);
            out.flush();
            return 0;
        }
    }

    private static void step(PrintWriter out, String what, long startNanos, String detail) {
        out.printf("%-16s %6d ms  %s%n", what, (System.nanoTime() - startNanos) / 1_000_000, detail);
        out.flush();
    }

    private static KeyPair sshKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** The key in OpenSSH's own format, as {@code ssh-keygen} writes it. */
    private static String pem(KeyPair key) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter.INSTANCE
                .writePrivateKey(key, "demo", null, out);
        return out.toString(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
