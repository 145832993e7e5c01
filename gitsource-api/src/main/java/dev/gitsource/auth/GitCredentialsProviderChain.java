package dev.gitsource.auth;

import dev.gitsource.AuthenticationException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tries providers in order, like the AWS and Azure credential chains: a provider that throws
 * {@link CredentialsUnavailableException} is skipped; any other failure stops the chain.
 * Remembers the provider that worked and asks it first next time. When none is available,
 * the error lists each provider's reason.
 */
public final class GitCredentialsProviderChain implements GitCredentialsProvider {
    private final List<GitCredentialsProvider> providers;
    private final AtomicReference<GitCredentialsProvider> lastUsed = new AtomicReference<>();

    /** @param providers the providers, in order; at least one */
    public GitCredentialsProviderChain(List<GitCredentialsProvider> providers) {
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("a credentials chain needs at least one provider");
        }
        this.providers = List.copyOf(providers);
    }

    @Override
    public GitCredentials resolve(CredentialsRequest request) {
        GitCredentialsProvider remembered = lastUsed.get();
        if (remembered != null) {
            try {
                return remembered.resolve(request);
            } catch (CredentialsUnavailableException e) {
                lastUsed.compareAndSet(remembered, null);
            }
        }
        List<String> reasons = new ArrayList<>();
        for (GitCredentialsProvider p : providers) {
            try {
                GitCredentials c = p.resolve(request);
                lastUsed.set(p);
                return c;
            } catch (CredentialsUnavailableException e) {
                reasons.add(p + ": " + e.getMessage());
            }
        }
        AuthenticationException e = new AuthenticationException(
                "no credentials provider could supply credentials for " + dev.gitsource.Redaction.redact(request.remote())
                        + ": " + String.join("; ", reasons), null);
        throw e;
    }

    /** @return true if every provider of the chain gives the same credentials for every remote */
    @Override
    public boolean sameForEveryRemote() {
        return providers.stream().allMatch(GitCredentialsProvider::sameForEveryRemote);
    }

    @Override
    public String toString() {
        return "chain" + providers;
    }
}
