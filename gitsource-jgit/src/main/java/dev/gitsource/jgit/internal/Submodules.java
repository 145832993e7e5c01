package dev.gitsource.jgit.internal;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.UnsafeContentException;
import dev.gitsource.UpdateOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Clones the submodules of a fresh checkout, recursively and as shallow as the parent. Each
 * submodule is a {@link Remote} that knows its superproject, so its credentials are resolved
 * for its own URL: what the caller gave for the server it named goes only to that server
 * ({@link Credentials}). URLs may be absolute, scp-style ({@code git@host:org/lib.git}) or
 * relative ({@code ../lib.git}). Names and URLs that could escape (a {@code ..} name, an
 * option-like {@code -} URL, host, user or path, {@code ext::} or other {@code ::} helpers,
 * local paths, schemes the client does not allow) are refused, as are cycles and nesting
 * deeper than {@link #MAX_NESTING}. The parent's configuration records each submodule as
 * {@code git submodule init} does, so C git's {@code git submodule status} works in the copy.
 */
final class Submodules {
    /** How deep submodules may nest below the repository the caller named. */
    static final int MAX_NESTING = 8;

    private final JGitSource git;
    private final Remote parent;
    private final org.eclipse.jgit.lib.Repository repo;
    private final Deadline deadline;
    private final int depth;
    private Set<String> only;

    Submodules(JGitSource git, Remote parent, org.eclipse.jgit.lib.Repository repo, TransportSetup setup,
            Deadline deadline, int depth) {
        this.git = git;
        this.parent = parent;
        this.repo = repo;
        this.deadline = deadline;
        this.depth = depth;
    }

    void update() throws IOException {
        Path root = repo.getWorkTree().toPath();
        ObjectId head = repo.resolve("HEAD");
        String text = gitmodules(root, head);
        if (text == null) {
            return;
        }
        Config config = new Config();
        try {
            config.fromText(text);
        } catch (ConfigInvalidException e) {
            throw new UnsafeContentException("refusing " + parent.redacted() + ": .gitmodules cannot be parsed", ".gitmodules");
        }
        for (String name : config.getSubsections("submodule")) {
            String path = config.getString("submodule", name, "path");
            String url = config.getString("submodule", name, "url");
            if (path == null || url == null) {
                continue;
            }
            checkName(name);
            PathRules.check(path, parent.redacted());
            ObjectId commit = gitlink(head, path);
            if (commit == null) {
                continue; // listed but not in the tree (or outside the sparse paths)
            }
            Remote sub = resolve(name, url);
            if (only != null && !only.contains(path)) {
                continue;
            }
            checkNesting(name, sub);
            Path dir = root.resolve(path);
            if (Files.isDirectory(dir.resolve(".git"))) {
                updateExisting(dir, sub, commit);
            } else {
                new CloneOperation(git, sub, CloneOptions.builder().target(CheckoutTarget.commit(commit.name()))
                        .depth(depth).directory(dir).submodules(true).timeout(remaining()).build())
                        .run().repository().close();
            }
            record(name, sub);
        }
    }

    /** After an update: brings the submodules at these paths to their new commits (cloning new ones). */
    void sync(Collection<String> paths) throws IOException {
        this.only = Set.copyOf(paths);
        update();
    }

    private Duration remaining() {
        return Duration.ofSeconds(Math.max(1, deadline.remainingSeconds()));
    }

    /** Updates a submodule already checked out, with credentials for its own URL (not as a remote the caller named). */
    private void updateExisting(Path dir, Remote sub, ObjectId commit) throws IOException {
        try (org.eclipse.jgit.lib.Repository existing = LimitedRepository.build(new FileRepositoryBuilder()
                .setGitDir(dir.resolve(".git").toFile()).setWorkTree(dir.toFile()).setMustExist(true), git.config())) {
            new UpdateOperation(git, existing, sub, UpdateOptions.builder()
                    .target(CheckoutTarget.commit(commit.name())).timeout(remaining()).build(), List.of()).run();
        }
    }

    /** As {@code git submodule init}: the URL (never a token) and that the submodule is active. */
    private void record(String name, Remote sub) throws IOException {
        StoredConfig c = repo.getConfig();
        c.setString("submodule", name, "url", sub.stored());
        c.setBoolean("submodule", name, "active", true);
        c.save();
    }

    /**
     * The text of {@code .gitmodules}: the working tree's, else (outside the sparse paths) the
     * commit's if the copy has that blob (a partial copy fetches it only when a submodule is
     * inside the sparse paths); null when there is none.
     */
    private String gitmodules(Path root, ObjectId head) throws IOException {
        Path file = root.resolve(".gitmodules");
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Files.readString(file);
        }
        if (head == null) {
            return null;
        }
        try (RevWalk walk = new RevWalk(repo);
                TreeWalk tw = TreeWalk.forPath(repo, ".gitmodules", walk.parseCommit(head).getTree())) {
            if (tw == null || tw.getFileMode(0) != FileMode.REGULAR_FILE
                    || !repo.getObjectDatabase().has(tw.getObjectId(0))) {
                return null;
            }
            return new String(repo.open(tw.getObjectId(0)).getCachedBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private ObjectId gitlink(ObjectId head, String path) throws IOException {
        try (RevWalk walk = new RevWalk(repo);
                TreeWalk tw = TreeWalk.forPath(repo, path, walk.parseCommit(head).getTree())) {
            if (tw == null || tw.getFileMode(0) != FileMode.GITLINK) {
                return null;
            }
            if (!Files.isDirectory(repo.getWorkTree().toPath().resolve(path))) {
                return null;
            }
            return tw.getObjectId(0);
        }
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\")
                || Arrays.asList(name.split("/")).contains("..")) {
            throw new UnsafeContentException("refusing " + parent.redacted() + ": submodule name '" + name
                    + "' could escape .git/modules", name);
        }
    }

    private void checkNesting(String name, Remote sub) {
        if (sub.nesting() > MAX_NESTING) {
            throw new UnsafeContentException("refusing " + parent.redacted() + ": submodule '" + name + "' ("
                    + sub.redacted() + ") is nested deeper than " + MAX_NESTING + " levels", name);
        }
        for (Remote above = parent; above != null; above = above.superproject()) {
            if (above.repositoryKey().equals(sub.repositoryKey())) {
                throw new UnsafeContentException("refusing " + parent.redacted() + ": submodule '" + name + "' ("
                        + sub.redacted() + ") is a repository it is already inside (a submodule cycle)", name);
            }
        }
    }

    private Remote resolve(String name, String url) {
        if (url.startsWith("-") || url.contains("::") || url.toLowerCase(Locale.ROOT).startsWith("ext:")) {
            throw unsafe(name, "has an unsafe URL");
        }
        Remote sub;
        try {
            sub = parent.submodule(url);
        } catch (IllegalArgumentException e) {
            throw unsafe(name, "has a URL that cannot be parsed");
        }
        if (sub == null) {
            throw unsafe(name, url.startsWith(".") ? "URL climbs above the server root" : "has a local path as its URL");
        }
        String scheme = sub.uri().getScheme().toLowerCase(Locale.ROOT);
        if (!git.config().allowedSchemes().contains(scheme)) {
            throw unsafe(name, "uses the " + scheme + " scheme, which is not allowed");
        }
        // "-oProxyCommand=..." must not reach ssh; file: (when the caller allows it) has no host
        String user = sub.uriish().getUser();
        String path = sub.uriish().getPath();
        if (!scheme.equals("file") && (sub.uri().getHost() == null || sub.uri().getHost().startsWith("-")
                || (user != null && user.startsWith("-")) || path == null || path.startsWith("-"))) {
            throw unsafe(name, "has a URL without a valid host");
        }
        return sub;
    }

    private UnsafeContentException unsafe(String name, String why) {
        return new UnsafeContentException("refusing " + parent.redacted() + ": submodule '" + name + "' " + why, name);
    }
}
