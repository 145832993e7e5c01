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
    void cloneAndUpdateWithLfsReplaceThePointersAndNoLfsLeavesThem() throws Exception {
        try (GitServer server = GitServer.builder().http().lfs().start()) {
            RepositoryFixture repo = server.repository("org/app");
            repo.file(".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n")
                    .lfsFile("one.bin", "first object\n".getBytes(StandardCharsets.UTF_8)).commit("one");
            String url = server.httpUrl("org/app").toString();
            Path copy = tmp.resolve("copy");

            Run clone = gitsource(tmp, Map.of(), "clone", url, copy.toString(), "--lfs");
            assertThat(clone.exit()).as(clone.err()).isZero();
            assertThat(Files.readString(copy.resolve("one.bin"))).isEqualTo("first object\n");

            repo.lfsFile("two.bin", "second object\n".getBytes(StandardCharsets.UTF_8)).commit("two");
            Run update = gitsource(tmp, Map.of(), "update", copy.toString()); // as the clone did
            assertThat(update.exit()).as(update.err()).isZero();
            assertThat(Files.readString(copy.resolve("two.bin"))).isEqualTo("second object\n");

            repo.lfsFile("three.bin", "third object\n".getBytes(StandardCharsets.UTF_8)).commit("three");
            Run pointers = gitsource(tmp, Map.of(), "update", copy.toString(), "--no-lfs");
            assertThat(pointers.exit()).as(pointers.err()).isZero();
            assertThat(Files.readString(copy.resolve("three.bin"))).startsWith("version https://git-lfs.github.com/spec/v1");
        }
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
            Path cache = tmp.resolve("cache");
            assertThat(gitsource(tmp, Map.of("XDG_CACHE_HOME", cache.toString()), "clone", url, "app", "--branch", "main").exit()).isZero();
            // JGit's file store measurement is kept for the next run, which then does not wait for it
            assertThat(Files.readString(cache.resolve("gitsource/jgit-filesystem.config")))
                    .contains("[filesystem ").contains("timestampResolution");
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
        Path root = bareRepositoryRoot();
        try (Serve serve = Serve.start(root, Map.of(), "--http", "0")) {
            String url = serve.url("app");
            assertThat(url).startsWith("http://127.0.0.1:");
            Path work = tmp.resolve("w");
            GitCli.git(tmp, "clone", "-q", url, work.toString());
            Files.writeString(work.resolve("f"), "x");
            GitCli.git(work, "add", "-A");
            GitCli.git(work, "commit", "-q", "-m", "first");
            GitCli.git(work, "push", "-q", "origin", "HEAD:main");
            assertThat(GitCli.git(root.resolve("app.git"), "rev-parse", "main")).isEqualTo(GitCli.git(work, "rev-parse", "HEAD"));
        }
    }

    @Test
    void serveTakesThePasswordFromTheEnvironmentOrAFileNeverFromArgv() throws Exception {
        Path root = bareRepositoryRoot();
        Run inArgv = gitsource(tmp, Map.of(), "serve", root.toString(), "--http", "0", "--user", "bot:argv-secret");
        assertThat(inArgv.exit()).isEqualTo(2);
        assertThat(inArgv.err()).contains("--password-env").doesNotContain("argv-secret");
        Run noPassword = gitsource(tmp, Map.of(), "serve", root.toString(), "--http", "0", "--user", "bot");
        assertThat(noPassword.exit()).isEqualTo(2);

        try (Serve serve = Serve.start(root, Map.of("SERVE_PASSWORD", "env-secret-456"),
                "--http", "0", "--user", "bot", "--password-env", "SERVE_PASSWORD")) {
            String url = serve.url("app");
            assertThat(serve.process.info().arguments().map(List::of).orElse(List.of())).noneMatch(a -> a.contains("env-secret-456"));
            assertThat(GitCli.run(tmp, Map.of(), "ls-remote", url).exitCode()).as("no credentials").isNotZero();
            assertThat(GitCli.run(tmp, Map.of(), "ls-remote", url.replace("http://", "http://bot:wrong@")).exitCode()).isNotZero();
            GitCli.git(tmp, "ls-remote", url.replace("http://", "http://bot:env-secret-456@"));
        }
        Path secret = tmp.resolve("serve-password");
        Files.writeString(secret, "file-secret-789\n");
        try (Serve serve = Serve.start(root, Map.of(), "--http", "0", "--user", "bot", "--password-file", secret.toString())) {
            String url = serve.url("app");
            assertThat(GitCli.run(tmp, Map.of(), "ls-remote", url).exitCode()).as("no credentials").isNotZero();
            GitCli.git(tmp, "ls-remote", url.replace("http://", "http://bot:file-secret-789@"));
        }
    }

    @Test
    void errorsUnderJsonAreOneJsonObjectOnStderrWithTheTypeAndExitCode() throws Exception {
        try (GitServer server = GitServer.builder().http().start()) {
            server.repository("org/app").file("a", "a").commit("one");
            String url = server.httpUrl("org/app").toString();
            Run missingRef = gitsource(tmp, Map.of(), "clone", url, "x", "--branch", "nope", "--json");
            assertThat(missingRef.exit()).isEqualTo(6);
            assertThat(missingRef.out()).isEmpty();
            assertThat(missingRef.err()).startsWith("{\"error\":\"RefNotFoundException\",\"exitCode\":6,\"message\":\"")
                    .contains("refs/heads/nope").endsWith("}").doesNotContain("\n");
            Run missingRepo = gitsource(tmp, Map.of(), "ls-remote", server.httpUrl("org/none").toString(), "--json");
            assertThat(missingRepo.exit()).isEqualTo(5);
            assertThat(missingRepo.err()).startsWith("{\"error\":\"RepositoryNotFoundException\",\"exitCode\":5,");
            Run badUsage = gitsource(tmp, Map.of(), "clone", url, "x", "--json", "--no-such-option");
            assertThat(badUsage.exit()).isEqualTo(2);
            assertThat(badUsage.err()).startsWith("{\"error\":\"UsageException\",\"exitCode\":2,").contains("--no-such-option");
            Run unset = gitsource(tmp, Map.of(), "clone", url, "w", "--user", "u", "--password-env", "NOT_SET_ANYWHERE", "--json");
            assertThat(unset.err()).startsWith("{\"error\":\"IllegalArgumentException\",\"exitCode\":2,");
        }
    }

    private Path bareRepositoryRoot() throws IOException {
        Path root = tmp.resolve("repos");
        Files.createDirectories(root);
        GitCli.git(tmp, "init", "-q", "--bare", "-b", "main", root.resolve("app.git").toString());
        return root;
    }

    /** {@code gitsource serve} as a long-running process, stopped with SIGTERM on close. */
    record Serve(Process process, String urlPattern) implements AutoCloseable {
        static Serve start(Path root, Map<String, String> env, String... options) throws Exception {
            List<String> cmd = new ArrayList<>(List.of("java", "-jar", System.getProperty("gitsource.jar"), "serve", root.toString()));
            cmd.addAll(List.of(options));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            BlockingQueue<String> output = lines(p);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                String line = output.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null) {
                    p.destroyForcibly();
                    throw new AssertionError("serve printed no http: line within 60 s");
                }
                if (line.trim().startsWith("http:")) {
                    return new Serve(p, line.trim().substring(5).trim());
                }
            }
        }

        String url(String repo) {
            return urlPattern.replace("REPO", repo);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            boolean stopped = process.waitFor(20, TimeUnit.SECONDS);
            if (!stopped) {
                process.destroyForcibly();
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
