package dev.gitsource.jgit.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheCheckout;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CoreConfig.EolStreamType;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.TreeWalk.OperationType;
import org.eclipse.jgit.treewalk.WorkingTreeOptions;

/**
 * Writes a tree into an empty working directory and builds the index for it. Each file is
 * created once and written once (no temporary file and rename: the whole directory is new
 * and moved into place only when complete). Every path is checked by {@link PathRules}
 * before anything is written, and no entry is written through a symlink or file that an
 * earlier entry created, in any letter case.
 */
final class WorkTreeWriter {
    private final Repository repo;
    private final Path root;
    private final String remote;
    private final List<String> sparse;
    private final Set<String> nonDirectories = new HashSet<>();
    private final Set<String> seen = new HashSet<>();
    private final Set<Path> madeDirectories = new HashSet<>();
    private long filesWritten;

    WorkTreeWriter(Repository repo, String remote, List<String> sparse) {
        this.repo = repo;
        this.root = repo.getWorkTree().toPath();
        this.remote = remote;
        this.sparse = sparse;
    }

    long filesWritten() {
        return filesWritten;
    }

    /** Checks every path of the tree, then writes it; returns the paths of gitlinks (submodules). */
    List<String> write(RevTree tree, ProgressMonitor monitor) throws IOException {
        List<String> gitlinks = new java.util.ArrayList<>();
        WorkingTreeOptions options = repo.getConfig().get(WorkingTreeOptions.KEY);
        Set<String> sparseFound = new HashSet<>();
        try (ObjectReader reader = repo.newObjectReader(); TreeWalk walk = new TreeWalk(repo, reader)) {
            walk.setOperationType(OperationType.CHECKOUT_OP);
            walk.addTree(tree);
            walk.setRecursive(true);
            DirCache index = repo.lockDirCache();
            try {
                DirCacheBuilder builder = index.builder();
                while (walk.next()) {
                    if (monitor.isCancelled()) {
                        throw new IOException("checkout cancelled");
                    }
                    String path = walk.getPathString();
                    checkPath(path);
                    FileMode mode = walk.getFileMode(0);
                    DirCacheEntry entry = new DirCacheEntry(path);
                    entry.setFileMode(mode);
                    entry.setObjectId(walk.getObjectId(0));
                    String matched = sparseMatch(path);
                    if (matched != null) {
                        sparseFound.add(matched);
                        Path file = root.resolve(path);
                        if (mode == FileMode.GITLINK) {
                            gitlinks.add(path);
                            mkdirs(file);
                        } else {
                            writeEntry(reader, walk, path, mode, file, options, entry);
                            filesWritten++;
                            monitor.update(1);
                        }
                    }
                    builder.add(entry);
                }
                builder.finish();
                index.write();
                index.commit();
            } finally {
                index.unlock();
            }
        }
        for (String s : sparse) {
            if (!sparseFound.contains(s)) {
                throw new IllegalArgumentException("sparse path '" + s + "' does not exist in the tree of " + remote);
            }
        }
        if (!sparse.isEmpty()) {
            SparseIndex.apply(repo, sparse);
        }
        return gitlinks;
    }

    private String sparseMatch(String path) {
        if (sparse.isEmpty()) {
            return "";
        }
        for (String s : sparse) {
            if (path.equals(s) || path.startsWith(s + "/")) {
                return s;
            }
        }
        return null;
    }

    private void checkPath(String path) {
        PathRules.check(path, remote);
        String folded = path.toLowerCase(Locale.ROOT);
        if (!seen.add(folded)) {
            throw PathRules.unsafe(path, remote, "collides with another entry of the same name in another case");
        }
        for (int slash = folded.indexOf('/'); slash > 0; slash = folded.indexOf('/', slash + 1)) {
            if (nonDirectories.contains(folded.substring(0, slash))) {
                throw PathRules.unsafe(path, remote, "would be written through the symlink or file '"
                        + path.substring(0, slash) + "'");
            }
        }
        nonDirectories.add(folded);
    }

    private void writeEntry(ObjectReader reader, TreeWalk walk, String path, FileMode mode, Path file,
            WorkingTreeOptions options, DirCacheEntry entry) throws IOException {
        mkdirs(file.getParent());
        ObjectLoader loader = reader.open(walk.getObjectId(0));
        if (mode == FileMode.SYMLINK) {
            if (path.equalsIgnoreCase(".gitmodules") || path.toLowerCase(Locale.ROOT).endsWith("/.gitmodules")) {
                throw PathRules.unsafe(path, remote, "is a symlink named .gitmodules");
            }
            byte[] target = loader.getCachedBytes();
            symlink(file, new String(target, StandardCharsets.UTF_8));
            entry.setLength(target.length);
        } else {
            EolStreamType eol = walk.getEolStreamType(OperationType.CHECKOUT_OP);
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                DirCacheCheckout.getContent(repo, path, new DirCacheCheckout.CheckoutMetadata(eol, null), loader,
                        options, out);
            }
            if (mode == FileMode.EXECUTABLE_FILE) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (mode != FileMode.SYMLINK) {
            entry.setLength(attrs.size());
        }
        entry.setLastModified(attrs.lastModifiedTime().toInstant());
    }

    /**
     * Java normalises a link target as a path ({@code ../a/} becomes {@code ../a}), which C git
     * then sees as a modified symlink; such targets are written with {@code ln -s} instead.
     */
    private static void symlink(Path link, String target) throws IOException {
        if (link.getFileSystem().getPath(target).toString().equals(target)) {
            Files.createSymbolicLink(link, link.getFileSystem().getPath(target));
            return;
        }
        Process p = new ProcessBuilder("ln", "-s", "--", target, link.toString()).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("ln -s failed for " + link.getFileName());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted writing a symlink", e);
        }
    }

    private void mkdirs(Path dir) throws IOException {
        if (dir == null || dir.equals(root) || madeDirectories.contains(dir)) {
            return;
        }
        mkdirs(dir.getParent());
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(dir);
        }
        madeDirectories.add(dir);
    }
}
