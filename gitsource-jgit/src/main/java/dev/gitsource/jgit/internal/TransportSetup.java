package dev.gitsource.jgit.internal;

import dev.gitsource.AuthenticationException;
import dev.gitsource.spi.GitSourceConfig;
import dev.gitsource.Redaction;
import dev.gitsource.auth.GitCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshConfigStore;
import org.eclipse.jgit.transport.SshConstants;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.ProxyData;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * Configures one transport for one operation: credentials (preemptive basic, bearer header,
 * SSH key), this client's TLS and proxy settings, strict known_hosts, and the deadline.
 * Everything is set on the transport instance; nothing process-wide.
 */
final class TransportSetup implements AutoCloseable {
    private final GitSourceConfig config;
    private final HttpConnections http;
    private final KnownHostsDatabase knownHosts;
    private final GitCredentials credentials;
    private final List<SshdSessionFactory> sshFactories = new ArrayList<>();
    private final List<SshProxyBridge> bridges = new ArrayList<>();
    private volatile Deadline deadline;
    /** The local repository a transport of this setup writes into, for errors that name no file. */
    private volatile Path localDirectory;
    private final RetryAfter retryAfter = new RetryAfter();

    TransportSetup(GitSourceConfig config, HttpConnections http, KnownHostsDatabase knownHosts,
            GitCredentials credentials) {
        this.config = config;
        this.http = http;
        this.knownHosts = knownHosts;
        this.credentials = credentials;
    }

    GitCredentials credentials() {
        return credentials;
    }

    /** Remembers where this operation writes, so that a full disk during a fetch can name it. */
    void writingInto(Path directory) {
        this.localDirectory = directory;
    }

    /** @return the directory given to {@link #writingInto}, or null */
    Path localDirectory() {
        return localDirectory;
    }

    /** @return the wait a rate-limited answer to this attempt asked for, or null */
    java.time.Duration retryAfter() {
        return retryAfter.asked();
    }

    /** The URI JGit connects to: without user information, with the SSH user if there is a key. */
    URIish uri(URIish remote) {
        URIish u = remote.setPass(null);
        if (credentials instanceof GitCredentials.SshKey k) {
            return u.setUser(k.username());
        }
        if (credentials instanceof GitCredentials.SshAgent a) {
            return u.setUser(a.username());
        }
        return "ssh".equals(u.getScheme()) || u.getScheme() == null ? u : u.setUser(null);
    }

    void configure(Transport transport, Deadline deadline) {
        this.deadline = deadline;
        transport.setTimeout(deadline.remainingSeconds());
        transport.setCredentialsProvider(new Refusing());
        if (transport instanceof TransportHttp t) {
            boolean plain = "http".equalsIgnoreCase(t.getURI().getScheme());
            if (plain && !config.allowCredentialsOverHttp()
                    && (credentials instanceof GitCredentials.Basic || credentials instanceof GitCredentials.Bearer)) {
                throw new AuthenticationException("refusing to send credentials over plain http to "
                        + Redaction.redact(t.getURI().toString())
                        + ": use https, or allowCredentialsOverHttp(true) on the builder", null);
            }
            if (plain) {
                http.checkPlainHttp(URI.create(t.getURI().setUser(null).setPass(null).toString()));
            }
            t.setHttpConnectionFactory(http.noting(retryAfter));
            if (credentials instanceof GitCredentials.Basic b) {
                t.setPreemptiveBasicAuthentication(b.username(), b.password());
                t.setCredentialsProvider(new BasicProvider(b));
            } else if (credentials instanceof GitCredentials.Bearer b) {
                t.setAdditionalHeaders(Map.of("Authorization", "Bearer " + b.token()));
            }
        } else if (transport instanceof SshTransport ssh) {
            ssh.setSshSessionFactory(sshFactory());
        }
    }

    /**
     * An SSH session to the remote with this setup's key, known hosts and proxy, for a command
     * of its own ({@code git-lfs-authenticate}); closed with this setup.
     *
     * @param remote the SSH remote
     * @param deadline the operation's deadline
     * @return the session, connected and authenticated
     * @throws IOException if it cannot be opened
     */
    org.eclipse.jgit.transport.RemoteSession sshSession(URIish remote, Deadline deadline) throws IOException {
        this.deadline = deadline;
        return sshFactory().getSession(uri(remote), new Refusing(), org.eclipse.jgit.util.FS.DETECTED,
                (int) Math.min(Integer.MAX_VALUE, deadline.remainingSeconds() * 1000L));
    }

    private SshdSessionFactory sshFactory() {
        List<KeyPair> keys = credentials instanceof GitCredentials.SshKey k ? readKeys(k) : List.of();
        GitCredentials.SshAgent agent = credentials instanceof GitCredentials.SshAgent a ? a : null;
        SshdSessionFactoryBuilder b = new SshdSessionFactoryBuilder()
                .setHomeDirectory(Isolation.nowhere())
                .setSshDirectory(Isolation.nowhere())
                .setConfigStoreFactory((home, file, user) -> agent == null ? null : new AgentConfig(agent.socket()));
        if (agent != null) {
            // Only with ssh-agent credentials is an agent asked: JGit's connector, found by ServiceLoader.
            b.withDefaultConnectorFactory();
        }
        SshdSessionFactory f = b
                .setDefaultKnownHostsFiles(dir -> List.of())
                .setDefaultIdentities(dir -> List.of())
                .setDefaultKeysProvider(dir -> keys)
                .setServerKeyDatabase((home, dir) -> knownHosts)
                .setPreferredAuthentications("publickey")
                .setProxyDataFactory(this::sshProxy)
                .build(null);
        synchronized (sshFactories) {
            sshFactories.add(f);
        }
        return f;
    }

