package dev.gitsource.testkit;

import static dev.gitsource.testkit.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.testkit.junit.BackendAssumptions;
import dev.gitsource.testkit.junit.EnabledIfCGit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** C git is the client of every server flavour; the recorded requests say what it sent. */
class CGitClientTest {
    @TempDir Path tmp;

    /** C git is the client of both halves, and serves the C_GIT one. */
    static void assumeBackend(GitServer.Backend backend) {
        BackendAssumptions.assumeCGit();
        BackendAssumptions.assumeAvailable(backend);
    }

    static String seed(GitServer server) {
        RepositoryFixture repo = server.repository("org/app");
        repo.file("README.md", "hello\n").file("bin/run.sh", "#!/bin/sh\n", true).symlink("link", "README.md")
                .commit("first");
        return repo.file("README.md", "hello again\n").commit("second");
    }

    @ParameterizedTest
    @EnumSource(GitServer.Backend.class)
    void httpProtocolV2ShallowCloneIsRecorded(GitServer.Backend backend) {
        assumeBackend(backend);
        try (GitServer server = GitServer.builder().http().backend(backend).start()) {
            String head = seed(server);
            git(tmp, "-c", "protocol.version=2", "clone", "-q", "--depth", "1", server.httpUrl("org/app").toString(), "c");
            assertThat(git(tmp.resolve("c"), "rev-parse", "HEAD")).isEqualTo(head);
            assertThat(git(tmp.resolve("c"), "rev-list", "--count", "HEAD")).isEqualTo("1");
            assertThat(server.requests()).anySatisfy(r -> {
                assertThat(r.command()).isEqualTo("ls-refs");
                assertThat(r.protocolVersion()).isEqualTo(2);
                assertThat(r.repository()).isEqualTo("org/app");
                assertThat(r.transport()).isEqualTo("http");
            });
            assertThat(server.requests()).anySatisfy(r -> {
                assertThat(r.command()).isEqualTo("fetch");
                assertThat(r.deepen()).isEqualTo(1);
                assertThat(r.wants()).contains(head);
                assertThat(r.bytesSent()).isPositive();
            });
        }
    }

