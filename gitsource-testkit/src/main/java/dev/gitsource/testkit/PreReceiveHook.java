package dev.gitsource.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code pre-receive} hook by which C git refuses what the in-JVM backend refuses in
 * JGit: every push to a read-only repository, and any push that updates a protected ref. The
 * hook reads the pushed updates from its standard input once and checks each against every
 * protected ref, then fails if any matched.
 */
final class PreReceiveHook {
    private final ServerSpec spec;

    PreReceiveHook(ServerSpec spec) {
        this.spec = spec;
    }

    /**
     * Writes the hook into a bare repository.
     *
     * @param repositoryDirectory the bare repository
     * @param name its path on the server, such as {@code org/app}
     * @throws IOException if the hook cannot be written
     */
    void install(Path repositoryDirectory, String name) throws IOException {
        Path hooks = Files.createDirectories(repositoryDirectory.resolve("hooks"));
        Path hook = hooks.resolve("pre-receive");
        Files.writeString(hook, script(spec.isReadOnly(name), spec.protectedRefs()));
        if (!hook.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + hook + " executable");
        }
    }

    /**
     * @param readOnly refuse every push
     * @param protectedRefs full ref names no push may update
     * @return the shell script
     */
    static String script(boolean readOnly, Set<String> protectedRefs) {
        StringBuilder s = new StringBuilder("#!/bin/sh\n");
        if (readOnly) {
            return s.append("echo 'repository is read-only' >&2\nexit 1\n").toString();
        }
        if (protectedRefs.isEmpty()) {
            return s.append("exit 0\n").toString();
        }
        s.append("status=0\nwhile read old new ref; do\n  case \"$ref\" in\n    ");
        StringBuilder patterns = new StringBuilder();
        for (String ref : new TreeSet<>(protectedRefs)) { // sorted: the same script for the same set
            patterns.append(patterns.length() == 0 ? "" : "|").append(quoted(ref));
        }
        return s.append(patterns).append(") echo \"protected ref $ref\" >&2; status=1 ;;\n  esac\ndone\nexit $status\n")
                .toString();
    }

    /** A ref name as one literal shell word: quoted, so glob characters and quotes match themselves. */
    private static String quoted(String ref) {
        return "'" + ref.replace("'", "'\\''") + "'";
    }
}
