package dev.gitsource.cli;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.CloneResult;
import dev.gitsource.GitSource;
import java.net.URI;
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

/** {@code gitsource clone}: prints the revision; exit 3 when the remote is unchanged. */
@Command(name = "clone", mixinStandardHelpOptions = true,
        description = "Clone a branch, tag, semver range, commit or ref into DIR and print its revision.")
final class CloneCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URL") URI url;
    @Parameters(index = "1", paramLabel = "DIR") Path dir;

    @Mixin TargetOptions targetOptions;

    @Option(names = "--depth", defaultValue = "1", description = "commits of history; 0 for all (default: ${DEFAULT-VALUE})")
    int depth;

    @Option(names = "--last-observed", paramLabel = "REV", description = "exit 3 without fetching if the remote is still at REV")
    String lastObserved;

    @Option(names = "--sparse", paramLabel = "PATH", description = "write only this directory, and fetch only its files where the server allows (repeatable)")
    List<String> sparse = new ArrayList<>();

    @Option(names = "--submodules", description = "clone submodules too") boolean submodules;
    @Option(names = "--lfs", description = "replace Git LFS pointer files by their objects") boolean lfs;

    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CloneOptions options = CloneOptions.builder().target(target()).depth(depth).directory(dir)
                .lastObservedRevision(lastObserved).sparsePaths(sparse).submodules(submodules).lfs(lfs).build();
        long start = System.nanoTime();
        try (GitSource git = client.client(spec.commandLine().getErr())) {
            CloneResult r = git.clone(url, options);
            r.repositoryIfAny().ifPresent(dev.gitsource.Repository::close);
            if (client.json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("revision", r.revision());
                out.put("unchanged", r.unchanged());
                out.put("directory", r.unchanged() ? null : dir.toAbsolutePath().toString());
                out.put("seconds", (System.nanoTime() - start) / 1e9);
                spec.commandLine().getOut().println(Json.of(out));
            } else {
                spec.commandLine().getOut().println(r.unchanged() ? "unchanged " + r.revision() : r.revision());
            }
            return r.unchanged() ? Main.UNCHANGED : 0;
        }
    }

    private CheckoutTarget target() {
        CheckoutTarget t = targetOptions.targetOrNull();
        return t == null ? CheckoutTarget.head() : t;
    }
}
