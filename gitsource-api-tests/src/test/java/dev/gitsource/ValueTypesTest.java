package dev.gitsource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypesTest {
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void cloneOptionsDefaultsAndValues() {
        CloneOptions o = CloneOptions.builder().directory(Path.of("/tmp/x")).build();
        assertThat(o.target()).isEqualTo(CheckoutTarget.head());
        assertThat(o.depth()).isZero();
        assertThat(o.lastObserved()).isEmpty();

        CloneOptions p = CloneOptions.builder().directory(Path.of("/tmp/x")).depth(1)
                .target(CheckoutTarget.commit(SHA, "main")).lastObservedRevision("main/" + SHA)
                .sparsePaths(List.of("deploy/", "charts/app")).timeout(Duration.ofSeconds(5)).build();
        assertThat(p.sparsePaths()).containsExactly("deploy", "charts/app");
        assertThat(p.lastObserved()).contains(Revision.parse("main@sha1:" + SHA));
        assertThat(((CheckoutTarget.Commit) p.target()).branchIfAny()).contains("main");
    }

    @Test
    void badDepthIsRejectedWithTheValue() {
        assertThatThrownBy(() -> CloneOptions.builder().depth(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a..b", "-rf", "refs/heads/main", "x.lock", "a b", "a~1", "end/", "/start", "x:y"})
    void badBranchNamesAreRejectedWithTheValue(String bad) {
        assertThatThrownBy(() -> CheckoutTarget.branch(bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0123456789ABCDEF0123456789ABCDEF01234567", SHA + "0", "g123456789abcdef0123456789abcdef01234567"})
    void badCommitIdsAreRejectedWithTheValue(String bad) {
        assertThatThrownBy(() -> CheckoutTarget.commit(bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'");
    }

    @Test
    void malformedSemverRangeIsRejectedWithTheValue() {
        assertThatThrownBy(() -> CheckoutTarget.semver(">=1.x.y"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">=1.x.y");
    }

    @Test
    void refNameMustBeFull() {
        assertThat(CheckoutTarget.refName("refs/pull/7/head")).isEqualTo(new CheckoutTarget.RefName("refs/pull/7/head"));
        assertThatThrownBy(() -> CheckoutTarget.refName("pull/7/head"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'pull/7/head'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc", "../x", "a/../../b", "a/./b", ".git", "sub/.GIT/hooks", ".git. ", "a//b", "C:/x", "a\\b"})
    void sparsePathsMustStayInside(String bad) {
        assertThatThrownBy(() -> CloneOptions.builder().sparsePaths(List.of(bad)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
    }

    @Test
    void commitRequestConfinesPathsAndIsImmutable() {
        Person bot = Person.of("Bot", "bot@example.com");
        CommitRequest base = CommitRequest.of(bot, "update");
        CommitRequest withFile = base.withFile("deploy/app.yaml", "image: x").withDeletion("old.txt");
        assertThat(base.files()).isEmpty();
        assertThat(withFile.files()).containsOnlyKeys("deploy/app.yaml", "old.txt");
        assertThat(withFile.files().get("old.txt")).isEmpty();
        assertThat(withFile.committer()).isEqualTo(bot);
        assertThatThrownBy(() -> base.withFile("../escape", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("../escape");
        assertThatThrownBy(() -> base.withFile(".git/config", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(".git/config");
        assertThatThrownBy(() -> CommitRequest.of(bot, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Person.of("A <b>", "x@y")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A <b>");
    }

    @Test
    void pushOptionsValidateRefspecsAndOptions() {
        PushOptions o = PushOptions.builder().force(true).refspec("HEAD:refs/heads/x").option("ci.skip").build();
        assertThat(o.refspecs()).containsExactly("HEAD:refs/heads/x");
        assertThat(o.options()).containsExactly("ci.skip");
        assertThat(PushOptions.defaults().refspecs()).isEmpty();
        assertThatThrownBy(() -> PushOptions.builder().refspec("a:b:c")).hasMessageContaining("'a:b:c'");
        assertThatThrownBy(() -> PushOptions.builder().option("a\nb")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commitRevisionNamesItsRefOrTag() {
        Person p = Person.of("A", "a@b");
        Commit onBranch = new Commit(SHA, "refs/heads/main", p, p, "m", null, null, null);
        assertThat(onBranch.revision()).isEqualTo("main@sha1:" + SHA);
        Tag tag = new Tag("v1.0.0", SHA, false, null, null, null, null);
        assertThat(new Commit(SHA, null, p, p, "m", null, null, tag).revision()).isEqualTo("v1.0.0@sha1:" + SHA);
        assertThat(new Commit(SHA, null, p, p, "m", null, null, null).revision()).isEqualTo("sha1:" + SHA);
    }

    @Test
    void knownHostsParsesMarkersAndRejectsGarbage() {
        String key = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
        KnownHosts kh = KnownHosts.parse("# comment\n[127.0.0.1]:2222 ssh-ed25519 " + key + "\n"
                + "@revoked * ssh-ed25519 " + key + "\n|1|c2FsdA==|aGFzaA== ssh-ed25519 " + key + "\n");
        assertThat(kh.entries()).hasSize(3);
        assertThat(kh.entries().get(1).marker()).isEqualTo("@revoked");
        assertThatThrownBy(() -> KnownHosts.parse("host ssh-ed25519 !!!notbase64"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1");
        assertThatThrownBy(() -> KnownHosts.parse("@bogus host ssh-ed25519 " + key))
                .hasMessageContaining("@bogus");
    }

    @Test
    void proxyOptionsFollowTheEnvironmentConvention() {
        ProxyOptions p = ProxyOptions.fromEnvironment(java.util.Map.of(
                "HTTPS_PROXY", "http://user:pw@proxy.local:3128", "NO_PROXY", "internal.example,.corp"));
        assertThat(p.proxyFor(java.net.URI.create("https://github.com/x"))).contains(java.net.URI.create("http://proxy.local:3128"));
        assertThat(p.proxyFor(java.net.URI.create("https://internal.example/x"))).isEmpty();
        assertThat(p.proxyFor(java.net.URI.create("https://git.corp/x"))).isEmpty();
        assertThat(p.proxyFor(java.net.URI.create("http://github.com/x"))).isEmpty();
        assertThat(p.username()).contains("user");
        assertThatThrownBy(() -> ProxyOptions.of(java.net.URI.create("ftp://p:1"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builderWithoutImplementationNamesTheMissingArtifact() {
        assertThatThrownBy(() -> GitSource.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dev.gitsource:gitsource-jgit");
    }
}
