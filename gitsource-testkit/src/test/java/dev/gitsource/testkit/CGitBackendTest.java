package dev.gitsource.testkit;

import static dev.gitsource.testkit.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.testkit.junit.EnabledIfCGit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** C git's git:// as the backend runs it: per connection, with the switches, v0 when it must refuse ids. */
class CGitBackendTest {
    @TempDir Path tmp;

    private static String packet(String payload) {
        return String.format("%04x", payload.length() + 4) + payload;
    }

    private static String rewritten(String payload) {
        return new String(CGitBackend.withoutProtocolV2(packet(payload).getBytes(StandardCharsets.ISO_8859_1)),
                StandardCharsets.ISO_8859_1);
    }

    @Test
    void theDaemonRequestLosesItsProtocolVersionAndKeepsTheRest() {
        assertThat(rewritten("git-upload-pack /org/app.git\0host=127.0.0.1:9\0\0version=2\0"))
                .isEqualTo(packet("git-upload-pack /org/app.git\0host=127.0.0.1:9\0"));
        assertThat(rewritten("git-upload-pack /a.git\0host=h\0\0version=2\0other=x\0"))
                .isEqualTo(packet("git-upload-pack /a.git\0host=h\0\0other=x\0"));
        assertThat(rewritten("git-upload-pack /a.git\0host=h\0")).isEqualTo(packet("git-upload-pack /a.git\0host=h\0"));
    }

    @Test
    @EnabledIfCGit
    void gitDaemonWithoutFetchByIdSpeaksV0AndRefusesUnadvertisedCommits() {
        try (GitServer server = GitServer.builder().git().backend(GitServer.Backend.C_GIT).allowFetchById(false).start()) {
            RepositoryFixture repo = server.repository("org/app");
            String old = repo.file("a", "1").commit("one");
            String head = repo.file("a", "2").commit("two");
            String url = server.gitUrl("org/app").toString();
            git(tmp, "init", "-q", "c");
            GitCli refused = GitCli.run(tmp.resolve("c"), Map.of(), "-c", "protocol.version=2", "fetch", url, old);
            assertThat(refused.exitCode()).as(refused.output()).isNotZero();
            assertThat(refused.output()).contains("unadvertised object");
            git(tmp.resolve("c"), "-c", "protocol.version=2", "fetch", "-q", url, head);
            assertThat(git(tmp.resolve("c"), "cat-file", "-t", head)).isEqualTo("commit");
        }
    }

    @Test
    @EnabledIfCGit
    void gitDaemonsStartedAtOnceGetPortsOfTheirOwn() throws Exception {
        List<CompletableFuture<GitServer>> starting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            starting.add(CompletableFuture.supplyAsync(
                    () -> GitServer.builder().git().backend(GitServer.Backend.C_GIT).start()));
        }
        List<GitServer> servers = new ArrayList<>();
        try {
            for (CompletableFuture<GitServer> f : starting) {
                servers.add(f.get());
            }
            assertThat(servers.stream().map(s -> s.gitUrl("r").getPort()).distinct()).hasSize(5);
            for (GitServer s : servers) {
                String id = s.repository("r").file("f", s.root().toString()).commit("c");
                assertThat(git(tmp, "ls-remote", s.gitUrl("r").toString())).contains(id);
            }
        } finally {
            servers.forEach(GitServer::close);
        }
    }
}
