package dev.gitsource.jgit.internal;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.SemverRange;
import java.io.IOException;
import org.eclipse.jgit.lib.StoredConfig;

/**
 * The configuration a working copy gets, as {@code git clone --single-branch} would write it,
 * and what gitsource keeps there for later updates ({@code gitsource.target}); for a partial
 * copy the promisor layout of {@code git clone --filter=blob:none}.
 */
final class RepositoryLayout {
    private RepositoryLayout() {}

    /**
     * @param fetchSpec the refspec later fetches use, or null for all branches
     * @param branch the local branch tracking its remote namesake, or null
     */
    static void configureOrigin(org.eclipse.jgit.lib.Repository repo, Remote remote, String fetchSpec, String branch)
            throws IOException {
        StoredConfig c = repo.getConfig();
        // Never store a password or token from the URL in .git/config: later operations take
        // credentials from the client.
        c.setString("remote", "origin", "url", remote.stored());
        c.setString("remote", "origin", "fetch", fetchSpec != null ? fetchSpec : "+refs/heads/*:refs/remotes/origin/*");
        if (branch != null) {
            c.setString("branch", branch, "remote", "origin");
            c.setString("branch", branch, "merge", "refs/heads/" + branch);
        }
        c.setBoolean("core", null, "logAllRefUpdates", false);
        c.setInt("gc", null, "auto", 0); // nor does C git start a GC in a copy the library keeps
        c.save();
    }

    /**
     * Makes the copy a partial clone as C git writes one: {@code origin} is its promisor remote,
     * so C git fetches an absent blob from it when a command needs one. The packs fetched from
     * it carry {@code .promisor} markers ({@link #markPromisor}).
     */
    static void markPartial(org.eclipse.jgit.lib.Repository repo, String filter) throws IOException {
        StoredConfig c = repo.getConfig();
        c.setInt("core", null, "repositoryformatversion", 1); // extensions are read from version 1 on
        c.setString("extensions", null, "partialClone", "origin");
        c.setBoolean("remote", "origin", "promisor", true);
        c.setString("remote", "origin", "partialclonefilter", filter);
        c.save();
    }

    /** Whether the copy is partial: some objects its trees name are on the server only. */
    static boolean isPartial(org.eclipse.jgit.lib.Repository repo) {
        return repo.getConfig().getString("extensions", null, "partialClone") != null
                || repo.getConfig().getBoolean("remote", "origin", "promisor", false);
    }

    /**
     * Writes the empty {@code .promisor} file beside a pack fetched from the promisor remote: C
     * git then counts the objects the pack's trees name as promised, not as missing.
     */
    static void markPromisor(java.nio.file.Path pack) throws IOException {
        String name = pack.getFileName().toString();
        java.nio.file.Path marker = pack.resolveSibling(name.substring(0, name.length() - ".pack".length())
                + ".promisor");
        if (!java.nio.file.Files.exists(marker)) {
            java.nio.file.Files.createFile(marker);
        }
    }

    /**
     * Records what a copy follows and holds, for later updates: the target (their default),
     * the depth (kept by every update) and the revision checked out (local commits move HEAD
     * away from it).
     */
    static void recordCheckout(org.eclipse.jgit.lib.Repository repo, CheckoutTarget target, int depth,
            dev.gitsource.Revision revision) throws IOException {
        StoredConfig c = repo.getConfig();
        c.setString("gitsource", null, "target", encode(target));
        c.setInt("gitsource", null, "depth", depth);
        c.setString("gitsource", null, "revision", revision.toString());
        c.save();
    }

    /** The depth a copy was cloned with: recorded, else 1 for a shallow copy and 0 for a full one. */
    static int recordedDepth(org.eclipse.jgit.lib.Repository repo) {
        boolean shallow = java.nio.file.Files.exists(repo.getDirectory().toPath().resolve("shallow"));
        int depth = repo.getConfig().getInt("gitsource", null, "depth", shallow ? 1 : 0);
        return depth == 0 && shallow ? 1 : depth;
    }

    /** The revision gitsource last checked out, or null. */
    static dev.gitsource.Revision recordedRevision(org.eclipse.jgit.lib.Repository repo) {
        String text = repo.getConfig().getString("gitsource", null, "revision");
        return text == null ? null : dev.gitsource.Revision.parse(text);
    }

    /** The target the copy was cloned or last updated with, or null if gitsource did not record one. */
    static CheckoutTarget recordedTarget(org.eclipse.jgit.lib.Repository repo) {
        String text = repo.getConfig().getString("gitsource", null, "target");
        return text == null ? null : decode(text);
    }

    static String encode(CheckoutTarget t) {
        if (t instanceof CheckoutTarget.Commit c) {
            return "commit:" + c.id() + (c.branch() != null ? " " + c.branch() : "");
        } else if (t instanceof CheckoutTarget.Branch b) {
            return "branch:" + b.name();
        } else if (t instanceof CheckoutTarget.Tag tag) {
            return "tag:" + tag.name();
        } else if (t instanceof CheckoutTarget.RefName r) {
            return "ref:" + r.name();
        } else if (t instanceof CheckoutTarget.Semver s) {
            return (s.range().includesPreReleases() ? "semver-pre:" : "semver:") + s.range();
        } else if (t instanceof CheckoutTarget.Head) {
            return "head:";
        }
        throw new IllegalStateException("unsupported checkout target kind: " + t.getClass().getName());
    }

    static CheckoutTarget decode(String text) {
        int colon = text.indexOf(':');
        String kind = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        return switch (kind) {
            case "commit" -> value.contains(" ")
                    ? CheckoutTarget.commit(value.substring(0, value.indexOf(' ')), value.substring(value.indexOf(' ') + 1))
                    : CheckoutTarget.commit(value);
            case "branch" -> CheckoutTarget.branch(value);
            case "tag" -> CheckoutTarget.tag(value);
            case "ref" -> CheckoutTarget.refName(value);
            case "semver" -> CheckoutTarget.semver(value);
            case "semver-pre" -> CheckoutTarget.semver(SemverRange.parse(value).includingPreReleases());
            case "head" -> CheckoutTarget.head();
            default -> throw new IllegalArgumentException("unknown recorded target '" + text + "'");
        };
    }
}
