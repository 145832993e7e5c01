package dev.gitsource.cli;

import dev.gitsource.Commit;
import dev.gitsource.CommitRequest;
import dev.gitsource.GitSource;
import dev.gitsource.Person;
import dev.gitsource.Repository;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gitsource commit}: stage every change in DIR and commit it. */
@Command(name = "commit", mixinStandardHelpOptions = true, description = "Commit every change in the working copy DIR.")
final class CommitCommand implements Callable<Integer> {
    private static final Pattern AUTHOR = Pattern.compile("\\s*(.+?)\\s*<([^>]*)>\\s*");

    @Parameters(index = "0", paramLabel = "DIR") Path dir;
    @Option(names = {"-m", "--message"}, required = true) String message;
    @Option(names = "--author", defaultValue = "gitsource <gitsource@localhost>",
            description = "\"Name <mail>\" (default: ${DEFAULT-VALUE})") String author;
    @Option(names = "--json") boolean json;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        Matcher m = AUTHOR.matcher(author);
        if (!m.matches()) {
            throw new IllegalArgumentException("--author must look like \"Name <mail>\": '" + author + "'");
        }
        CommitRequest request = CommitRequest.of(Person.of(m.group(1), m.group(2)), message);
        try (GitSource git = GitSource.builder().build(); Repository repo = git.open(dir)) {
            Commit c = repo.commit(request);
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("id", c.id());
                out.put("revision", c.revision());
                spec.commandLine().getOut().println(Json.of(out));
            } else {
                spec.commandLine().getOut().println(c.revision());
            }
            return 0;
        }
    }
}
