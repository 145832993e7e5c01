package dev.gitsource.jgit;

import dev.gitsource.auth.CredentialsUnavailableException;
import dev.gitsource.auth.GitCredentials;
import dev.gitsource.auth.GitCredentialsProvider;
import dev.gitsource.auth.GitCredentialsProviderFactory;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * A provider plugin for tests, found by ServiceLoader like the real ones: it serves the host
 * {@code plugin.example} with basic credentials {@code plugin-user}/{@code plugin-pass}, and
 * {@code public.example} with none to give (as the Azure plugin without an Azure identity:
 * {@link CredentialsUnavailableException}). Both names point at 127.0.0.1 in the tests' hosts file.
 */
public final class TestPluginFactory implements GitCredentialsProviderFactory {
    /** The plugin's id. */
    public static final String ID = "test";

    /** ServiceLoader's constructor. */
    public TestPluginFactory() {}

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<GitCredentialsProvider> create(URI remote, Map<String, String> settings) {
        boolean chosen = ID.equals(settings.get("provider"));
        String host = remote.getHost() == null ? "" : remote.getHost();
        if (host.equals("plugin.example")) {
            return Optional.of(r -> GitCredentials.basic("plugin-user", "plugin-pass"));
        }
        if (host.equals("public.example") || chosen) {
            return Optional.of(r -> {
                throw new CredentialsUnavailableException("no identity for " + r.remote().getHost() + " here");
            });
        }
        return Optional.empty();
    }
}
