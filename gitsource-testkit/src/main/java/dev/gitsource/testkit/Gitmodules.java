package dev.gitsource.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** The {@code .gitmodules} text a {@link RepositoryFixture} commits: read from a branch, and added to. */
final class Gitmodules {
    private Gitmodules() {}

    /** @return the {@code .gitmodules} of the branch's tip, or nothing if it has none */
    static byte[] committed(Repository repo, String branch) {
        try (RevWalk walk = new RevWalk(repo)) {
            ObjectId tip = repo.resolve(Constants.R_HEADS + branch);
            TreeWalk tw = tip == null ? null : TreeWalk.forPath(repo, ".gitmodules", walk.parseCommit(tip).getTree());
            return tw == null ? new byte[0] : repo.open(tw.getObjectId(0)).getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code text} with the submodule at {@code path} added (or its entry replaced) */
    static byte[] with(byte[] text, String path, String url) {
        Config gitmodules = new Config();
        try {
            gitmodules.fromText(new String(text, StandardCharsets.UTF_8));
        } catch (ConfigInvalidException e) {
            throw new IllegalStateException("the fixture's .gitmodules cannot be parsed", e);
        }
        gitmodules.setString("submodule", path, "path", path);
        gitmodules.setString("submodule", path, "url", url);
        return gitmodules.toText().getBytes(StandardCharsets.UTF_8);
    }
}
