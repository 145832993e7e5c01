package dev.gitsource.testkit.junit;

import dev.gitsource.testkit.GitServer;
import org.junit.jupiter.api.Assumptions;

/**
 * Assumptions for tests that need a backend or program this machine may lack. A test (or one
 * cell of a matrix over {@link GitServer.Backend}) whose assumption fails is aborted, which
 * JUnit and surefire report as skipped, with the reason: never silently left out.
 *
 * <pre>{@code
 * @ParameterizedTest
 * @EnumSource(GitServer.Backend.class)
 * void clones(GitServer.Backend backend) {
 *     BackendAssumptions.assumeAvailable(backend);
 *     try (GitServer server = GitServer.builder().backend(backend).start()) { ... }
 * }
 * }</pre>
 */
public final class BackendAssumptions {
    private BackendAssumptions() {}

    /**
     * @param backend the backend a test serves with
     * @throws org.opentest4j.TestAbortedException if it is not installed
     */
    public static void assumeAvailable(GitServer.Backend backend) {
        abortIfMissing(missing(backend, false));
    }

    /**
     * @param backend the backend a test serves SSH with
     * @throws org.opentest4j.TestAbortedException if it or its SSH server is not installed
     */
    public static void assumeSshAvailable(GitServer.Backend backend) {
        abortIfMissing(missing(backend, true));
    }

    /** @throws org.opentest4j.TestAbortedException if C git (as a client, say) is not installed */
    public static void assumeCGit() {
        abortIfMissing(missing(GitServer.Backend.C_GIT, false));
    }

    private static void abortIfMissing(String reason) {
        Assumptions.assumeTrue(reason == null, reason);
    }

    /**
     * @param backend the backend
     * @param ssh whether its SSH server is needed too
     * @return why it cannot serve on this machine, or null if it can
     */
    static String missing(GitServer.Backend backend, boolean ssh) {
        if (backend == GitServer.Backend.IN_JVM) {
            return null;
        }
        if (!GitServer.isCGitAvailable()) {
            return "C git is not installed";
        }
        return ssh && !GitServer.isOpenSshAvailable() ? "OpenSSH's sshd is not installed" : null;
    }
}
