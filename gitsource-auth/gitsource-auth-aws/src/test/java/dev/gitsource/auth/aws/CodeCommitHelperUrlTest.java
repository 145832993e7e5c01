package dev.gitsource.auth.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.CommitRequest;
import dev.gitsource.GitSource;
import dev.gitsource.Person;
import dev.gitsource.PushOptions;
import dev.gitsource.RemoteRefs;
import dev.gitsource.Repository;
import dev.gitsource.TlsOptions;
import dev.gitsource.UpdateOptions;
import dev.gitsource.testkit.GitCli;
import dev.gitsource.testkit.GitServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * git-remote-codecommit's URLs ({@code codecommit::<region>://<repo>}, {@code codecommit://<repo>})
 * in clone, ls-remote, init and later operations, through the plugin: it translates them into the
 * repository's HTTPS URL (here on {@code awsCodeCommitEndpoint}, a real Git server on 127.0.0.1,
 * as an interface VPC endpoint would be) and signs for them; the copy keeps the URL as given.
 */
class CodeCommitHelperUrlTest {
    private static final String KEY_ID = "AKIAEXAMPLEHELPER";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYHELPERKEY";
    private static final String REGION = "eu-west-1";
    @TempDir Path tmp;
    private GitServer server;

    /** The server's check: a SigV4 password of now, for one of the repositories' paths in {@link #REGION}. */
    private static boolean signed(String password) {
        return CodeCommitSignerTest.signedNow(password, SECRET, REGION, "127.0.0.1", "/v1/repos/app", "/v1/repos/fresh");
    }

    @BeforeEach
    void start() {
        server = GitServer.builder().https().autoCreate(true).basicAuth(KEY_ID, CodeCommitHelperUrlTest::signed).start();
        server.repository("v1/repos/app").file("a.txt", "from codecommit\n").commit("one");
        System.setProperty("aws.accessKeyId", KEY_ID);
        System.setProperty("aws.secretAccessKey", SECRET);
    }

    @AfterEach
    void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.clearProperty("aws.region");
        server.close();
    }

    private GitSource client() {
        String endpoint = "https://127.0.0.1:" + server.httpsUrl("v1/repos/app").getPort();
        return GitSource.builder().provider("aws", Map.of(CodeCommitCredentialsProviderFactory.ENDPOINT, endpoint))
                .tls(TlsOptions.builder().caCertificatesPem(server.caCertificatePem()).build()).build();
    }

    private static CloneOptions into(Path dir) {
        return CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1).directory(dir).build();
    }

    @Test
    void cloneLsRemoteAndUpdateWithARegionInTheUrl() {
        URI url = URI.create("codecommit::" + REGION + "://app");
        try (GitSource git = client()) {
            RemoteRefs refs = git.lsRemote(url, "refs/heads/main");
            assertThat(refs.refs()).containsKey("refs/heads/main");
            git.clone(url, into(tmp.resolve("c"))).repository().close();
            assertThat(tmp.resolve("c/a.txt")).hasContent("from codecommit");
            assertThat(GitCli.git(tmp.resolve("c"), "config", "--get", "remote.origin.url")).isEqualTo(url.toString());

            String next = server.repository("v1/repos/app").file("a.txt", "moved\n").commit("two");
            try (Repository repo = git.open(tmp.resolve("c"))) {
                assertThat(repo.update(UpdateOptions.builder().build()).revision()).endsWith(next);
            }
        }
        assertThat(server.requests()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.repository()).isEqualTo("v1/repos/app");
            assertThat(r.user()).isEqualTo(KEY_ID);
            assertThat(r.status()).isNotEqualTo(401);
        });
    }

    @Test
    void aUrlWithoutARegionTakesTheAwsRegionChainsAndInitPushesThroughIt() {
        System.setProperty("aws.region", REGION);
        URI url = URI.create("codecommit://fresh");
        try (GitSource git = client(); Repository repo = git.init(tmp.resolve("i"), url, "main")) {
            repo.commit(CommitRequest.of(Person.of("Bot", "bot@example.com"), "first").withFile("b.txt", "new\n"));
            repo.push(PushOptions.builder().build());
        }
        assertThat(server.repository("v1/repos/fresh").head("main")).isNotNull();
        assertThat(server.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.user()).isEqualTo(KEY_ID));
    }

    @Test
    void aUrlWithoutARegionAndNoneConfiguredIsRefusedClearly() throws Exception {
        try (GitSource git = client()) {
            assertThatThrownBy(() -> git.clone(URI.create("codecommit://app"), into(tmp.resolve("x"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no region");
        }
        assertThat(Files.exists(tmp.resolve("x"))).isFalse();
        assertThat(server.requests()).isEmpty();
    }
}
