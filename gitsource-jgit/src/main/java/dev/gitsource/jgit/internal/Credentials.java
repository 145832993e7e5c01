package dev.gitsource.jgit.internal;

import dev.gitsource.spi.GitSourceConfig;
import dev.gitsource.auth.CredentialsRequest;
import dev.gitsource.auth.CredentialsUnavailableException;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.auth.GitCredentialsProvider;
import dev.gitsource.auth.GitCredentialsProviderFactory;
import dev.gitsource.auth.ProviderContext;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the credentials for a remote, in this order: the builder's provider if set; else user
 * information in the URL (what the caller wrote there wins over a plugin that only matches
 * the host); else the plugin chosen by id or the first plugin that serves the host; else none.
 * A plugin matched by host that has no credentials to give ({@link CredentialsUnavailableException},
 * such as Azure DevOps without an Azure identity) leaves the remote anonymous, for public
 * repositories, with the reason logged at debug; a plugin chosen by id fails instead. Plugin
 * providers are kept per host for this client only, so their token caches are never shared
 * with another client.
 *
 * <p>What the caller gave for every remote goes only to the server of the remote it named: a
 * submodule on another server is resolved for its own URL without the builder's fixed
 * credentials ({@link GitCredentialsProvider#sameForEveryRemote()}) and without the plugin
 * chosen by id, which serves any host; plugins that serve its host by themselves still do.
 */
final class Credentials {
    private static final Logger LOG = LoggerFactory.getLogger(Credentials.class);
    /** The settings entry that tells a plugin it was chosen by id ({@link GitCredentialsProviderFactory}). */
    static final String PROVIDER = "provider";

    private final GitSourceConfig config;
    private final ProviderContext context;
    private final Map<String, Optional<GitCredentialsProvider>> byHost = new ConcurrentHashMap<>();
    private volatile List<GitCredentialsProviderFactory> factories;

    /**
     * @param config the client's settings
     * @param context what plugins get for their own traffic: the client's HTTP, TLS and proxy
     */
    Credentials(GitSourceConfig config, ProviderContext context) {
        this.config = config;
        this.context = context;
    }

    GitCredentials resolve(Remote target, boolean refused) {
        URI remote = target.uri();
        URI clean = withoutUserInfo(remote);
        boolean named = target.onNamedServer();
        Optional<GitCredentialsProvider> explicit = config.explicitCredentials()
                .filter(p -> named || !p.sameForEveryRemote());
        if (explicit.isPresent()) {
            return ask(explicit.get(), clean, refused);
        }
        GitCredentials inUrl = fromUserInfo(remote);
        if (!(inUrl instanceof GitCredentials.Anonymous)) {
            return inUrl;
        }
        // A plugin is chosen by the URL the caller gave: the remote-helper URL it translated, if any.
        URI given = target.helper() != null ? withoutUserInfo(target.helper()) : clean;
        String key = target.helper() != null ? "helper " + given : clean.getScheme() + "://" + clean.getHost() + ":"
                + clean.getPort();
        Optional<GitCredentialsProvider> plugin = byHost.computeIfAbsent((named ? "" : "by host ") + key,
                k -> plugin(target.helper() != null ? target.helper() : clean, named));
        if (plugin.isEmpty()) {
            return inUrl;
        }
        try {
            return ask(plugin.get(), clean, refused);
        } catch (CredentialsUnavailableException e) {
            if (named && config.providerId() != null) {
                throw e; // chosen by id: the caller wants its credentials, not none
            }
            LOG.debug("no credentials from {} for {} ({}); going on anonymously", plugin.get(),
                    dev.gitsource.Redaction.redact(clean), e.getMessage());
            return GitCredentials.anonymous();
        }
    }

    private static GitCredentials ask(GitCredentialsProvider provider, URI remote, boolean refused) {
        GitCredentials c = provider.resolve(new CredentialsRequest(remote, refused));
        if (c.expiresAt().map(e -> e.isBefore(Instant.now())).orElse(false) && !refused) {
            c = provider.resolve(new CredentialsRequest(remote, true));
        }
        return c;
    }

    /** @param chosen whether the plugin chosen by id applies (it serves any host): only on the named server */
    private Optional<GitCredentialsProvider> plugin(URI remote, boolean chosen) {
        String id = chosen ? config.providerId() : null;
        Map<String, String> settings = config.providerSettings();
        if (id != null) {
            // Plugins learn that they were chosen, not matched by host, from this entry.
            settings = new java.util.HashMap<>(settings);
            settings.put(PROVIDER, id);
        }
        for (GitCredentialsProviderFactory f : factories()) {
            if (id != null && !id.equals(f.id())) {
                continue;
            }
            Optional<GitCredentialsProvider> p = f.create(remote, settings, context);
            if (p.isPresent()) {
                return p;
            }
        }
        if (id != null) {
            throw new IllegalArgumentException("no credentials plugin '" + config.providerId() + "' on the class path"
                    + " serves " + dev.gitsource.Redaction.redact(remote));
        }
        return Optional.empty();
    }

    /**
     * The Git URL a plugin translates a remote-helper URL into ({@link GitCredentialsProviderFactory#gitUrl}).
     *
     * @param remote a URL whose scheme the client does not speak
     * @return the URL to connect to, or empty if no plugin knows the scheme
     * @throws IllegalArgumentException if a plugin knows the scheme but not this URL
     */
    Optional<URI> gitUrl(URI remote) {
        for (GitCredentialsProviderFactory f : factories()) {
            Optional<URI> url = f.gitUrl(remote, config.providerSettings());
            if (url.isPresent()) {
                return url;
            }
        }
        return Optional.empty();
    }

    private List<GitCredentialsProviderFactory> factories() {
        List<GitCredentialsProviderFactory> f = factories;
        if (f == null) {
            f = new ArrayList<>();
            var it = ServiceLoader.load(GitCredentialsProviderFactory.class, Credentials.class.getClassLoader()).iterator();
            while (true) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    f.add(it.next());
                } catch (ServiceConfigurationError e) {
                    LOG.warn("skipping a broken credentials plugin: {}", e.getMessage());
                }
            }
            factories = f = List.copyOf(f);
        }
        return f;
    }

    /**
     * Basic credentials from the URL's user information, as C git (through curl) sends them:
     * {@code user:password}, or a token as the user name ({@code https://TOKEN@host/...}) with
     * an empty password. An SSH URL's user is a login name, not a credential.
     */
    private static GitCredentials fromUserInfo(URI remote) {
        String info = remote.getRawUserInfo();
        if (info == null || info.isEmpty() || "ssh".equalsIgnoreCase(remote.getScheme())) {
            return GitCredentials.anonymous();
        }
        int colon = info.indexOf(':');
        String user = URLDecoder.decode(colon < 0 ? info : info.substring(0, colon), StandardCharsets.UTF_8);
        String password = colon < 0 ? "" : URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8);
        return user.isEmpty() ? GitCredentials.anonymous() : GitCredentials.basic(user, password);
    }

    static URI withoutUserInfo(URI remote) {
        if (remote.getRawUserInfo() == null || remote.isOpaque()) {
            return remote;
        }
        try {
            return new URI(remote.getScheme(), null, remote.getHost(), remote.getPort(), remote.getPath(),
                    remote.getQuery(), remote.getFragment());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a remote URL: " + dev.gitsource.Redaction.redact(remote), e);
        }
    }
}
