package dev.gitsource.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs C git as a client in tests, isolated from the machine's configuration (no system or
 * global config, no prompts, a fixed identity and clock). Its output is read while it runs,
 * and a git that is still running after two minutes is killed (exit code -1).
 *
 * @param exitCode the exit status
 * @param output standard output and error, interleaved, trimmed
 */
public record GitCli(int exitCode, String output) {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /**
     * Runs git and fails if it fails.
     *
     * @param dir the working directory
     * @param args the arguments after {@code git}
     * @return standard output and error, trimmed
     * @throws AssertionError with git's output if it exits non-zero
     */
    public static String git(Path dir, String... args) {
        GitCli r = run(dir, Map.of(), args);
        if (r.exitCode != 0) {
            throw new AssertionError("git " + String.join(" ", args) + " failed (" + r.exitCode + "):\n" + r.output);
        }
        return r.output;
    }

    /**
     * Runs git and returns what happened, success or not.
     *
     * @param dir the working directory
     * @param env extra environment variables (such as {@code GIT_SSH_COMMAND})
     * @param args the arguments after {@code git}
     * @return the exit status and output
     */
    public static GitCli run(Path dir, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> e = pb.environment();
        // The machine's own TLS settings would override a test's http.sslCAInfo.
        e.keySet().removeIf(k -> k.startsWith("GIT_SSL_") || k.equals("GIT_DIR") || k.equals("GIT_WORK_TREE"));
        e.put("GIT_CONFIG_NOSYSTEM", "1");
        e.put("GIT_CONFIG_GLOBAL", "/dev/null");
        e.put("GIT_TERMINAL_PROMPT", "0");
        e.put("GIT_ASKPASS", "/bin/false");
        e.put("SSH_ASKPASS", "/bin/false");
        e.put("GIT_AUTHOR_NAME", "C git");
        e.put("GIT_AUTHOR_EMAIL", "cgit@example.com");
        e.put("GIT_COMMITTER_NAME", "C git");
        e.put("GIT_COMMITTER_EMAIL", "cgit@example.com");
        e.put("GIT_AUTHOR_DATE", "2024-01-01T00:00:00Z");
        e.put("GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z");
        e.putAll(env);
        ProcessRun r = ProcessRun.run(pb, TIMEOUT);
        return new GitCli(r.exitCode(), r.stdout().trim() + (r.timedOut() ? "\n(timed out after " + TIMEOUT + ")" : ""));
    }
}