    /**
     * The proxy for an SSH connection, from this client's options only (never the JVM's proxy
     * selector): an {@link SshProxyBridge} in front of it, whatever its kind.
     */
    private ProxyData sshProxy(InetSocketAddress remote) {
        URI via = http.proxyUri(URI.create("ssh://" + remote.getHostString() + ":" + remote.getPort() + "/"));
        if (via == null) {
            return null;
        }
        try {
            Deadline d = deadline;
            int wait = d == null ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.remainingSeconds()) * 1000L);
            SshProxyBridge bridge = new SshProxyBridge(http.tunnel(via), remote, wait);
            synchronized (bridges) {
                bridges.add(bridge);
            }
            return bridge.proxyData();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot open the way through the proxy " + via, e);
        }
    }

    /**
     * @param failure what JGit reported
     * @return what the proxy in front of an SSH connection said, with JGit's report suppressed;
     *     else the failure itself
     */
    Exception withProxyFailure(Exception failure) {
        synchronized (bridges) {
            for (SshProxyBridge b : bridges) {
                if (b.failure() != null) {
                    IOException e = b.failure();
                    e.addSuppressed(failure);
                    return e;
                }
            }
        }
        return failure;
    }

    private static List<KeyPair> readKeys(GitCredentials.SshKey key) {
        try {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("ssh key"),
                    new ByteArrayInputStream(key.privateKeyPem().getBytes(StandardCharsets.UTF_8)),
                    key.passphrase() == null ? FilePasswordProvider.EMPTY : FilePasswordProvider.of(key.passphrase()));
            List<KeyPair> out = new ArrayList<>();
            if (pairs != null) {
                pairs.forEach(out::add);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("the SSH private key could not be read");
            }
            return out;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // The message of a key parser can quote the key: say only what kind of failure it was.
            String why = key.passphrase() == null ? "is it encrypted? then give its passphrase"
                    : "is the passphrase right?";
            throw new AuthenticationException("cannot read the SSH private key (" + e.getClass().getSimpleName()
                    + "; " + why + ")", null);
        }
    }

    @Override
    public void close() {
        synchronized (sshFactories) {
            sshFactories.forEach(SshdSessionFactory::close);
            sshFactories.clear();
        }
        synchronized (bridges) {
            // Kept, closed: their failures are read after this (try-with-resources closes before catch).
            bridges.forEach(SshProxyBridge::close);
        }
    }

    /** Answers JGit's prompts with basic credentials, once; a retry means they were refused. */
    private static final class BasicProvider extends CredentialsProvider {
        private final GitCredentials.Basic basic;

        BasicProvider(GitCredentials.Basic basic) {
            this.basic = basic;
        }

        @Override
        public boolean isInteractive() {
            return false;
        }

        @Override
        public boolean supports(CredentialItem... items) {
            for (CredentialItem i : items) {
                if (!(i instanceof CredentialItem.Username) && !(i instanceof CredentialItem.Password)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
            for (CredentialItem i : items) {
                if (i instanceof CredentialItem.Username u) {
                    u.setValue(basic.username());
                } else if (i instanceof CredentialItem.Password p) {
                    p.setValue(basic.password().toCharArray());
                } else {
                    throw new UnsupportedCredentialItem(uri, i.getClass().getSimpleName());
                }
            }
            return true;
        }
    }

    /** The one setting an ssh-agent needs, for every host: its socket (none: SSH_AUTH_SOCK). */
    private static final class AgentConfig implements SshConfigStore, SshConfigStore.HostConfig {
        private final Map<String, String> options;

        AgentConfig(String socket) {
            this.options = socket == null ? Map.of() : Map.of(SshConstants.IDENTITY_AGENT, socket);
        }

        @Override
        public HostConfig lookup(String hostName, int port, String userName) {
            return this;
        }

        @Override
        public HostConfig lookupDefault(String hostName, int port, String userName) {
            return this;
        }

        @Override
        public String getValue(String key) {
            return options.get(key);
        }

        @Override
        public List<String> getValues(String key) {
            return List.of();
        }

        @Override
        public Map<String, String> getOptions() {
            return options;
        }

        @Override
        public Map<String, List<String>> getMultiValuedOptions() {
            return Map.of();
        }
    }

    /** Never answers a prompt: no interactive input in an unattended client. */
    private static final class Refusing extends CredentialsProvider {
        @Override
        public boolean isInteractive() {
            return false;
        }

        @Override
        public boolean supports(CredentialItem... items) {
            return false;
        }

        @Override
        public boolean get(URIish uri, CredentialItem... items) {
            return false;
        }
    }
}
