package dev.gitsource.jgit.internal;

import dev.gitsource.GitSourceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.TreeWalk.OperationType;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;

/**
 * Git LFS for one checkout: reads the pointer files among the candidates (files whose
 * attributes say {@code filter=lfs}), asks the batch API for their objects ({@link LfsClient})
 * and downloads them in parallel (at most {@value #PARALLEL} at once) into a directory of the
 * operation, verified. The writers then move each downloaded file over its pointer's path, so a
 * failure here has written nothing into the working tree.
 */
final class LfsDownloads {
    /** Downloads at once: git-lfs's default {@code lfs.concurrenttransfers}. */
    static final int PARALLEL = 8;
    /** Objects per batch request: git-lfs's default. */
    private static final int BATCH = 100;

    /** A file of the tree under {@code filter=lfs}: its path and blob (maybe a pointer). */
    record Candidate(String path, ObjectId blob) {}

    private final JGitSource git;
    private final Remote remote;
    private final TransportSetup setup;
    private final Deadline deadline;
    private long objects;
    private long bytes;

    LfsDownloads(JGitSource git, Remote remote, TransportSetup setup, Deadline deadline) {
        this.git = git;
        this.remote = remote;
        this.setup = setup;
        this.deadline = deadline;
    }

    /** @return whether the walk's current entry has {@code filter=lfs} */
    static boolean underLfs(TreeWalk walk) {
        return "lfs".equals(walk.getAttributes().getValue("filter"));
    }

    /**
     * The candidates among some paths of a tree, by that tree's own {@code .gitattributes}.
     *
     * @param paths paths of regular files in the tree
     */
    static List<Candidate> candidates(Repository repo, RevTree tree, Collection<String> paths) throws IOException {
        List<Candidate> out = new ArrayList<>();
        if (paths.isEmpty()) {
            return out;
        }
        try (TreeWalk walk = new TreeWalk(repo)) {
            walk.setOperationType(OperationType.CHECKOUT_OP);
            walk.addTree(tree);
            walk.setRecursive(true);
            walk.setFilter(PathFilterGroup.createFromStrings(paths));
            while (walk.next()) {
                if (walk.getFileMode(0).getObjectType() == Constants.OBJ_BLOB && underLfs(walk)) {
                    out.add(new Candidate(walk.getPathString(), walk.getObjectId(0)));
                }
            }
        }
        return out;
    }

    /**
     * The paths status finds modified that are not the LFS object of the pointer the index holds
     * for them (what git-lfs's clean filter tells C git): the index keeps the pointer while the
     * file has the object, so a hash of the file never matches. The index is read once.
     *
     * @param modified tracked paths that status reports as modified
     */
    static java.util.List<String> changedBeyondLfs(Repository repo, java.util.Collection<String> modified)
            throws IOException {
        if (modified.isEmpty()) {
            return java.util.List.of();
        }
        org.eclipse.jgit.dircache.DirCache index = repo.readDirCache();
        return modified.stream().filter(p -> !holdsItsObject(repo, index.getEntry(p), p)).toList();
    }