    @ParameterizedTest
    @EnumSource(GitServer.Backend.class)
    void httpProtocolV0(GitServer.Backend backend) {
        assumeBackend(backend);
        try (GitServer server = GitServer.builder().http().backend(backend).start()) {
            String head = seed(server);
            String out = git(tmp, "-c", "protocol.version=0", "ls-remote", server.httpUrl("org/app").toString());
            assertThat(out).contains(head + "\trefs/heads/main");
            assertThat(server.takeRequest().protocolVersion()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(GitServer.Backend.class)
    void gitDaemon(GitServer.Backend backend) {
        assumeBackend(backend);
        try (GitServer server = GitServer.builder().git().backend(backend).start()) {
            String head = seed(server);
            git(tmp, "clone", "-q", "--depth", "1", server.gitUrl("org/app").toString(), "c");
            assertThat(git(tmp.resolve("c"), "rev-parse", "HEAD")).isEqualTo(head);
            Files.writeString(tmp.resolve("c/new.txt"), "x");
            git(tmp.resolve("c"), "add", "-A");
            git(tmp.resolve("c"), "commit", "-q", "-m", "pushed over git://");
            git(tmp.resolve("c"), "push", "-q", "origin", "HEAD:refs/heads/feature");
            assertThat(server.repository("org/app").head("feature")).isEqualTo(git(tmp.resolve("c"), "rev-parse", "HEAD"));
            if (backend == GitServer.Backend.IN_JVM) {
                assertThat(server.requests()).anySatisfy(r -> assertThat(r.deepen()).isEqualTo(1));
                assertThat(server.requests()).anySatisfy(r -> assertThat(r.pushedRefs()).anyMatch(l -> l.endsWith("refs/heads/feature")));
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @EnabledIfCGit
    void httpsWithTheServersCa() throws Exception {
        try (GitServer server = GitServer.builder().https().start()) {
            String head = seed(server);
            Path ca = tmp.resolve("ca.pem");
            Files.writeString(ca, server.caCertificatePem());
            GitCli untrusted = GitCli.run(tmp, Map.of(), "ls-remote", server.httpsUrl("org/app").toString());
            assertThat(untrusted.exitCode()).isNotZero();
            assertThat(untrusted.output()).containsIgnoringCase("certificate");
            String out = git(tmp, "-c", "http.sslCAInfo=" + ca, "ls-remote", server.httpsUrl("org/app").toString());
            assertThat(out).contains(head);
            assertThat(server.requests()).anySatisfy(r -> assertThat(r.transport()).isEqualTo("https"));
        }
    }

    @ParameterizedTest
    @EnumSource(GitServer.Backend.class)
    void sshWithKeyAndKnownHosts(GitServer.Backend backend) throws Exception {
        assumeBackend(backend);
        BackendAssumptions.assumeSshAvailable(backend);
        Path key = tmp.resolve("id");
        exec(null, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString());
        try (GitServer server = GitServer.builder().ssh().backend(backend)
                .sshPublicKey(Files.readString(tmp.resolve("id.pub"))).start()) {
            String head = seed(server);
            Path kh = tmp.resolve("known_hosts");
            Files.writeString(kh, server.knownHostsLine() + "\n");
            Map<String, String> env = Map.of("GIT_SSH_COMMAND", "ssh -i " + key + " -o UserKnownHostsFile=" + kh
                    + " -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes -o BatchMode=yes");
            GitCli r = GitCli.run(tmp, env, "-c", "protocol.version=2", "clone", "-q", "--depth", "1",
                    server.sshUrl("org/app").toString(), "c");
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(git(tmp.resolve("c"), "rev-parse", "HEAD")).isEqualTo(head);
            Files.writeString(tmp.resolve("c/x.txt"), "x");
            git(tmp.resolve("c"), "add", "-A");
            git(tmp.resolve("c"), "commit", "-q", "-m", "over ssh");
            GitCli push = GitCli.run(tmp.resolve("c"), env, "push", "-q", "--force", "origin", "HEAD:main");
            assertThat(push.exitCode()).as(push.output()).isZero();
            assertThat(server.repository("org/app").head("main")).isEqualTo(git(tmp.resolve("c"), "rev-parse", "HEAD"));
            if (backend == GitServer.Backend.IN_JVM) {
                assertThat(server.requests()).anySatisfy(q -> {
                    assertThat(q.command()).isEqualTo("ls-refs");
                    assertThat(q.protocolVersion()).isEqualTo(2);
                    assertThat(q.authScheme()).isEqualTo("publickey");
                });
            }
            // an unknown host key is refused by C git
            Files.writeString(kh, "");
            assertThat(GitCli.run(tmp, env, "ls-remote", server.sshUrl("org/app").toString()).exitCode()).isNotZero();
        }
    }

    @ParameterizedTest
    @EnumSource(GitServer.Backend.class)
    void pushForceAndPushOptionsAreRecorded(GitServer.Backend backend) throws Exception {
        assumeBackend(backend);
        try (GitServer server = GitServer.builder().http().backend(backend).start()) {
            seed(server);
            String url = server.httpUrl("org/app").toString();
            git(tmp, "clone", "-q", url, "c");
            Path c = tmp.resolve("c");
            git(c, "reset", "-q", "--hard", "HEAD~1");
            Files.writeString(c.resolve("diverged.txt"), "x");
            git(c, "add", "-A");
            git(c, "commit", "-q", "-m", "diverged");
            assertThat(GitCli.run(c, Map.of(), "push", "origin", "main").exitCode()).isNotZero();
            server.clearRequests();
            git(c, "push", "-q", "--force", "-o", "ci.skip", "-o", "reason=test", "origin", "main");
            assertThat(server.repository("org/app").head("main")).isEqualTo(git(c, "rev-parse", "HEAD"));
            RecordedRequest push = server.requests().stream().filter(r -> "push".equals(r.command())).findFirst()
                    .orElseThrow();
            assertThat(push.pushOptions()).containsExactly("ci.skip", "reason=test");
            assertThat(push.pushedRefs()).singleElement().asString().endsWith("refs/heads/main");
            GitCli fetch = GitCli.run(c, Map.of(), "fetch", "-q", "--depth", "1", "origin", "main");
            assertThat(fetch.exitCode()).as(fetch.output()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(GitServer.Backend.class)
    void authModesAndFaults(GitServer.Backend backend) {
        assumeBackend(backend);
        try (GitServer server = GitServer.builder().http().backend(backend).basicAuth("alice", "s3cret").start()) {
            seed(server);
            int port = server.httpUrl("org/app").getPort();
            String good = "http://alice:s3cret@127.0.0.1:" + port + "/org/app.git";
            String bad = "http://alice:wrong@127.0.0.1:" + port + "/org/app.git";
            assertThat(GitCli.run(tmp, Map.of(), "ls-remote", bad).output()).contains("Authentication failed");
            assertThat(GitCli.run(tmp, Map.of(), "ls-remote", good).exitCode()).isZero();
            assertThat(server.requests()).anySatisfy(r -> {
                assertThat(r.authScheme()).isEqualTo("Basic");
                assertThat(r.user()).isEqualTo("alice");
                assertThat(r.toString()).doesNotContain("s3cret");
            });
            server.fault(Fault.httpStatus(503).times(1));
            GitCli failed = GitCli.run(tmp, Map.of(), "ls-remote", good);
            assertThat(failed.exitCode()).isNotZero();
            assertThat(failed.output()).contains("503");
            assertThat(GitCli.run(tmp, Map.of(), "ls-remote", good).exitCode()).isZero();
            server.fault(Fault.dropAfterBytes(100).onFetch());
            GitCli dropped = GitCli.run(tmp, Map.of(), "clone", "-q", good, "dropped");
            assertThat(dropped.exitCode()).as(dropped.output()).isNotZero();
            server.clearFaults();
            server.fault(Fault.delayFirstByte(java.time.Duration.ofMillis(300)).times(1));
            long start = System.nanoTime();
            assertThat(GitCli.run(tmp, Map.of(), "ls-remote", good).exitCode()).isZero();
            assertThat(System.nanoTime() - start).isGreaterThan(300_000_000L);
        }
        try (GitServer server = GitServer.builder().http().backend(backend).bearerToken("tok").start()) {
            seed(server);
            String url = server.httpUrl("org/app").toString();
            assertThat(GitCli.run(tmp, Map.of(), "ls-remote", url).exitCode()).isNotZero();
            assertThat(GitCli.run(tmp, Map.of(), "-c", "http.extraHeader=Authorization: Bearer tok", "ls-remote", url)
                    .exitCode()).isZero();
            assertThat(server.requests()).anySatisfy(r -> assertThat(r.authScheme()).isEqualTo("Bearer"));
        }
    }

    @ParameterizedTest
    @EnumSource(GitServer.Backend.class)
    void readOnlyProtectedRefsAndAutoCreate(GitServer.Backend backend) throws Exception {
        assumeBackend(backend);
        try (GitServer server = GitServer.builder().http().backend(backend).readOnly("org/lib")
                .protectRef("refs/heads/main").autoCreate(true).start()) {
            seed(server);
            server.repository("org/lib").file("a", "a").commit("lib");
            git(tmp, "clone", "-q", server.httpUrl("org/app").toString(), "c");
            Path c = tmp.resolve("c");
            Files.writeString(c.resolve("y.txt"), "y");
            git(c, "add", "-A");
            git(c, "commit", "-q", "-m", "y");
            assertThat(GitCli.run(c, Map.of(), "push", "origin", "main").output()).contains("protected ref");
            assertThat(GitCli.run(c, Map.of(), "push", "origin", "main:feature").exitCode()).isZero();
            assertThat(GitCli.run(c, Map.of(), "push", server.httpUrl("org/lib").toString(), "main:x").output())
                    .contains("read-only");
            GitCli created = GitCli.run(c, Map.of(), "push", server.httpUrl("org/new").toString(), "main:refs/heads/first");
            assertThat(created.exitCode()).as(created.output()).isZero();
            assertThat(server.repository("org/new").head("first")).isEqualTo(git(c, "rev-parse", "HEAD"));
        }
    }

    @Test
    @EnabledIfCGit
    void signedTagFixtureVerifiesInCGit() throws Exception {
        Path key = tmp.resolve("id_ed25519");
        exec(null, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString());
        Path allowed = Files.writeString(tmp.resolve("allowed"),
                "tagger@example.com " + Files.readString(tmp.resolve("id_ed25519.pub")));
        try (GitServer server = GitServer.builder().http().start()) {
            seed(server);
            String tagId = server.repository("org/app").signedTag("v1.0.0", "release",
                    payload -> exec(payload, "ssh-keygen", "-Y", "sign", "-q", "-n", "git", "-f", key.toString()));
            git(tmp, "clone", "-q", server.httpUrl("org/app").toString(), "c");
            assertThat(git(tmp.resolve("c"), "rev-parse", "v1.0.0")).isEqualTo(tagId);
            GitCli ok = GitCli.run(tmp.resolve("c"), Map.of(), "-c", "gpg.format=ssh",
                    "-c", "gpg.ssh.allowedSignersFile=" + allowed, "verify-tag", "v1.0.0");
            assertThat(ok.exitCode()).as(ok.output()).isZero();
            assertThat(ok.output()).contains("Good \"git\" signature for tagger@example.com");

            String forged = server.repository("org/app").signedTag("v1.0.1", "forged",
                    payload -> exec("other bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            "ssh-keygen", "-Y", "sign", "-q", "-n", "git", "-f", key.toString()));
            git(tmp.resolve("c"), "fetch", "-q", "origin", "tag", "v1.0.1");
            GitCli bad = GitCli.run(tmp.resolve("c"), Map.of(), "-c", "gpg.format=ssh",
                    "-c", "gpg.ssh.allowedSignersFile=" + allowed, "verify-tag", "v1.0.1");
            assertThat(bad.exitCode()).as(forged + " " + bad.output()).isNotZero();
        }
    }

    /** Runs a tool with the bytes on stdin; returns stdout. */
    private static String exec(byte[] stdin, String... command) {
        ProcessRun r = ProcessRun.run(new ProcessBuilder(command), stdin, java.time.Duration.ofSeconds(60));
        assertThat(r.exitCode()).as(String.join(" ", command) + ": " + r.stderr()).isZero();
        return r.stdout();
    }
}
