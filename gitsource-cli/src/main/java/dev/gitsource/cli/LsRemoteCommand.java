package dev.gitsource.cli;

import dev.gitsource.GitSource;
import dev.gitsource.RemoteRefs;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gitsource ls-remote}: the remote's refs, as {@code git ls-remote} prints them. */
@Command(name = "ls-remote", mixinStandardHelpOptions = true,
        description = "List the remote's refs (protocol v2 ls-refs, only the given prefixes).")
final class LsRemoteCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URL") URI url;
    @Parameters(index = "1..*", paramLabel = "PREFIX") List<String> prefixes = new ArrayList<>();
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (GitSource git = client.client(spec.commandLine().getErr())) {
            RemoteRefs refs = git.lsRemote(url, prefixes.toArray(new String[0]));
            if (client.json) {
                spec.commandLine().getOut().println(Json.of(Map.of("refs", refs.sorted(),
                        "head", refs.headIfAny().orElse(""))));
            } else {
                refs.sorted().forEach((name, id) -> spec.commandLine().getOut().println(id + "\t" + name));
            }
            return 0;
        }
    }
}
