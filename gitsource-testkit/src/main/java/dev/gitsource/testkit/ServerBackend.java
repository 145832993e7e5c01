package dev.gitsource.testkit;

/**
 * Who serves the repositories behind each transport: JGit in this JVM or C git's programs. The
 * HTTP front (authentication, faults, recording) is the same for both and sits before
 * {@link #httpServlet()}; git:// and SSH are the backend's own.
 */
interface ServerBackend {
    /** @return the servlet that answers smart HTTP requests */
    jakarta.servlet.Servlet httpServlet();

    /**
     * @param port the port, 0 for a free one
     * @return the port git:// listens on
     * @throws Exception if it cannot listen
     */
    int startGitDaemon(int port) throws Exception;

    /**
     * @param keys the host keys to present
     * @param port the port, 0 for a free one
     * @return the port SSH listens on
     * @throws Exception if it cannot listen
     */
    int startSsh(SshHostKeys keys, int port) throws Exception;

    /** @return the user name of SSH URLs */
    String sshUser();

    /** Stops what {@code start...} started; every child process ends. */
    void stop();
}
