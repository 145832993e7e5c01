package dev.gitsource.jgit.internal;

import java.io.IOException;
import org.eclipse.jgit.lib.StoredConfig;

/** The configuration a working copy gets, as {@code git clone --single-branch} would write it. */
final class RepositoryLayout {
    private RepositoryLayout() {}

    /**
     * @param fetchSpec the refspec later fetches use, or null for all branches
     * @param branch the local branch tracking its remote namesake, or null
     */
    static void configureOrigin(org.eclipse.jgit.lib.Repository repo, Remote remote, String fetchSpec, String branch)
            throws IOException {
        StoredConfig c = repo.getConfig();
        // Never store a password or token from the URL in .git/config.
        c.setString("remote", "origin", "url", remote.uriish().setPass(null).toString());
        c.setString("remote", "origin", "fetch", fetchSpec != null ? fetchSpec : "+refs/heads/*:refs/remotes/origin/*");
        if (branch != null) {
            c.setString("branch", branch, "remote", "origin");
            c.setString("branch", branch, "merge", "refs/heads/" + branch);
        }
        c.setBoolean("core", null, "logAllRefUpdates", false);
        c.save();
    }
}
