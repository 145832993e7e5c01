package dev.gitsource.jgit.signing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.gitsource.Commit;
import dev.gitsource.Person;
import dev.gitsource.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs git, gpg and ssh-keygen as processes with an isolated environment: no system or global
 * git configuration, HOME and GNUPGHOME in a temporary directory.
 */
final class Cli {
    private static final Pattern IDENT = Pattern.compile("^(\\w+) (.*) <(.*)> (\\d+) ([+-]\\d{4})$", Pattern.MULTILINE);

    /** The result of a process. */
    record Result(int exit, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    final Path home;

    Cli(Path home) {
        this.home = home;
    }

    Path gnupgHome() {
        return home.resolve("gnupg");
    }

    /** @return whether the program runs at all (exit status is not checked) */
    static boolean installed(String program) {
        try {
            Process p = new ProcessBuilder(program, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    Result run(Path dir, byte[] stdin, String... command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("HOME", home.toString());
        env.put("GNUPGHOME", gnupgHome().toString());
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("LC_ALL", "C");
        env.remove("SSH_AUTH_SOCK");
        env.remove("GIT_DIR");
        try {
            Process p = pb.start();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs and fails the test on a non-zero exit. */
    byte[] ok(Path dir, byte[] stdin, String... command) {
        Result r = run(dir, stdin, command);
        if (r.exit() != 0) {
            fail(String.join(" ", command) + " exited " + r.exit() + ": " + r.stderr() + r.out());
        }
        return r.stdout();
    }

    String okText(Path dir, String... command) {
        return new String(ok(dir, null, command), StandardCharsets.UTF_8).strip();
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new repository with one unsigned commit on main. */
    Path newRepo(String name) {
        try {
            Path repo = Files.createDirectories(home.resolve(name));
            okText(repo, "git", "init", "-q", "-b", "main");
            okText(repo, "git", "config", "user.name", "Signing Test");
            okText(repo, "git", "config", "user.email", "signer@example.com");
            Files.writeString(repo.resolve("a.txt"), "hello\n");
            okText(repo, "git", "add", "a.txt");
            okText(repo, "git", "commit", "-q", "-m", "first\n\nbody line");
            return repo;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a commit object and points {@code branch} at it; returns its id. */
    String writeCommit(Path repo, byte[] rawCommit, String branch) {
        String id = new String(ok(repo, rawCommit, "git", "hash-object", "-t", "commit", "-w", "--stdin"),
                StandardCharsets.US_ASCII).strip();
        okText(repo, "git", "update-ref", "refs/heads/" + branch, id);
        return id;
    }

    /** Builds the API's commit record the way the clone code will: split the raw object. */
    Commit commit(Path repo, String rev) {
        String id = okText(repo, "git", "rev-parse", rev + "^{commit}");
        byte[] raw = ok(repo, null, "git", "cat-file", "commit", id);
        SignedObjects.Parts parts = SignedObjects.split(raw);
        String text = new String(raw, StandardCharsets.UTF_8);
        String message = text.substring(text.indexOf("\n\n") + 2);
        return new Commit(id, "refs/heads/main", person(text, "author"), person(text, "committer"), message,
                parts.signature(), parts.signed() ? parts.payload() : null, null);
    }

    Tag tag(Path repo, String name) {
        String id = okText(repo, "git", "rev-parse", "refs/tags/" + name);
        byte[] raw = ok(repo, null, "git", "cat-file", "tag", id);
        SignedObjects.Parts parts = SignedObjects.split(raw);
        String text = new String(parts.payload(), StandardCharsets.UTF_8);
        return new Tag(name, id, true, person(text, "tagger"), text.substring(text.indexOf("\n\n") + 2),
                parts.signature(), parts.signed() ? parts.payload() : null);
    }

    private static Person person(String object, String header) {
        Matcher m = IDENT.matcher(object.substring(0, object.indexOf("\n\n")));
        while (m.find()) {
            if (m.group(1).equals(header)) {
                ZoneOffset offset = ZoneOffset.of(m.group(5));
                return Person.of(m.group(2), m.group(3),
                        OffsetDateTime.ofInstant(Instant.ofEpochSecond(Long.parseLong(m.group(4))), offset));
            }
        }
        throw new IllegalArgumentException("no " + header + " line");
    }

    static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(Arrays.asList(a));
        all.addAll(Arrays.asList(b));
        return all.toArray(String[]::new);
    }
}
