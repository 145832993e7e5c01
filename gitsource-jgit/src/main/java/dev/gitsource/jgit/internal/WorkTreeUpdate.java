package dev.gitsource.jgit.internal;

import dev.gitsource.GitSourceException;
import dev.gitsource.UnsafeContentException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheCheckout;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CoreConfig.EolStreamType;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.TreeWalk.OperationType;
import org.eclipse.jgit.treewalk.WorkingTreeOptions;

/**
 * Moves a working copy from one tree to another by comparing the two: only entries that
 * differ (or that the caller marks dirty) are written or deleted, and the index is rebuilt
 * keeping the recorded stat data of every unchanged entry. {@link #plan} checks every path
 * of the new tree before {@link #apply} touches the disk.
 */
final class WorkTreeUpdate {
    /** One path to change: what the old tree had there and what the new one has (null when absent). */
    private record Change(String path, FileMode oldMode, FileMode newMode, ObjectId newId, EolStreamType eol,
            DirCacheEntry entry) {}

    private final Repository repo;
    private final Path root;
    private final List<String> sparse;
    private final List<Change> changes = new ArrayList<>();
    private final List<DirCacheEntry> entries = new ArrayList<>();
    private final List<String> changedGitlinks = new ArrayList<>();
    private java.util.Map<String, Path> lfsObjects = java.util.Map.of();
    private long written;
    private long deleted;

    private WorkTreeUpdate(Repository repo, List<String> sparse) {
        this.repo = repo;
        this.root = repo.getWorkTree().toPath();
        this.sparse = sparse;
    }

    /**
     * Compares the trees and checks every path of the new one.
     *
     * @param dirty paths whose working-tree state must be replaced even where the trees agree
     * @throws UnsafeContentException if the new tree holds a path that may not be written
     */
    static WorkTreeUpdate plan(Repository repo, RevTree oldTree, RevTree newTree, List<String> sparse,
            Set<String> dirty, String remote) throws IOException {
        WorkTreeUpdate u = new WorkTreeUpdate(repo, sparse);
        TreeCheck check = new TreeCheck(remote);
        DirCache index = repo.readDirCache();
        try (ObjectReader reader = repo.newObjectReader(); TreeWalk walk = new TreeWalk(repo, reader)) {
            walk.setOperationType(OperationType.CHECKOUT_OP);
            if (oldTree == null) {
                walk.addTree(new org.eclipse.jgit.treewalk.EmptyTreeIterator());
            } else {
                walk.addTree(oldTree);
            }
            walk.addTree(newTree);
            while (walk.next()) {
                String path = walk.getPathString();
                if (walk.isSubtree()) {
                    DirCacheEntry[] kept = walk.idEqual(0, 1) && !dirtyUnder(dirty, path)
                            ? index.getEntriesWithin(path) : new DirCacheEntry[0];
                    if (kept.length == 0) {
                        walk.enterSubtree();
                        continue;
                    }
                    // the same subtree on both sides: its paths were checked when it was written, and
                    // are checked again here against the others from the index, without parsing it
                    for (DirCacheEntry e : kept) {
                        check.check(e.getPathString(), e.getFileMode());
                        u.entries.add(e);
                    }
                    continue;
                }
                FileMode oldMode = walk.getFileMode(0);
                FileMode newMode = walk.getFileMode(1);
                boolean inNew = newMode != FileMode.MISSING;
                DirCacheEntry entry = null;
                if (inNew) {
                    check.check(path, newMode);
                    DirCacheEntry old = index.getEntry(path);
                    boolean same = oldMode.equals(newMode) && walk.idEqual(0, 1);
                    if (same && old != null && old.getObjectId().equals(walk.getObjectId(1))
                            && old.getFileMode().equals(newMode)) {
                        entry = old; // unchanged: keep its stat data, so git need not hash the file again
                    } else {
                        entry = new DirCacheEntry(path);
                        entry.setFileMode(newMode);
                        entry.setObjectId(walk.getObjectId(1));
                    }
                    u.entries.add(entry);
                }
                boolean differs = !oldMode.equals(newMode) || !walk.idEqual(0, 1);
                if (!SparsePaths.contains(sparse, path) || !differs && !dirty.contains(path)) {
                    continue;
                }
                if (newMode == FileMode.GITLINK && differs) {
                    u.changedGitlinks.add(path);
                }
                u.changes.add(new Change(path, oldMode, newMode, inNew ? walk.getObjectId(1) : null,
                        inNew ? walk.getEolStreamType(OperationType.CHECKOUT_OP) : null, entry));
            }
        }
        return u;
    }

    private static boolean dirtyUnder(Set<String> dirty, String directory) {
        String prefix = directory + "/";
        return dirty.stream().anyMatch(p -> p.startsWith(prefix));
    }

    long filesWritten() {
        return written;
    }

    long filesDeleted() {
        return deleted;
    }

    /** @return the paths of the regular files the update writes */
    List<String> filesToWrite() {
        return changes.stream().filter(c -> c.newMode == FileMode.REGULAR_FILE || c.newMode == FileMode.EXECUTABLE_FILE)
                .map(Change::path).toList();
    }

