package dev.gitsource.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;

/**
 * The options of a {@link GitServer.Builder}: what it collects before {@link #spec()} checks
 * and freezes them. Apart from the builder so that the server's own file stays about the
 * server; the builder is its only subclass, and javac gives the builder public bridges to these
 * methods, so callers and reflection see them as the builder's.
 */
abstract class ServerOptions {
    private boolean http;
    private boolean https;
    private boolean ssh;
    private boolean git;
    private GitServer.Backend backend = GitServer.Backend.IN_JVM;
    private String basicUser;
    private Predicate<String> basicPassword;
    private Predicate<String> bearerToken;
    private final List<PublicKey> sshKeys = new ArrayList<>();
    private String sshUser;
    private String sshPassword;
    private List<String> sshCertificatePrincipals;
    private boolean autoCreate;
    private final Set<String> readOnly = new HashSet<>();
    private final Set<String> protectedRefs = new HashSet<>();
    private boolean clientCertificates;
    private boolean v0Only;
    private boolean allowFilter = true;
    private boolean allowFetchById = true;
    private Path root;
    private int httpPort;
    private int sshPort;
    private int gitPort;
    private boolean lfs;

    ServerOptions() {}


    /** @return this builder, serving smart HTTP */
    public GitServer.Builder http() {
        http = true;
        return self();
    }

    /** @return this builder, serving HTTPS with a CA generated at start */
    public GitServer.Builder https() {
        https = true;
        return self();
    }

    /** @return this builder, serving SSH with a host key generated at start */
    public GitServer.Builder ssh() {
        ssh = true;
        return self();
    }

    /** @return this builder, serving git:// */
    public GitServer.Builder git() {
        git = true;
        return self();
    }

    /**
     * @param backend who serves the repositories
     * @return this builder
     */
    public GitServer.Builder backend(GitServer.Backend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
        return self();
    }

    /**
     * @param user the only HTTP user accepted
     * @param password its password
     * @return this builder
     */
    public GitServer.Builder basicAuth(String user, String password) {
        Objects.requireNonNull(password, "password");
        return basicAuth(user, password::equals);
    }

    /**
     * Accepts HTTP basic credentials of one user whose password passes a check, for
     * passwords that are computed, such as signatures that include the time. The check
     * sees each password the user sends; it runs on the server's threads.
     *
     * @param user the only HTTP user accepted
     * @param password accepts or refuses a password
     * @return this builder
     */
    public GitServer.Builder basicAuth(String user, Predicate<String> password) {
        basicUser = Objects.requireNonNull(user, "user");
        basicPassword = Objects.requireNonNull(password, "password");
        return self();
    }

    /**
     * @param token the bearer token accepted over HTTP
     * @return this builder
     */
    public GitServer.Builder bearerToken(String token) {
        Objects.requireNonNull(token, "token");
        return bearerToken(token::equals);
    }

    /**
     * Accepts bearer tokens that pass a check; the check sees each token sent and runs on
     * the server's threads.
     *
     * @param token accepts or refuses a token
     * @return this builder
     */
    public GitServer.Builder bearerToken(Predicate<String> token) {
        bearerToken = Objects.requireNonNull(token, "token");
        return self();
    }

    /**
     * @param key a public key accepted for SSH
     * @return this builder
     */
    public GitServer.Builder sshPublicKey(PublicKey key) {
        sshKeys.add(Objects.requireNonNull(key, "key"));
        return self();
    }

    /**
     * @param authorizedKeysLine a public key accepted for SSH, as an {@code authorized_keys} line
     * @return this builder
     * @throws IllegalArgumentException if the line holds no public key this server can read
     */
    public GitServer.Builder sshPublicKey(String authorizedKeysLine) {
        try {
            return sshPublicKey(AuthorizedKeyEntry.parseAuthorizedKeyEntry(authorizedKeysLine.trim())
                    .resolvePublicKey(null, null));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an authorized_keys line: " + authorizedKeysLine, e);
        }
    }

    /**
     * @param user the SSH user accepted with a password (in-JVM backend only)
     * @param password the password
     * @return this builder
     */
    public GitServer.Builder sshPassword(String user, String password) {
        sshUser = Objects.requireNonNull(user, "user");
        sshPassword = Objects.requireNonNull(password, "password");
        return self();
    }

