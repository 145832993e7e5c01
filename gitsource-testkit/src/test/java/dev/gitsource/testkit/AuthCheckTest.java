package dev.gitsource.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.testkit.junit.EnabledIfCGit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A check instead of a fixed secret: it sees what C git sends, and decides. */
@EnabledIfCGit
class AuthCheckTest {
    @TempDir Path tmp;

    private GitCli lsRemote(String url, String... config) {
        String[] args = new String[config.length * 2 + 2];
        for (int i = 0; i < config.length; i++) {
            args[2 * i] = "-c";
            args[2 * i + 1] = config[i];
        }
        args[args.length - 2] = "ls-remote";
        args[args.length - 1] = url;
        return GitCli.run(tmp, Map.of(), args);
    }

    @Test
    void basicPasswordCheckSeesEachPasswordOfTheUserAndDecides() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (GitServer server = GitServer.builder().http().basicAuth("bot", p -> seen.add(p) && p.startsWith("ok-"))
                .start()) {
            String id = server.repository("org/app").file("a", "a").commit("c");
            String base = server.httpUrl("org/app").toString();
            String good = base.replace("http://", "http://bot:ok-1@");

            assertThat(lsRemote(good).output()).contains(id);
            assertThat(lsRemote(base.replace("http://", "http://bot:bad-2@")).exitCode()).isNotZero();
            assertThat(lsRemote(base.replace("http://", "http://other:ok-3@")).exitCode()).isNotZero();

            assertThat(seen).contains("ok-1", "bad-2").doesNotContain("ok-3"); // another user is refused unchecked
            assertThat(server.requests()).extracting(RecordedRequest::user).contains("bot", "other");
            assertThat(server.requests()).filteredOn(r -> "other".equals(r.user()))
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(401));
        }
    }

    @Test
    void bearerTokenCheckSeesTheTokenAndDecides() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (GitServer server = GitServer.builder().http().bearerToken(t -> seen.add(t) && t.equals("tok-1")).start()) {
            String id = server.repository("org/app").file("a", "a").commit("c");
            String url = server.httpUrl("org/app").toString();

            assertThat(lsRemote(url, "http.extraHeader=Authorization: Bearer tok-1").output()).contains(id);
            assertThat(lsRemote(url, "http.extraHeader=Authorization: Bearer tok-2").exitCode()).isNotZero();

            assertThat(seen).contains("tok-1", "tok-2");
            assertThat(server.requests()).allSatisfy(r -> assertThat(r.authScheme()).isEqualTo("Bearer"));
        }
    }
}
