package dev.gitsource.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.testkit.GitCli;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.ProcessRun;
import dev.gitsource.testkit.RecordedRequest;
import dev.gitsource.testkit.RepositoryFixture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the built jar as a process against the test kit's servers. */
class CliIT {
    @TempDir Path tmp;

    record Run(int exit, String out, String err) {}

    /** Runs the jar with both streams read while it runs; a run that hangs is killed, and fails. */
    static Run gitsource(Path dir, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar", System.getProperty("gitsource.jar")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().putAll(env);
        ProcessRun r = ProcessRun.run(pb, Duration.ofSeconds(120));
        assertThat(r.timedOut()).as("gitsource %s still running after 120 s: %s", args, r.stderr()).isFalse();
        return new Run(r.exitCode(), r.stdout().trim(), r.stderr().trim());
    }

    /** A long-running process's output, line by line, read on a thread of its own so it never blocks on a full pipe. */
    private static BlockingQueue<String> lines(Process p) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "serve-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    @Test
    void cloneLsRemoteCommitPushWithSecretsFromTheEnvironment() throws Exception {
        try (GitServer server = GitServer.builder().http().basicAuth("bot", "env-secret-123").start()) {
            RepositoryFixture repo = server.repository("org/app");
            String c1 = repo.file("app.yaml", "v1\n").commit("one");
            repo.tag("v1.0.0");
            String url = server.httpUrl("org/app").toString();
            Map<String, String> env = Map.of("GIT_PASSWORD", "env-secret-123");
            String[] auth = {"--user", "bot", "--password-env", "GIT_PASSWORD", "--allow-http-credentials"};

            Run clone = gitsource(tmp, env, concat(new String[] {"clone", url, "app", "--branch", "main", "--depth", "1"}, auth));
            assertThat(clone.exit()).as(clone.err()).isZero();
            assertThat(clone.out()).isEqualTo("main@sha1:" + c1);
            assertThat(Files.readString(tmp.resolve("app/app.yaml"))).isEqualTo("v1\n");
            assertThat(server.requests()).anySatisfy(r -> assertThat(r.deepen()).isEqualTo(1));

            Run unchanged = gitsource(tmp, env, concat(new String[] {"clone", url, "again", "--last-observed",
                    "main@sha1:" + c1}, auth));
            assertThat(unchanged.exit()).isEqualTo(3);
            assertThat(unchanged.out()).startsWith("unchanged");
            assertThat(tmp.resolve("again")).doesNotExist();

            Run json = gitsource(tmp, env, concat(new String[] {"clone", url, "json", "--semver", ">=1", "--json"}, auth));
            assertThat(json.out()).contains("\"revision\":\"v1.0.0@sha1:" + c1 + "\"").contains("\"unchanged\":false");

            Run ls = gitsource(tmp, env, concat(new String[] {"ls-remote", url, "refs/tags/"}, auth));
            assertThat(ls.out()).isEqualTo(c1 + "\trefs/tags/v1.0.0");

            Files.writeString(tmp.resolve("app/app.yaml"), "v2\n");
            Run commit = gitsource(tmp, Map.of(), "commit", "app", "-m", "bump", "--author", "Bot <bot@example.com>");
            assertThat(commit.exit()).as(commit.err()).isZero();
            Run push = gitsource(tmp, env, concat(new String[] {"push", "app", "--force", "--refspec",
                    "HEAD:refs/heads/auto", "-o", "ci.skip"}, auth));
            assertThat(push.exit()).as(push.err()).isZero();
            assertThat(push.out()).contains("OK\trefs/heads/auto");
            assertThat(repo.head("auto")).isEqualTo(GitCli.git(tmp.resolve("app"), "rev-parse", "HEAD"));
            RecordedRequest pushed = server.requests().stream().filter(r -> "push".equals(r.command())).findFirst().orElseThrow();
            assertThat(pushed.pushOptions()).containsExactly("ci.skip");

            for (Run r : List.of(clone, unchanged, json, ls, commit, push)) {
                assertThat(r.out() + r.err()).doesNotContain("env-secret-123");
            }
        }
    }

