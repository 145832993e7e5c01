package dev.gitsource.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitsource.testkit.GitServer.Backend;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.TransferConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The switches said once, read the same by JGit and C git. */
class UploadSettingsTest {
    @TempDir Path tmp;

    @Test
    void cGitGetsTheSwitchesAsGitDashC() {
        assertThat(new UploadSettings(true, false, false).gitConfigParameters()).isEqualTo(
                "'uploadpack.allowfilter=true' 'uploadpack.allowanysha1inwant=false'"
                        + " 'uploadpack.allowreachablesha1inwant=false' 'uploadpack.allowtipsha1inwant=false'");
    }

    @Test
    void jgitGetsTheSwitchesOverTheRepositorysConfig() throws Exception {
        try (Repository repo = new FileRepositoryBuilder().setGitDir(tmp.resolve("r.git").toFile()).setBare().build()) {
            repo.create(true);
            repo.getConfig().setBoolean("uploadpack", null, "allowfilter", false);
            repo.getConfig().setBoolean("uploadpack", null, "allowrefinwant", true);
            TransferConfig on = new UploadSettings(true, true, false).transferConfig(repo);
            assertThat(on.isAllowFilter()).isTrue();
            assertThat(on.isAllowAnySha1InWant()).isTrue();
            assertThat(on.isAllowRefInWant()).as("the repository's own settings stay").isTrue();
            TransferConfig off = new UploadSettings(false, false, true).transferConfig(repo);
            assertThat(off.isAllowFilter()).isFalse();
            assertThat(off.isAllowAnySha1InWant()).isFalse();
            assertThat(off.isAllowReachableSha1InWant()).isFalse();
            assertThat(off.isAllowTipSha1InWant()).isFalse();
        }
    }

    @Test
    void cGitSpeaksV0WhenItMustRefuseIdsAndJGitNeedNot() {
        UploadSettings noIds = new UploadSettings(true, false, false);
        assertThat(noIds.speaksV2(Backend.IN_JVM)).isTrue();
        assertThat(noIds.speaksV2(Backend.C_GIT)).isFalse();
        assertThat(new UploadSettings(true, true, false).speaksV2(Backend.C_GIT)).isTrue();
        assertThat(new UploadSettings(true, true, true).speaksV2(Backend.IN_JVM)).isFalse();
    }
}
