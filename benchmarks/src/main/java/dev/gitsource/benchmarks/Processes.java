package dev.gitsource.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** C git as a process, isolated from the user's configuration. */
final class Processes {
    private Processes() {}

    static void git(Path dir, Path stdin, String... args) throws IOException, InterruptedException {
        git(dir, stdin, Map.of(), args);
    }

    static void git(Path dir, Path stdin, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Process p = start(dir, stdin, env, args);
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + out);
        }
    }

    /** Runs a shell pipeline of C git and other tools, with git's configuration isolated as above. */
    static void sh(String script) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(script + " failed: " + out);
        }
    }

    /** Starts git with its output and error on one stream, which the caller must read. */
    static Process start(Path dir, Path stdin, Map<String, String> env, String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().putAll(env);
        return pb.start();
    }
}