    @Test
    void updateExits3WhenUnchanged12OnLocalChangesAnd0WhenUpdated() throws Exception {
        try (GitServer server = GitServer.builder().http().start()) {
            RepositoryFixture repo = server.repository("org/app");
            repo.file("app.yaml", "v1\n").commit("one");
            String url = server.httpUrl("org/app").toString();
            assertThat(gitsource(tmp, Map.of(), "clone", url, "app", "--branch", "main").exit()).isZero();
            Run unchanged = gitsource(tmp, Map.of(), "update", "app");
            assertThat(unchanged.exit()).as(unchanged.err()).isEqualTo(3);
            assertThat(unchanged.out()).startsWith("unchanged main@sha1:");

            String c2 = repo.file("app.yaml", "v2\n").commit("two");
            Files.writeString(tmp.resolve("app/app.yaml"), "mine\n");
            Run refused = gitsource(tmp, Map.of(), "update", "app");
            assertThat(refused.exit()).isEqualTo(12);
            assertThat(refused.err()).contains("app.yaml").contains("discard");
            assertThat(Files.readString(tmp.resolve("app/app.yaml"))).isEqualTo("mine\n");

            Run updated = gitsource(tmp, Map.of(), "update", "app", "--discard-local-changes", "--json");
            assertThat(updated.exit()).as(updated.err()).isZero();
            assertThat(updated.out()).contains("\"revision\":\"main@sha1:" + c2 + "\"").contains("\"filesWritten\":1");
            assertThat(Files.readString(tmp.resolve("app/app.yaml"))).isEqualTo("v2\n");
        }
    }

    @Test
    void errorsAreOneLineWithADistinctExitCode() throws Exception {
        try (GitServer server = GitServer.builder().http().start()) {
            server.repository("org/app").file("a", "a").commit("one");
            String url = server.httpUrl("org/app").toString();
            Run missingRef = gitsource(tmp, Map.of(), "clone", url, "x", "--branch", "nope");
            assertThat(missingRef.exit()).isEqualTo(6);
            assertThat(missingRef.err()).startsWith("gitsource: error:").contains("refs/heads/nope").doesNotContain("\n");
            Run missingRepo = gitsource(tmp, Map.of(), "clone", server.httpUrl("org/none").toString(), "y");
            assertThat(missingRepo.exit()).isEqualTo(5);
            Run badUsage = gitsource(tmp, Map.of(), "clone", url, "z", "--depth", "-1");
            assertThat(badUsage.exit()).isEqualTo(2);
            Run unset = gitsource(tmp, Map.of(), "clone", url, "w", "--user", "u", "--password-env", "NOT_SET_ANYWHERE");
            assertThat(unset.exit()).isEqualTo(2);
            assertThat(unset.err()).contains("NOT_SET_ANYWHERE");
            Run help = gitsource(tmp, Map.of(), "clone", "--help");
            assertThat(help.exit()).isZero();
            assertThat(help.out()).contains("--last-observed").contains("--password-env").doesNotContain("--password ");
        }
    }

    @Test
    void demoRunsTheMainJobOffline() throws Exception {
        Run demo = gitsource(tmp, Map.of(), "demo", "--files", "50");
        assertThat(demo.exit()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("clone http").contains("protocol v2").contains("deepen 1")
                .contains("unchanged, nothing fetched").contains("clone ssh").contains("force push")
                .contains("refs/heads/auto/update OK");
    }

    @Test
    void serveRunsUntilStoppedAndServesClones() throws Exception {
        Path root = tmp.resolve("repos");
        Files.createDirectories(root);
        GitCli.git(tmp, "init", "-q", "--bare", "-b", "main", root.resolve("app.git").toString());
        Process p = new ProcessBuilder("java", "-jar", System.getProperty("gitsource.jar"), "serve", root.toString(),
                "--http", "0").redirectErrorStream(true).start();
        try {
            BlockingQueue<String> output = lines(p);
            String url = null;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (url == null) {
                String line = output.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertThat(line).as("serve printed no http: line within 60 s").isNotNull();
                if (line.trim().startsWith("http:")) {
                    url = line.trim().substring(5).trim().replace("REPO", "app");
                }
            }
            assertThat(url).startsWith("http://127.0.0.1:");
            Path work = tmp.resolve("w");
            GitCli.git(tmp, "clone", "-q", url, work.toString());
            Files.writeString(work.resolve("f"), "x");
            GitCli.git(work, "add", "-A");
            GitCli.git(work, "commit", "-q", "-m", "first");
            GitCli.git(work, "push", "-q", "origin", "HEAD:main");
            assertThat(GitCli.git(root.resolve("app.git"), "rev-parse", "main")).isEqualTo(GitCli.git(work, "rev-parse", "HEAD"));
        } finally {
            p.destroy();
            boolean stopped = p.waitFor(20, TimeUnit.SECONDS);
            if (!stopped) {
                p.destroyForcibly();
            }
            assertThat(stopped).as("serve stops on SIGTERM within 20 s").isTrue();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

}
