package dev.gitsource.jgit.internal;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.UnsafeContentException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Clones the submodules of a fresh checkout, recursively and as shallow as the parent,
 * with the same client (and so the same credentials). Names and URLs that could escape
 * (a {@code ..} name, an option-like {@code -} URL, {@code ext::} or other {@code ::}
 * helpers, local paths unless the {@code file} scheme is allowed) are refused.
 */
final class Submodules {
    private final JGitSource git;
    private final Remote parent;
    private final org.eclipse.jgit.lib.Repository repo;
    private final Deadline deadline;
    private final int depth;
    private java.util.Set<String> only;

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
            URI uri = resolve(name, url);
            if (only != null && !only.contains(path)) {
                continue;
            }
            Path dir = root.resolve(path);
            long left = Math.max(1, deadline.remainingSeconds());
            if (Files.isDirectory(dir.resolve(".git"))) {
                try (dev.gitsource.Repository sub = git.open(dir)) {
                    sub.update(dev.gitsource.UpdateOptions.builder().target(CheckoutTarget.commit(commit.name()))
                            .timeout(Duration.ofSeconds(left)).build());
                }
                continue;
            }
            git.clone(uri, CloneOptions.builder().target(CheckoutTarget.commit(commit.name())).depth(depth)
                    .directory(dir).submodules(true).timeout(Duration.ofSeconds(left)).build())
                    .repository().close();
        }
    }

    /** After an update: brings the submodules at these paths to their new commits (cloning new ones). */
    void sync(java.util.Collection<String> paths) throws IOException {
        this.only = java.util.Set.copyOf(paths);
        update();
    }

    /**
     * The text of {@code .gitmodules}: the working tree's, else (outside the sparse paths) the
     * commit's if the copy has that blob (a partial copy fetches it only when a submodule is
     * inside the sparse paths); null when there is none.
     */
    private String gitmodules(Path root, ObjectId head) throws IOException {
        Path file = root.resolve(".gitmodules");
        if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return Files.readString(file);
        }
        if (head == null) {
            return null;
        }
        try (RevWalk walk = new RevWalk(repo);
                TreeWalk tw = TreeWalk.forPath(repo, ".gitmodules", walk.parseCommit(head).getTree())) {
            if (tw == null || tw.getFileMode(0) != org.eclipse.jgit.lib.FileMode.REGULAR_FILE
                    || !repo.getObjectDatabase().has(tw.getObjectId(0))) {
                return null;
            }
            return new String(repo.open(tw.getObjectId(0)).getCachedBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private ObjectId gitlink(ObjectId head, String path) throws IOException {
        try (RevWalk walk = new RevWalk(repo);
                TreeWalk tw = TreeWalk.forPath(repo, path, walk.parseCommit(head).getTree())) {
            if (tw == null || tw.getFileMode(0) != org.eclipse.jgit.lib.FileMode.GITLINK) {
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
                || java.util.Arrays.asList(name.split("/")).contains("..")) {
            throw new UnsafeContentException("refusing " + parent.redacted() + ": submodule name '" + name
                    + "' could escape .git/modules", name);
        }
    }

    private URI resolve(String name, String url) {
        if (url.startsWith("-") || url.contains("::") || url.toLowerCase(Locale.ROOT).startsWith("ext:")) {
            throw new UnsafeContentException("refusing " + parent.redacted() + ": submodule '" + name
                    + "' has an unsafe URL", name);
        }
        URI uri;
        if (url.startsWith("./") || url.startsWith("../")) {
            // git resolves relative URLs as if the superproject's URL were a directory:
            // ../lib.git next to https://host/org/app.git is https://host/org/lib.git
            String base = parent.uri().toString().replaceAll("/+$", "");
            uri = URI.create(base + "/").resolve(url);
            if (uri.getPath() == null || uri.getPath().contains("/../")) {
                throw new UnsafeContentException("refusing " + parent.redacted() + ": submodule '" + name
                        + "' URL climbs above the server root", name);
            }
        } else if (url.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            uri = URI.create(url);
        } else {
            throw new UnsafeContentException("refusing " + parent.redacted() + ": submodule '" + name
                    + "' has a local or scp-style URL", name);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!git.config().allowedSchemes().contains(scheme)) {
            throw new UnsafeContentException("refusing " + parent.redacted() + ": submodule '" + name + "' uses the "
                    + scheme + " scheme, which is not allowed", name);
        }
        // "-oProxyCommand=..." must not reach ssh; file: (when the caller allows it) has no host
        if (!scheme.equals("file") && (uri.getHost() == null || uri.getHost().startsWith("-"))) {
            throw new UnsafeContentException("refusing " + parent.redacted() + ": submodule '" + name
                    + "' has a URL without a valid host", name);
        }
        return uri;
    }
}
