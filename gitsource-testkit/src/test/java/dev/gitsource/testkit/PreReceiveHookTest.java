package dev.gitsource.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The C git backend's hook, run by sh with the updates of a push on its standard input, as git runs it. */
class PreReceiveHookTest {
    private static final String ZERO = "0".repeat(40);
    private static final String ONE = "1".repeat(40);
    @TempDir Path tmp;

    private ProcessRun push(String script, String... refs) throws Exception {
        Path hook = Files.writeString(tmp.resolve("pre-receive"), script);
        StringBuilder stdin = new StringBuilder();
        for (String ref : refs) {
            stdin.append(ZERO).append(' ').append(ONE).append(' ').append(ref).append('\n');
        }
        return ProcessRun.run(new ProcessBuilder("sh", hook.toString()), stdin.toString().getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(30));
    }

    @Test
    void everyProtectedRefIsEnforcedWhereverItIsInThePush() throws Exception {
        String script = PreReceiveHook.script(false, Set.of("refs/heads/main", "refs/heads/release"));
        assertThat(push(script, "refs/heads/feature").exitCode()).isZero();
        ProcessRun second = push(script, "refs/heads/feature", "refs/heads/release");
        assertThat(second.exitCode()).isNotZero();
        assertThat(second.stderr()).contains("protected ref refs/heads/release");
        ProcessRun both = push(script, "refs/heads/release", "refs/heads/x", "refs/heads/main");
        assertThat(both.exitCode()).isNotZero();
        assertThat(both.stderr()).contains("refs/heads/release").contains("refs/heads/main");
    }

    @Test
    void refNamesMatchLiterally() throws Exception {
        String script = PreReceiveHook.script(false, Set.of("refs/heads/it's", "refs/heads/a*"));
        assertThat(push(script, "refs/heads/it's").exitCode()).isNotZero();
        assertThat(push(script, "refs/heads/abc").exitCode()).as("* is no glob").isZero();
        assertThat(push(script, "refs/heads/a*").exitCode()).isNotZero();
    }

    @Test
    void aReadOnlyRepositoryRefusesEveryPushAndNoRulesAcceptAll() throws Exception {
        ProcessRun readOnly = push(PreReceiveHook.script(true, Set.of()), "refs/heads/x");
        assertThat(readOnly.exitCode()).isNotZero();
        assertThat(readOnly.stderr()).contains("read-only");
        assertThat(push(PreReceiveHook.script(false, Set.of()), "refs/heads/x").exitCode()).isZero();
    }

    @Test
    void installWritesAnExecutableHookForTheRepository() throws Exception {
        ServerSpec spec = GitServer.builder().readOnly("org/lib").spec();
        new PreReceiveHook(spec).install(tmp.resolve("lib.git"), "org/lib");
        Path hook = tmp.resolve("lib.git/hooks/pre-receive");
        assertThat(Files.isExecutable(hook)).isTrue();
        assertThat(Files.readString(hook)).contains("read-only");
    }
}
