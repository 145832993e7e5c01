package dev.gitsource.cli;

import dev.gitsource.AuthenticationException;
import dev.gitsource.DeadlineExceededException;
import dev.gitsource.GitSourceException;
import dev.gitsource.GitTransportException;
import dev.gitsource.NothingToCommitException;
import dev.gitsource.PushRejectedException;
import dev.gitsource.Redaction;
import dev.gitsource.RefNotFoundException;
import dev.gitsource.RepositoryNotFoundException;
import dev.gitsource.UnsafeContentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gitsource} command. */
@Command(name = "gitsource", mixinStandardHelpOptions = true, version = "gitsource 0.1.0",
        description = "Clone, commit and push Git repositories the way unattended programs do.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:other error (a full local disk, a local permission denied)", "2:bad usage",
                "3:unchanged (clone --last-observed matched, or update found nothing new)",
                "4:authentication refused", "5:repository not found", "6:ref not found", "7:push rejected",
                "8:nothing to commit", "9:transport error", "10:deadline exceeded", "11:unsafe content", "12:local changes (update)"})
public final class Main {
    static final int UNCHANGED = 3;

    /** The subcommands, added to the parser in {@link #run}: building each one's model by reflection is most of picocli's start-up. */
    private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("clone", CloneCommand.class);
        m.put("update", UpdateCommand.class);
        m.put("ls-remote", LsRemoteCommand.class);
        m.put("commit", CommitCommand.class);
        m.put("push", PushCommand.class);
        m.put("serve", ServeCommand.class);
        m.put("demo", DemoCommand.class);
        return m;
    }

    private Main() {}

    /** @param args the command line */
    public static void main(String[] args) {
        keepFileStoreMeasurements();
        System.exit(run(args));
    }

    /**
     * JGit measures the timestamp resolution of a file store at the first clone of every JVM
     * (about 3 s of waiting); the CLI keeps the measurement in its cache directory, so only the
     * first run on a machine pays it. Without a writable cache directory every run measures.
     */
    private static void keepFileStoreMeasurements() {
        String key = "gitsource.jgit.filesystemCache";
        if (System.getProperty(key) != null) {
            return;
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path dir = xdg != null && !xdg.isEmpty() ? Path.of(xdg, "gitsource")
                : Path.of(System.getProperty("user.home"), ".cache", "gitsource");
        try {
            Files.createDirectories(dir);
            System.setProperty(key, dir.resolve("jgit-filesystem.config").toString());
        } catch (IOException | SecurityException e) {
            // measured again next time
        }
    }

    /**
     * Runs the command without exiting, for tests and embedding.
     *
     * @param args the command line
     * @return the exit code
     */
    public static int run(String... args) {
        // --json is looked for in the arguments, not the parse: a usage error may come before it is parsed
        boolean json = Arrays.asList(args).contains("--json");
        CommandLine cmd = new CommandLine(new Main());
        // only the subcommand asked for, when there is one; all of them for the top-level help
        Class<?> asked = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
        if (asked != null) {
            cmd.addSubcommand(args[0], asked);
        } else {
            SUBCOMMANDS.forEach(cmd::addSubcommand);
        }
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            int code = exitCode(e);
            commandLine.getErr().println(json ? jsonError(e, code) : "gitsource: error: " + oneLine(e));
            return code;
        });
        if (json) {
            cmd.setParameterExceptionHandler((e, unused) -> {
                e.getCommandLine().getErr().println(jsonError(e, 2));
                return 2;
            });
        }
        return cmd.execute(args);
    }

    /** An error for scripts: one JSON object on one line, with the exception's type and the exit code. */
    static String jsonError(Throwable e, int exitCode) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", e instanceof CommandLine.ParameterException ? "UsageException" : e.getClass().getSimpleName());
        out.put("exitCode", exitCode);
        out.put("message", Redaction.redact(e.getMessage() == null ? "" : e.getMessage()).replace('\n', ' '));
        if (e instanceof GitTransportException t) {
            out.put("retryable", t.retryable());
        }
        return Json.of(out);
    }

    static int exitCode(Throwable e) {
        if (e instanceof AuthenticationException) return 4;
        if (e instanceof RepositoryNotFoundException) return 5;
        if (e instanceof RefNotFoundException) return 6;
        if (e instanceof PushRejectedException) return 7;
        if (e instanceof NothingToCommitException) return 8;
        if (e instanceof GitTransportException) return 9;
        if (e instanceof DeadlineExceededException) return 10;
        if (e instanceof UnsafeContentException) return 11;
        if (e instanceof dev.gitsource.LocalChangesException) return 12;
        if (e instanceof IllegalArgumentException || e instanceof CommandLine.ParameterException) return 2;
        return 1;
    }

    private static String oneLine(Throwable e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (!(e instanceof GitSourceException)) {
            msg = e.getClass().getSimpleName() + ": " + msg;
        }
        return Redaction.redact(msg).replace('\n', ' ');
    }
}
