package dev.gitsource.testkit;

import static dev.gitsource.testkit.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.testkit.junit.EnabledIfCGit;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-JVM backend without fetch by id, over git:// where JGit's own policy would still let a
 * reachable commit through: ref tips and what tags point at are served, nothing else.
 */
@EnabledIfCGit
class AdvertisedWantsOnlyTest {
    @TempDir Path tmp;

    /** A repository of its own for each fetch: git asks only for what it lacks. */
    private Path fresh(String name) {
        git(tmp, "init", "-q", name);
        return tmp.resolve(name);
    }

    @Test
    void tipsAndPeeledTagsAreServedOlderCommitsAreNot() {
        try (GitServer server = GitServer.builder().git().allowFetchById(false).start()) {
            RepositoryFixture repo = server.repository("org/app");
            String tagged = repo.file("a", "1").commit("one");
            repo.annotatedTag("v1", "release");
            String older = repo.file("a", "2").commit("two");
            String head = repo.file("a", "3").commit("three");
            String url = server.gitUrl("org/app").toString();
            git(fresh("tip"), "-c", "protocol.version=2", "fetch", "-q", url, head);
            git(fresh("tag"), "-c", "protocol.version=2", "fetch", "-q", url, tagged);
            Path c = fresh("older");
            GitCli refused = GitCli.run(c, Map.of(), "-c", "protocol.version=2", "fetch", url, older);
            // JGit's daemon hangs up without its ERR line (its own errors too); over HTTP the client reads it
            assertThat(refused.exitCode()).as(refused.output()).isNotZero();
            assertThat(GitCli.run(c, Map.of(), "cat-file", "-e", older).exitCode()).isNotZero();
        }
    }
}
