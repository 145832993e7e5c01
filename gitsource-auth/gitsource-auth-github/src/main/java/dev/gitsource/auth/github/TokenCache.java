package dev.gitsource.auth.github;

import dev.gitsource.GitTransportException;
import dev.gitsource.auth.GitCredentials;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Keeps the current token and decides when to mint the next one: when there is none, when it
 * is within the refresh margin of its expiry, or when the server refused it. Thread-safe, with
 * at most one mint in flight: callers that need a token while one is being minted wait for it
 * and get its token, or its failure. A failure is not kept; the next call mints again.
 */
final class TokenCache {
    /** Makes a new token; called by one thread at a time. */
    @FunctionalInterface
    interface Mint {
        /**
         * @param afterRefusal true if the server refused the token before
         * @return the new token
         */
        GitCredentials.Basic mint(boolean afterRefusal);
    }

    private final Clock clock;
    private final Duration refreshMargin;
    private final Mint mint;
    private final Object lock = new Object();
    // Guarded by lock.
    private GitCredentials.Basic current;
    private CompletableFuture<GitCredentials.Basic> inFlight;

    TokenCache(Clock clock, Duration refreshMargin, Mint mint) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refreshMargin = Objects.requireNonNull(refreshMargin, "refreshMargin");
        this.mint = Objects.requireNonNull(mint, "mint");
    }

    /**
     * @param refused true if the server refused the token this cache handed out last
     * @return a token that is not within the refresh margin of its expiry; after a refusal, one
     *     minted after this call began (a mint already in flight counts: its token is new)
     */
    GitCredentials.Basic get(boolean refused) {
        CompletableFuture<GitCredentials.Basic> joined = null;
        CompletableFuture<GitCredentials.Basic> mine = null;
        synchronized (lock) {
            if (inFlight != null) {
                joined = inFlight;
            } else if (!refused && fresh(current)) {
                return current;
            } else {
                current = null; // a refused or expiring token is not handed out again
                mine = inFlight = new CompletableFuture<>();
            }
        }
        if (joined != null) {
            return await(joined);
        }
        // The mint runs outside the lock: it calls GitHub, and waiters blocked on the future
        // can be interrupted.
        try {
            GitCredentials.Basic token = Objects.requireNonNull(mint.mint(refused), "minted token");
            synchronized (lock) {
                current = token;
                inFlight = null;
            }
            mine.complete(token);
            return token;
        } catch (RuntimeException | Error e) {
            synchronized (lock) {
                inFlight = null;
            }
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private boolean fresh(GitCredentials.Basic token) {
        if (token == null) {
            return false;
        }
        // A token without an expiry is kept until the server refuses it.
        return token.expires() == null || clock.instant().isBefore(token.expires().minus(refreshMargin));
    }

    private static GitCredentials.Basic await(CompletableFuture<GitCredentials.Basic> minting) {
        try {
            return minting.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitTransportException("interrupted while waiting for a GitHub App token", false, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
