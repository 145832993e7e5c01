package dev.gitsource.cli;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.GitSource;
import dev.gitsource.Repository;
import dev.gitsource.UpdateOptions;
import dev.gitsource.UpdateResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gitsource update}: prints the new revision; exit 3 when the remote is unchanged. */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = "Update the working copy DIR in place: fetch only what is new, write only what changed.")
final class UpdateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR") Path dir;

    @Mixin TargetOptions targetOptions;

    @Option(names = "--discard-local-changes", description = "replace uncommitted changes, untracked files and local"
            + " commits instead of refusing")
    boolean discard;

    @Option(names = "--lfs", negatable = true, description = "replace Git LFS pointer files by their objects"
            + " (--no-lfs: leave pointers); default: as the clone did")
    Boolean lfs;

    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        UpdateOptions.Builder options = UpdateOptions.builder().discardLocalChanges(discard);
        CheckoutTarget target = targetOptions.targetOrNull();
        if (target != null) {
            options.target(target);
        }
        if (lfs != null) {
            options.lfs(lfs);
        }
        long start = System.nanoTime();
        try (GitSource git = client.client(spec.commandLine().getErr()); Repository repo = git.open(dir)) {
            UpdateResult r = repo.update(options.build());
            if (client.json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("revision", r.revision());
                out.put("previousRevision", r.previousRevision());
                out.put("unchanged", r.unchanged());
                out.put("filesWritten", r.filesWritten());
                out.put("filesDeleted", r.filesDeleted());
                out.put("seconds", (System.nanoTime() - start) / 1e9);
                spec.commandLine().getOut().println(Json.of(out));
            } else {
                spec.commandLine().getOut().println(r.unchanged() ? "unchanged " + r.revision() : r.revision());
            }
            return r.unchanged() ? Main.UNCHANGED : 0;
        }
    }
}
