package dev.gitsource.cli;

import dev.gitsource.GitSource;
import dev.gitsource.PushOptions;
import dev.gitsource.PushResult;
import dev.gitsource.RefUpdate;
import dev.gitsource.Repository;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gitsource push}: push DIR's current branch, or the given refspecs. */
@Command(name = "push", mixinStandardHelpOptions = true, description = "Push the working copy DIR to its origin.")
final class PushCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR") Path dir;
    @Option(names = "--force") boolean force;
    @Option(names = "--refspec", paramLabel = "SPEC") List<String> refspecs = new ArrayList<>();
    @Option(names = {"-o", "--push-option"}, paramLabel = "OPTION") List<String> options = new ArrayList<>();
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PushOptions.Builder b = PushOptions.builder().force(force);
        refspecs.forEach(b::refspec);
        options.forEach(b::option);
        try (GitSource git = client.client(spec.commandLine().getErr()); Repository repo = git.open(dir)) {
            PushResult r = repo.push(b.build());
            if (client.json) {
                List<Map<String, Object>> updates = new ArrayList<>();
                for (RefUpdate u : r.updates()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("ref", u.remoteRef());
                    m.put("status", u.status().name());
                    m.put("message", u.message());
                    updates.add(m);
                }
                spec.commandLine().getOut().println(Json.of(Map.of("updates", updates)));
            } else {
                r.updates().forEach(u -> spec.commandLine().getOut().println(u.status() + "\t" + u.remoteRef()));
            }
            return 0;
        }
    }
}