    /**
     * Makes the in-JVM SSH server present a host certificate, signed by a CA made at start
     * ({@link GitServer#sshCertificateAuthorityLine()}), besides its plain host keys.
     *
     * @param principals the host names the certificate is for; none: {@code 127.0.0.1}
     * @return this builder
     */
    public GitServer.Builder sshHostCertificate(String... principals) {
        sshCertificatePrincipals = principals.length == 0 ? List.of("127.0.0.1") : List.of(principals);
        return self();
    }

    /**
     * @param enabled create a repository on its first push
     * @return this builder
     */
    public GitServer.Builder autoCreate(boolean enabled) {
        autoCreate = enabled;
        return self();
    }

    /**
     * @param repository a repository (such as {@code org/lib}) whose pushes are refused
     * @return this builder
     */
    public GitServer.Builder readOnly(String repository) {
        readOnly.add(repository);
        return self();
    }

    /**
     * @param ref a full ref name that pushes may not update
     * @return this builder
     */
    public GitServer.Builder protectRef(String ref) {
        protectedRefs.add(ref);
        return self();
    }

    /** @return this builder; HTTPS then demands a client certificate signed by the server's CA */
    public GitServer.Builder requireClientCertificate() {
        clientCertificates = true;
        return self();
    }

    /**
     * Fixed ports instead of free ones, for a standalone server; 0 keeps a free port.
     *
     * @param http the HTTP port
     * @param ssh the SSH port
     * @param git the git:// port
     * @return this builder
     */
    public GitServer.Builder ports(int http, int ssh, int git) {
        httpPort = http;
        sshPort = ssh;
        gitPort = git;
        return self();
    }

    /** @return this builder; the server then speaks only protocol v0 */
    public GitServer.Builder protocolV0Only() {
        v0Only = true;
        return self();
    }

    /**
     * Whether the server advertises {@code filter} (partial clone, such as
     * {@code filter blob:none}) in protocol v2's fetch and in v0: JGit's and C git's
     * {@code uploadpack.allowFilter}. On by default, as on GitHub and GitLab; off, the server
     * is one that predates partial clone, and clients fetch whole packs.
     *
     * @param enabled whether to advertise and honour object filters
     * @return this builder
     */
    public GitServer.Builder allowFilter(boolean enabled) {
        allowFilter = enabled;
        return self();
    }

    /**
     * Whether clients may want objects by id that no ref advertises (older commits, single
     * blobs of a partial clone): {@code uploadpack.allowAnySHA1InWant} and
     * {@code allowReachableSHA1InWant}. On by default; off, the server refuses such wants
     * as servers of old did. C git's protocol v2 accepts any id whatever it is configured
     * to do, so with this off the C git backend speaks protocol v0 only.
     *
     * @param enabled whether wants of unadvertised object ids are served
     * @return this builder
     */
    public GitServer.Builder allowFetchById(boolean enabled) {
        allowFetchById = enabled;
        return self();
    }

    /**
     * Serves the Git LFS API of every repository beside smart HTTP(S), on the same ports and
     * with the same authentication: {@code <url>/info/lfs} (the repository's URL with
     * {@code .git}), batch API for download and upload (so {@code git lfs push} and
     * {@code git lfs pull} work against it), objects kept in the bare repository's
     * {@code lfs/objects}. Requests are recorded with service {@code git-lfs} and command
     * {@code batch}, {@code download} or {@code upload}; faults such as
     * {@link Fault#lfsCorruptObject()} apply to them. The in-JVM SSH server answers
     * {@code git-lfs-authenticate <path> download|upload} with the HTTP(S) endpoint and a token
     * of its own ({@code Authorization: RemoteAuth <token>}, recorded with the SSH user).
     *
     * @return this builder
     */
    public GitServer.Builder lfs() {
        lfs = true;
        return self();
    }

    /**
     * @param directory where the bare repositories live (kept on close); default a temporary directory
     * @return this builder
     */
    public GitServer.Builder root(Path directory) {
        root = directory;
        return self();
    }

    /** @return what was collected, checked and frozen */
    ServerSpec spec() {
        return new ServerSpec(http, https, ssh, git, backend, basicUser, basicPassword, bearerToken, sshKeys, sshUser,
                sshPassword, sshCertificatePrincipals, autoCreate, readOnly, protectedRefs, clientCertificates,
                new UploadSettings(allowFilter, allowFetchById, v0Only), root, httpPort, sshPort, gitPort, lfs);
    }

    private GitServer.Builder self() {
        return (GitServer.Builder) this;
    }
}