    private static boolean holdsItsObject(Repository repo, org.eclipse.jgit.dircache.DirCacheEntry entry, String path) {
        try {
            if (entry == null || repo.open(entry.getObjectId()).getSize() > LfsPointer.MAX_BYTES) {
                return false;
            }
            LfsPointer pointer = LfsPointer.parse(repo.open(entry.getObjectId(), Constants.OBJ_BLOB).getCachedBytes());
            Path file = repo.getWorkTree().toPath().resolve(path);
            if (pointer == null || !Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    || Files.size(file) != pointer.size()) {
                return false;
            }
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            try (java.io.InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) > 0; ) {
                    sha.update(buf, 0, n);
                }
            }
            return java.util.HexFormat.of().formatHex(sha.digest()).equals(pointer.oid());
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            return false; // then it is reported as modified, as before
        }
    }

    /** @return objects downloaded so far */
    long objects() {
        return objects;
    }

    /** @return bytes of objects downloaded so far */
    long bytes() {
        return bytes;
    }

    /**
     * Downloads the objects of the candidates that are pointers.
     *
     * @param tree the tree checked out, whose {@code .lfsconfig} may name the LFS server
     * @param dir an empty directory of this operation on the working tree's file system
     * @return the downloaded file of each pointer's path, to be moved over it; none for
     *     candidates that are not pointers
     */
    Map<String, Path> fetch(Repository repo, AnyObjectId tree, List<Candidate> candidates, Path dir) throws IOException {
        Map<String, LfsPointer> pointers = new LinkedHashMap<>();
        try (ObjectReader reader = repo.newObjectReader()) {
            for (Candidate c : candidates) {
                if (reader.getObjectSize(c.blob(), Constants.OBJ_BLOB) <= LfsPointer.MAX_BYTES) {
                    LfsPointer p = LfsPointer.parse(reader.open(c.blob(), Constants.OBJ_BLOB).getCachedBytes());
                    if (p != null) {
                        pointers.put(c.path(), p);
                    }
                }
            }
        }
        if (pointers.isEmpty()) {
            return Map.of();
        }
        pointers.forEach((path, p) -> LfsClient.checkSize(git.config(), p, path));
        LfsClient client = client(lfsUrl(repo, tree));
        Map<LfsPointer, String> unique = new LinkedHashMap<>();
        pointers.forEach((path, p) -> unique.putIfAbsent(p, path));
        Map<LfsPointer, Path> files = download(client, unique, dir);
        Map<String, Path> out = new HashMap<>();
        Map<LfsPointer, Boolean> placed = new HashMap<>();
        for (Map.Entry<String, LfsPointer> e : pointers.entrySet()) {
            Path file = files.get(e.getValue());
            if (placed.put(e.getValue(), true) != null) { // a second path with the same object: a copy of its own
                Path copy = dir.resolve(e.getValue().oid() + "." + out.size());
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                file = copy;
            }
            out.put(e.getKey(), file);
        }
        return out;
    }

    private Map<LfsPointer, Path> download(LfsClient client, Map<LfsPointer, String> unique, Path dir)
            throws IOException {
        List<LfsPointer> all = new ArrayList<>(unique.keySet());
        Map<String, LfsClient.Download> actions = new HashMap<>();
        for (int i = 0; i < all.size(); i += BATCH) {
            Map<LfsPointer, String> chunk = new LinkedHashMap<>();
            all.subList(i, Math.min(all.size(), i + BATCH)).forEach(p -> chunk.put(p, unique.get(p)));
            actions.putAll(client.batch(chunk));
        }
        Files.createDirectories(dir);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, all.size()), r -> {
            Thread t = new Thread(r, "gitsource-lfs");
            t.setDaemon(true);
            return t;
        });
        Map<LfsPointer, Path> files = new HashMap<>();
        try {
            List<Future<Path>> done = new ArrayList<>();
            for (LfsPointer p : all) {
                done.add(pool.submit(() -> {
                    Path part = dir.resolve(p.oid() + ".part");
                    client.download(p, unique.get(p), actions.get(p.oid()), part);
                    return part;
                }));
            }
            for (int i = 0; i < all.size(); i++) {
                try {
                    files.put(all.get(i), done.get(i).get());
                    objects++;
                    bytes += all.get(i).size();
                } catch (ExecutionException e) {
                    done.forEach(d -> d.cancel(true));
                    client.abort();
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new GitSourceException("LFS download from " + client.redacted() + " failed", e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("LFS download interrupted");
        } finally {
            pool.shutdownNow();
            try {
                // the caller deletes the directory next: no download may still be writing there
                pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return files;
    }

    /**
     * The LFS client for this remote: {@code lfs.url} if given; for an SSH remote the endpoint and
     * header that {@code git-lfs-authenticate} gives over SSH (with this operation's key and known
     * hosts); else the remote's own {@code /info/lfs}.
     */
    private LfsClient client(String lfsUrl) throws IOException {
        String scheme = remote.uriish().getScheme();
        if (lfsUrl == null && (scheme == null || scheme.equalsIgnoreCase("ssh"))) {
            LfsClient.Download auth = authenticateOverSsh();
            return new LfsClient(git.http(), git.config(), auth.href(), auth.headers(), deadline);
        }
        return new LfsClient(git.http(), git.config(), LfsClient.endpoint(remote, lfsUrl), remote, setup.credentials(),
                deadline);
    }

    /** Runs {@code git-lfs-authenticate <path> download} on the SSH server and reads its answer. */
    private LfsClient.Download authenticateOverSsh() throws IOException {
        String path = remote.uriish().getPath();
        org.eclipse.jgit.transport.RemoteSession session = setup.sshSession(remote.uriish(), deadline);
        try {
            Process p = session.exec("git-lfs-authenticate '" + path.replace("'", "") + "' download",
                    deadline.remainingSeconds());
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(PluginHttp.MAX_BODY);
            String err = new String(p.getErrorStream().readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
            int status;
            try {
                status = p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted running git-lfs-authenticate");
            }
            if (status != 0) {
                throw new GitSourceException("git-lfs-authenticate on " + remote.redacted() + " failed (exit " + status
                        + "): " + dev.gitsource.Redaction.redact(err.strip()), null);
            }
            return LfsClient.sshAnswer(out, remote.redacted());
        } finally {
            session.disconnect();
        }
    }

    /** The {@code lfs.url} of the tree's {@code .lfsconfig}, or null. */
    private String lfsUrl(Repository repo, AnyObjectId tree) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(repo, ".lfsconfig", tree)) {
            if (walk == null || walk.getFileMode(0).getObjectType() != Constants.OBJ_BLOB) {
                return null;
            }
            byte[] text = repo.open(walk.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes(64 * 1024);
            Config config = new Config();
            config.fromText(new String(text, java.nio.charset.StandardCharsets.UTF_8));
            return config.getString("lfs", null, "url");
        } catch (MissingObjectException e) {
            return null; // outside a partial clone's sparse paths: not fetched, so the remote's own endpoint
        } catch (org.eclipse.jgit.errors.ConfigInvalidException e) {
            throw new GitSourceException("the .lfsconfig of " + remote.redacted() + " cannot be read: "
                    + e.getMessage(), e);
        }
    }
}
