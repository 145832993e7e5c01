package dev.gitsource.jgit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs C git in tests, isolated from the user's configuration. */
final class CGit {
    private CGit() {}

    static String run(Path dir, String... args) {
        return run(dir, Map.of(), args);
    }

    static String run(Path dir, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().put("GIT_AUTHOR_NAME", "Fixture");
        pb.environment().put("GIT_AUTHOR_EMAIL", "fixture@example.com");
        pb.environment().put("GIT_COMMITTER_NAME", "Fixture");
        pb.environment().put("GIT_COMMITTER_EMAIL", "fixture@example.com");
        pb.environment().put("GIT_AUTHOR_DATE", "2024-01-01T00:00:00Z");
        pb.environment().put("GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z");
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("git " + String.join(" ", args) + " failed:\n" + out);
            }
            return out.trim();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A bare repository {@code origin.git} under {@code dir} whose branch {@code main} has one
     * commit holding the given files (path, content, path, content...).
     */
    static Path seededOrigin(Path dir, String... pathsAndContents) {
        Path work = dir.resolve("seed");
        run(dir, "init", "-q", "-b", "main", work.toString());
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            write(work.resolve(pathsAndContents[i]), pathsAndContents[i + 1]);
        }
        run(work, "add", "-A");
        run(work, "commit", "-q", "-m", "seed");
        Path origin = dir.resolve("origin.git");
        run(dir, "clone", "-q", "--bare", work.toString(), origin.toString());
        return origin;
    }
}
