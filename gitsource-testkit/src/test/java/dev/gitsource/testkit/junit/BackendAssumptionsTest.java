package dev.gitsource.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.testkit.GitServer;
import dev.gitsource.testkit.GitServer.Backend;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A missing backend aborts the test (reported as skipped) with the reason; the in-JVM one is never missing. */
class BackendAssumptionsTest {
    @Test
    void theInJvmBackendIsAlwaysThere() {
        assertThat(BackendAssumptions.missing(Backend.IN_JVM, true)).isNull();
        BackendAssumptions.assumeAvailable(Backend.IN_JVM);
        BackendAssumptions.assumeSshAvailable(Backend.IN_JVM);
    }

    @Test
    void cGitIsMissingExactlyWhenItIsNotInstalled() {
        String missing = BackendAssumptions.missing(Backend.C_GIT, false);
        assertThat(missing == null).isEqualTo(GitServer.isCGitAvailable());
        if (missing != null) {
            assertThatThrownBy(() -> BackendAssumptions.assumeAvailable(Backend.C_GIT))
                    .isInstanceOf(TestAbortedException.class).hasMessageContaining("C git");
        }
        String sshMissing = BackendAssumptions.missing(Backend.C_GIT, true);
        assertThat(sshMissing == null).isEqualTo(GitServer.isCGitAvailable() && GitServer.isOpenSshAvailable());
    }

    @Test
    void theConditionDisablesWithTheReason() {
        assertThat(CGitCondition.decide(null).isDisabled()).isFalse();
        assertThat(CGitCondition.decide("C git is not installed").isDisabled()).isTrue();
        assertThat(CGitCondition.decide("C git is not installed").getReason()).hasValue("C git is not installed");
    }

    @Test
    @EnabledIfCGit
    void anAnnotatedTestRunsOnlyWithCGit() {
        assertThat(GitServer.isCGitAvailable()).isTrue();
    }
}
