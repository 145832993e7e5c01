package dev.gitsource;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link GitSource#clone}: either the remote had not moved since the last
 * observed revision ({@link #unchanged()}, nothing fetched or written), or a working copy.
 */
public final class CloneResult {
    private final Revision revision;
    private final Repository repository;
    private final boolean unchanged;

    private CloneResult(Revision revision, Repository repository, boolean unchanged) {
        this.revision = Objects.requireNonNull(revision, "revision");
        this.repository = repository;
        this.unchanged = unchanged;
    }

    /**
     * @param revision the revision the remote still points at
     * @return a result that says nothing was fetched
     */
    public static CloneResult unchanged(Revision revision) {
        return new CloneResult(revision, null, true);
    }

    /**
     * @param revision the revision checked out
     * @param repository the working copy, or null in export mode
     * @return a result for a completed clone
     */
    public static CloneResult cloned(Revision revision, Repository repository) {
        return new CloneResult(revision, repository, false);
    }

    /** @return true if the remote had not moved: nothing was fetched or written */
    public boolean unchanged() {
        return unchanged;
    }

    /** @return the revision, in Flux's format ({@code main@sha1:<hex>}) */
    public String revision() {
        return revision.toString();
    }

    /** @return the revision as a value */
    public Revision parsedRevision() {
        return revision;
    }

    /**
     * @return the working copy
     * @throws IllegalStateException if the result is unchanged or an export (there is none)
     */
    public Repository repository() {
        if (repository == null) {
            throw new IllegalStateException(unchanged
                    ? "the remote is unchanged: nothing was cloned" : "an export has no repository");
        }
        return repository;
    }

    /** @return the working copy, if there is one */
    public Optional<Repository> repositoryIfAny() {
        return Optional.ofNullable(repository);
    }

    @Override
    public String toString() {
        return (unchanged ? "unchanged " : "cloned ") + revision;
    }
}
