package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.AuthenticationException;
import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.Repository;
import dev.gitsource.TlsOptions;
import dev.gitsource.UpdateOptions;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.testkit.GitCli;
import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials in the URL's user information: a token as the user name authenticates as C git
 * does, and no token from the URL is kept at rest under the clone.
 */
class UrlCredentialsTest {
    private static final String TOKEN = "ghp_urlToken0123456789abcdef";

    @TempDir Path tmp;

    private CloneOptions into(String dir) {
        return CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1).directory(tmp.resolve(dir)).build();
    }

    private static URI withUserInfo(URI url, String userInfo) {
        return URI.create(url.toString().replace("https://", "https://" + userInfo + "@"));
    }

    private static TlsOptions trust(GitServer server) {
        return TlsOptions.builder().caCertificatesPem(server.caCertificatePem()).build();
    }

    @Test
    void aTokenAsTheUserNameAuthenticatesAsCGitDoes() throws Exception {
        try (GitServer server = GitServer.builder().https().basicAuth(TOKEN, "").start()) {
            server.repository("org/app").file("f", "token user").commit("c");
            URI url = withUserInfo(server.httpsUrl("org/app"), TOKEN);

            // The reference: C git (through curl) answers the challenge with TOKEN and an empty password.
            Path ca = tmp.resolve("ca.pem");
            Files.writeString(ca, server.caCertificatePem());
            GitCli.git(tmp, "-c", "http.sslCAInfo=" + ca, "clone", "-q", url.toString(), tmp.resolve("cgit").toString());
            assertThat(Files.readString(tmp.resolve("cgit/f"))).isEqualTo("token user");
            server.clearRequests();

            try (GitSource git = GitSource.builder().tls(trust(server)).build()) {
                git.clone(url, into("a")).repository().close();
            }
            assertThat(Files.readString(tmp.resolve("a/f"))).isEqualTo("token user");
            // As C git: JGit sends no empty password preemptively, it answers the server's challenge.
            List<RecordedRequest> requests = server.requests();
            assertThat(requests).isNotEmpty().allSatisfy(r -> {
                if (r.status() == 401) {
                    assertThat(r.user()).isNull();
                } else {
                    assertThat(r.authScheme()).isEqualTo("Basic");
                    assertThat(r.user()).isEqualTo(TOKEN);
                    assertThat(r.status()).isEqualTo(200);
                }
            });
            assertThat(requests).anySatisfy(r -> assertThat(r.isFetch()).isTrue());
        }
    }

    @Test
    void aTokenInTheUserNameIsNotKeptUnderTheClone() throws Exception {
        tokenIsNotKept(TOKEN, TOKEN, "");
    }

    @Test
    void aTokenAsThePasswordIsNotKeptUnderTheClone() throws Exception {
        tokenIsNotKept("bot:" + TOKEN, "bot", TOKEN);
    }

    private void tokenIsNotKept(String userInfo, String user, String password) throws Exception {
        try (GitServer server = GitServer.builder().https().basicAuth(user, password).start()) {
            server.repository("org/app").file("f", "one").commit("c1");
            URI clean = server.httpsUrl("org/app");
            try (GitSource git = GitSource.builder().tls(trust(server)).build()) {
                git.clone(withUserInfo(clean, userInfo), into("a")).repository().close();
            }
            Path clone = tmp.resolve("a");
            assertThat(filesContaining(clone, TOKEN)).as("files under the clone holding the token").isEmpty();
            assertThat(GitCli.git(clone, "config", "--get", "remote.origin.url")).isEqualTo(clean.toString());

            server.repository("org/app").file("f", "two").commit("c2");
            // Later operations take credentials from the client, not from the clone.
            try (GitSource anonymous = GitSource.builder().tls(trust(server)).build();
                    Repository repo = anonymous.open(clone)) {
                assertThatThrownBy(() -> repo.update(UpdateOptions.builder().build()))
                        .isInstanceOf(AuthenticationException.class);
            }
            try (GitSource git = GitSource.builder().tls(trust(server)).credentials(GitCredentials.basic(user, password))
                    .build(); Repository repo = git.open(clone)) {
                repo.update(UpdateOptions.builder().build());
            }
            assertThat(Files.readString(clone.resolve("f"))).isEqualTo("two");
            assertThat(filesContaining(clone, TOKEN)).isEmpty();
        }
    }

    @Test
    void noListenerIsGivenTheTokenOfTheUrl() throws Exception {
        List<URI> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.gitsource.GitEventListener listener = new dev.gitsource.GitEventListener() {
            @Override
            public void cloneStarted(URI remote, CheckoutTarget target) {
                seen.add(remote);
            }

            @Override
            public void cloneFinished(URI remote, dev.gitsource.CloneResult result, dev.gitsource.CloneStats stats) {
                seen.add(remote);
            }

            @Override
            public void lsRemoteStarted(URI remote) {
                seen.add(remote);
            }

            @Override
            public void lsRemoteFinished(URI remote, dev.gitsource.RemoteRefs refs) {
                seen.add(remote);
            }
        };
        try (GitServer server = GitServer.builder().https().basicAuth("bot", TOKEN).start()) {
            server.repository("org/app").file("f", "one").commit("c1");
            URI clean = server.httpsUrl("org/app");
            URI url = withUserInfo(clean, "bot:" + TOKEN);
            try (GitSource git = GitSource.builder().tls(trust(server)).listener(listener).build()) {
                git.clone(url, into("a")).repository().close();
                git.lsRemote(url, "refs/heads/");
            }
            assertThat(seen).hasSize(4).containsOnly(clean);
        }
    }

    /** Every file below the directory whose bytes hold the text. */
    static List<Path> filesContaining(Path dir, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> contains(read(f), needle)).toList();
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
