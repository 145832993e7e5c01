package dev.gitsource.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.testkit.GitServer.Backend;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The builder's options, checked once and frozen before anything starts. */
class ServerSpecTest {
    private static ServerSpec spec(GitServer.Builder b) {
        return b.spec();
    }

    @Test
    void noTransportMeansHttpAndTheDefaultsAreTheModernServer() {
        ServerSpec s = spec(GitServer.builder());
        assertThat(s.http()).isTrue();
        assertThat(s.https() || s.ssh() || s.git()).isFalse();
        assertThat(s.backend()).isEqualTo(Backend.IN_JVM);
        assertThat(s.upload()).isEqualTo(new UploadSettings(true, true, false));
        assertThat(spec(GitServer.builder().ssh()).http()).as("a transport asked for: only that").isFalse();
    }

    @Test
    void theSwitchesReachTheSpec() {
        ServerSpec s = spec(GitServer.builder().allowFilter(false).allowFetchById(false).protocolV0Only());
        assertThat(s.upload()).isEqualTo(new UploadSettings(false, false, true));
    }

    @Test
    void collectionsAreFrozen() {
        GitServer.Builder b = GitServer.builder().readOnly("org/lib").protectRef("refs/heads/main");
        ServerSpec s = spec(b);
        b.protectRef("refs/heads/other").readOnly("org/other");
        assertThat(s.protectedRefs()).containsExactly("refs/heads/main");
        assertThat(s.isReadOnly("org/lib")).isTrue();
        assertThat(s.isReadOnly("org/other")).isFalse();
        assertThatThrownBy(() -> s.readOnly().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void combinationsThatCannotWorkFailBeforeAnythingStarts() {
        assertThatThrownBy(() -> spec(GitServer.builder().http().requireClientCertificate()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https()");
        assertThatThrownBy(() -> spec(GitServer.builder().ssh().backend(Backend.C_GIT).sshPassword("u", "p")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("public keys only");
        assertThatThrownBy(() -> spec(GitServer.builder().ssh().backend(Backend.C_GIT).sshHostCertificate()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in-JVM backend");
        assertThatThrownBy(() -> spec(GitServer.builder().ports(70_000, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HTTP port");
        assertThatThrownBy(() -> spec(GitServer.builder().ports(0, -1, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SSH port");
        assertThatThrownBy(() -> new ServerSpec(true, false, false, false, Backend.IN_JVM, "u", null, null, List.of(),
                null, null, null, false, Set.of(), Set.of(), false, new UploadSettings(true, true, false), null, 0, 0, 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password check");
        assertThat(spec(GitServer.builder().https().requireClientCertificate()).clientCertificates()).isTrue();
    }

    @Test
    void anAuthorizedKeysLineIsReadWhenGiven() {
        assertThatThrownBy(() -> GitServer.builder().sshPublicKey("ssh-ed25519 not-base64 me"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("authorized_keys");
    }
}