    /** @param objects downloaded LFS objects by path, moved over their pointers by {@link #apply} */
    void lfsObjects(java.util.Map<String, Path> objects) {
        this.lfsObjects = objects;
    }

    /** Submodule paths whose commit changed or that are new. */
    List<String> changedGitlinks() {
        return changedGitlinks;
    }

    /** Deletes what is gone, writes what is new or changed, removes untracked paths given, then the index. */
    void apply(Set<String> untrackedToDelete, ProgressMonitor monitor) throws IOException {
        for (Change c : changes) {
            // a file or symlink is replaced by the write itself; a path that is gone or a submodule that comes or goes is removed first
            boolean kindChanges = (c.oldMode == FileMode.GITLINK) != (c.newMode == FileMode.GITLINK);
            if (c.oldMode != FileMode.MISSING && (c.newMode == FileMode.MISSING || kindChanges)) {
                int n = remove(c.path, c.oldMode);
                deleted += c.newMode == FileMode.MISSING ? n : 0;
            }
        }
        for (String path : untrackedToDelete) {
            deleted += remove(path, FileMode.REGULAR_FILE);
        }
        WorkingTreeOptions options = repo.getConfig().get(WorkingTreeOptions.KEY);
        monitor.beginTask("updating files", (int) changes.stream().filter(c -> c.newMode != FileMode.MISSING).count());
        try (ObjectReader reader = repo.newObjectReader()) {
            for (Change c : changes) {
                if (monitor.isCancelled()) {
                    throw new java.io.InterruptedIOException("update cancelled");
                }
                if (c.newMode != FileMode.MISSING) {
                    write(reader, c, options);
                    monitor.update(1);
                }
            }
        }
        monitor.endTask();
        WorkTreeWriter.writeIndex(repo, entries, sparse);
    }

    /** Deletes a path and the directories it leaves empty; returns 1 if a file or link was there. */
    private int remove(String path, FileMode mode) throws IOException {
        Path p = root.resolve(path);
        int n = 0;
        if (mode == FileMode.GITLINK || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            StagingDirectory.deleteTree(p);
        } else if (Files.deleteIfExists(p)) {
            n = 1;
        }
        for (Path d = p.getParent(); d != null && !d.equals(root); d = d.getParent()) {
            try {
                Files.deleteIfExists(d);
            } catch (DirectoryNotEmptyException e) {
                break; // still holds other entries, and so do its parents
            }
        }
        return n;
    }

    private void write(ObjectReader reader, Change c, WorkingTreeOptions options) throws IOException {
        Path file = root.resolve(c.path);
        directories(file.getParent(), c.path);
        if (c.newMode == FileMode.GITLINK) {
            if (!Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(file);
            }
            return;
        }
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new GitSourceException("cannot write '" + c.path + "' in " + root
                    + ": a directory with files git does not track is in the way");
        }
        if (c.newMode == FileMode.SYMLINK) {
            byte[] target = reader.open(c.newId).getCachedBytes();
            Files.deleteIfExists(file);
            WorkTreeWriter.symlink(file, new String(target, StandardCharsets.UTF_8));
        } else if (lfsObjects.containsKey(c.path)) {
            Path object = lfsObjects.get(c.path); // downloaded and verified beside the copy, renamed over it
            Files.setPosixFilePermissions(object, PosixFilePermissions.fromString(
                    c.newMode == FileMode.EXECUTABLE_FILE ? "rwxr-xr-x" : "rw-r--r--"));
            Files.move(object, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else {
            // a new file beside the old one, renamed over it: a kill leaves one or the other, never half
            Path tmp = file.resolveSibling("." + file.getFileName() + ".gitsource-tmp");
            Files.deleteIfExists(tmp);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                DirCacheCheckout.getContent(repo, c.path, new DirCacheCheckout.CheckoutMetadata(c.eol, null),
                        reader.open(c.newId), options, out);
            }
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(
                    c.newMode == FileMode.EXECUTABLE_FILE ? "rwxr-xr-x" : "rw-r--r--"));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        c.entry.setLength(attrs.size());
        c.entry.setLastModified(attrs.lastModifiedTime().toInstant());
        written++;
    }

    /** Makes the directories of a path, never through a symlink or over a file. */
    private void directories(Path dir, String path) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path d = dir; d != null && !d.equals(root); d = d.getParent()) {
            missing.add(d);
        }
        missing.sort(Comparator.comparingInt(Path::getNameCount));
        for (Path d : missing) {
            if (Files.isSymbolicLink(d)) {
                throw new UnsafeContentException("refusing to write '" + path + "' in " + root
                        + ": it would go through the symlink '" + root.relativize(d) + "'", path);
            }
            if (!Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(d);
            } else if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                throw new GitSourceException("cannot write '" + path + "' in " + root + ": the file '"
                        + root.relativize(d) + "' is in the way");
            }
        }
    }

    /** Deletes the directories under the root that hold nothing (after untracked files were removed). */
    static void pruneEmptyDirectories(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path d : s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.equals(root) && !p.startsWith(root.resolve(".git")))
                    .sorted(Comparator.reverseOrder()).toList()) {
                try (Stream<Path> children = Files.list(d)) {
                    if (children.findAny().isEmpty()) {
                        Files.delete(d);
                    }
                }
            }
        }
    }
}
