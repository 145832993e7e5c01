package dev.gitsource.testkit;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a {@link GitServer.Builder} collected, checked once and frozen: the server and its
 * parts read it and never change it. Combinations that cannot work fail here, before anything
 * is started.
 *
 * @param http serve smart HTTP (when no transport is asked for, HTTP is served)
 * @param https serve HTTPS
 * @param ssh serve SSH
 * @param git serve git://
 * @param backend who serves the repositories
 * @param basicUser the only HTTP basic user accepted, or null
 * @param basicPassword the check of that user's password, or null
 * @param bearerToken the check of HTTP bearer tokens, or null
 * @param sshKeys the public keys accepted for SSH
 * @param sshUser the SSH user accepted with a password, or null
 * @param sshPassword that user's password, or null
 * @param sshCertificatePrincipals the host names of the host certificate the in-JVM SSH server
 *     presents, or null for none
 * @param autoCreate create a repository on its first push
 * @param readOnly repositories (such as {@code org/lib}) whose pushes are refused
 * @param protectedRefs full ref names that pushes may not update
 * @param clientCertificates HTTPS demands a client certificate signed by the server's CA
 * @param upload the upload-pack switches
 * @param root where the bare repositories live, or null for a temporary directory
 * @param httpPort the HTTP port, 0 for a free one
 * @param sshPort the SSH port, 0 for a free one
 * @param gitPort the git:// port, 0 for a free one
 * @param lfs serve the Git LFS API beside smart HTTP(S)
 */
record ServerSpec(boolean http, boolean https, boolean ssh, boolean git, GitServer.Backend backend, String basicUser,
        Predicate<String> basicPassword, Predicate<String> bearerToken, List<PublicKey> sshKeys, String sshUser,
        String sshPassword, List<String> sshCertificatePrincipals, boolean autoCreate, Set<String> readOnly, Set<String> protectedRefs,
        boolean clientCertificates, UploadSettings upload, Path root, int httpPort, int sshPort, int gitPort,
        boolean lfs) {
    /** Checks the combination, copies the collections, and picks HTTP when no transport is asked for. */
    ServerSpec {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(upload, "upload");
        if (!http && !https && !ssh && !git) {
            http = true;
        }
        if ((basicUser == null) != (basicPassword == null)) {
            throw new IllegalArgumentException("a basic user needs a password check, and the other way round");
        }
        if ((sshUser == null) != (sshPassword == null)) {
            throw new IllegalArgumentException("an SSH user needs a password, and the other way round");
        }
        if (clientCertificates && !https) {
            throw new IllegalArgumentException("requireClientCertificate() needs https()");
        }
        if (sshUser != null && backend == GitServer.Backend.C_GIT) {
            throw new IllegalArgumentException("the C git backend's sshd accepts public keys only, not passwords");
        }
        if (sshCertificatePrincipals != null && backend == GitServer.Backend.C_GIT) {
            throw new IllegalArgumentException("sshHostCertificate() needs the in-JVM backend");
        }
        checkPort(httpPort, "HTTP");
        checkPort(sshPort, "SSH");
        checkPort(gitPort, "git://");
        sshKeys = List.copyOf(sshKeys);
        sshCertificatePrincipals = sshCertificatePrincipals == null ? null : List.copyOf(sshCertificatePrincipals);
        readOnly = Set.copyOf(readOnly);
        protectedRefs = Set.copyOf(protectedRefs);
    }

    private static void checkPort(int port, String transport) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(transport + " port out of range: " + port);
        }
    }

    /**
     * @param repository such as {@code org/lib}
     * @return whether pushes to it are refused
     */
    boolean isReadOnly(String repository) {
        return readOnly.contains(repository);
    }
}
