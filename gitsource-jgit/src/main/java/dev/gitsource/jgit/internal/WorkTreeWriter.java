package dev.gitsource.jgit.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheCheckout;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.CoreConfig.EolStreamType;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
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
    private final boolean index;
    private final Set<Path> madeDirectories = ConcurrentHashMap.newKeySet();
    private LfsDownloads lfs;
    private Path lfsDirectory;
    private Map<String, Path> lfsObjects = Map.of();
    private long filesWritten;
    static final int MIN_WRITERS = 8;
    private static final Set<StandardOpenOption> CREATE_NEW_FILE =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    // The umask applies on top, as for C git.
    private static final FileAttribute<?> EXECUTABLE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"));
    private static final FileAttribute<?> REGULAR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"));

    /**
     * @param index whether to build the index; without one (an export) no file is stat'ed
     *     after it is written
     */
    WorkTreeWriter(Repository repo, String remote, List<String> sparse, boolean index) {
        this.repo = repo;
        this.index = index;
        this.root = repo.getWorkTree().toPath();
        this.remote = remote;
        this.sparse = sparse;
    }

    long filesWritten() {
        return filesWritten;
    }

    /**
     * Replaces LFS pointer files by their objects: downloaded after every path is checked and
     * before any file is written, then moved into place by the writers.
     *
     * @param downloads the operation's LFS client
     * @param directory where the objects are downloaded to, on the working tree's file system
     * @return this writer
     */
    WorkTreeWriter lfs(LfsDownloads downloads, Path directory) {
        this.lfs = downloads;
        this.lfsDirectory = directory;
        return this;
    }

    /** A regular file to write, found by the walk; {@code written} once an early writer has written it. */
    static final class FileJob {
        final DirCacheEntry entry;
        final Path file;
        final FileMode mode;
        final EolStreamType eol;
        volatile boolean written;

        FileJob(DirCacheEntry entry, Path file, FileMode mode, EolStreamType eol) {
            this.entry = entry;
            this.file = file;
            this.mode = mode;
            this.eol = eol;
        }
    }

    /** What a walk of the tree found, every path checked: the index entries and what to write. */
    static final class Plan {
        final ObjectId tree;
        final List<DirCacheEntry> entries = new ArrayList<>();
        final List<FileJob> files = new ArrayList<>();
        final List<DirCacheEntry> symlinks = new ArrayList<>();
        final List<String> gitlinks = new ArrayList<>();
        final Set<String> sparseFound = new HashSet<>();
        final List<LfsDownloads.Candidate> lfsCandidates = new ArrayList<>();

        Plan(AnyObjectId tree) {
            this.tree = tree.copy();
        }
    }

    /**
     * Walks the tree, reading it through {@code reader}, and checks every path; writes nothing.
     *
     * @throws dev.gitsource.UnsafeContentException if the tree may not be written
     */
    Plan plan(ObjectReader reader, AnyObjectId tree) throws IOException {
        Plan plan = new Plan(tree);
        TreeCheck check = new TreeCheck(remote);
        try (TreeWalk walk = new TreeWalk(repo, reader)) {
            walk.setOperationType(OperationType.CHECKOUT_OP);
            walk.addTree(tree);
            walk.setRecursive(true);
            while (walk.next()) {
                String path = walk.getPathString();
                FileMode mode = walk.getFileMode(0);
                check.check(path, mode);
                DirCacheEntry entry = new DirCacheEntry(path);
                entry.setFileMode(mode);
                entry.setObjectId(walk.getObjectId(0));
                plan.entries.add(entry);
                String matched = SparsePaths.match(sparse, path);
                if (matched == null) {
                    continue;
                }
                plan.sparseFound.add(matched);
                // nothing is written during the walk: a later entry can still make the tree unsafe
                if (mode == FileMode.GITLINK) {
                    plan.gitlinks.add(path);
                } else if (mode == FileMode.SYMLINK) {
                    plan.symlinks.add(entry);
                } else {
                    // its directories are made by the writer that writes it, not all first: the
                    // writers then make them in parallel (measured in benchmarks/README.md)
                    plan.files.add(new FileJob(entry, root.resolve(path), mode,
                            walk.getEolStreamType(OperationType.CHECKOUT_OP)));
                    if (lfs != null && LfsDownloads.underLfs(walk)) {
                        plan.lfsCandidates.add(new LfsDownloads.Candidate(path, entry.getObjectId()));
                    }
                }
            }
        }
        return plan;
    }

    /** Checks every path of the tree, then writes it: {@link #write(Plan, ProgressMonitor)}. */
    List<String> write(RevTree tree, ProgressMonitor monitor) throws IOException {
        try (ObjectReader reader = repo.newObjectReader()) {
            return write(plan(reader, tree), monitor);
        }
    }

    /**
     * Creates the plan's symlinks and submodule directories, then writes its files not yet
     * written (and their directories) on several threads, then the index. Returns the paths
     * of gitlinks (submodules). Reports the files written as the task {@code checking out files}.
     */
    List<String> write(Plan plan, ProgressMonitor monitor) throws IOException {
        for (String s : sparse) {
            if (!plan.sparseFound.contains(s)) {
                throw SparsePaths.notFound(s, remote);
            }
        }
        if (!plan.lfsCandidates.isEmpty()) {
            lfsObjects = lfs.fetch(repo, plan.tree, plan.lfsCandidates, lfsDirectory);
        }
        for (String gitlink : plan.gitlinks) {
            mkdirs(root.resolve(gitlink));
        }
        try (ObjectReader reader = repo.newObjectReader()) {
            for (DirCacheEntry link : plan.symlinks) {
                Path file = root.resolve(link.getPathString());
                mkdirs(file.getParent());
                writeSymlink(reader, link.getPathString(), file, link);
            }
        }
        List<FileJob> left = plan.files.stream().filter(f -> !f.written).toList();
        // the walk is done, so the total is known: progress can show it
        monitor.beginTask("checking out files", plan.files.size());
        monitor.update(plan.files.size() - left.size());
        writeFiles(left, monitor);
        monitor.endTask();
        filesWritten = plan.files.size();
        if (index) {
            writeIndex(repo, plan.entries, sparse);
        }
        return plan.gitlinks;
    }

    /**
     * Writes a file whose content arrived before the pack ended (see {@link PipelinedCheckout}):
     * the bytes as they are, which the caller has made sure is what its attributes ask for.
     */
    void writeEarly(FileJob job, byte[] content) throws IOException {
        mkdirs(job.file.getParent());
        try (var out = create(job)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(content);
            while (b.hasRemaining()) {
                out.write(b);
            }
        }
        if (index) {
            stat(job);
        }
        job.written = true;
    }

    /** Replaces the index with these entries; outside the sparse paths they are marked skip-worktree. */
    static void writeIndex(Repository repo, List<DirCacheEntry> entries, List<String> sparse) throws IOException {
        DirCache index = repo.lockDirCache();
        try {
            DirCacheBuilder builder = index.builder();
            entries.forEach(builder::add);
            builder.finish();
            index.write();
            index.commit();
        } finally {
            index.unlock();
        }
        if (!sparse.isEmpty()) {
            SparseIndex.apply(repo, sparse);
        }
    }

    /**
     * Writes the files on several threads. Creating a file costs a few system calls that wait
     * on the file system far more than they use a core, so there are more writers than cores
     * (at least 8; benchmarks/README.md has the measurements behind the number).
     */
    private void writeFiles(List<FileJob> files, ProgressMonitor monitor) throws IOException {
        int writers = Math.max(MIN_WRITERS, Runtime.getRuntime().availableProcessors());
        int threads = Math.max(1, Math.min(writers, files.size() / 64));
        WorkingTreeOptions options = repo.getConfig().get(WorkingTreeOptions.KEY);
        if (threads == 1) {
            try (ObjectReader reader = repo.newObjectReader()) {
                for (FileJob job : files) {
                    writeFile(reader, job, options, monitor);
                }
            }
            return;
        }
        ExecutorService pool = writerPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                int first = w;
                done.add(pool.submit(() -> {
                    try (ObjectReader reader = repo.newObjectReader()) {
                        for (int i = first; i < files.size(); i += threads) {
                            writeFile(reader, files.get(i), options, monitor);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    done.forEach(d -> d.cancel(true));
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("checkout interrupted");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Creates the job's file, which must not exist yet, with its mode. */
    private static java.nio.channels.SeekableByteChannel create(FileJob job) throws IOException {
        return Files.newByteChannel(job.file, CREATE_NEW_FILE, job.mode == FileMode.EXECUTABLE_FILE ? EXECUTABLE : REGULAR);
    }

    /** Threads that write files: daemons, so a stuck disk never keeps the JVM alive. */
    static ExecutorService writerPool(int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "gitsource-checkout");
            t.setDaemon(true);
            return t;
        });
    }

    private void writeFile(ObjectReader reader, FileJob job, WorkingTreeOptions options, ProgressMonitor monitor)
            throws IOException {
        if (monitor.isCancelled()) {
            throw new IOException("checkout cancelled");
        }
        mkdirs(job.file.getParent());
        Path lfsObject = lfsObjects.get(job.entry.getPathString());
        if (lfsObject != null) {
            // the index keeps the pointer's id; the file gets the object, as git-lfs's smudge leaves it
            Files.setPosixFilePermissions(lfsObject, PosixFilePermissions.fromString(
                    job.mode == FileMode.EXECUTABLE_FILE ? "rwxr-xr-x" : "rw-r--r--"));
            Files.move(lfsObject, job.file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            finish(job, monitor);
            return;
        }
        ObjectLoader loader = reader.open(job.entry.getObjectId());
        try (OutputStream out = Channels.newOutputStream(create(job))) {
            DirCacheCheckout.getContent(repo, job.entry.getPathString(),
                    new DirCacheCheckout.CheckoutMetadata(job.eol, null), loader, options, out);
        }
        finish(job, monitor);
    }

    private void finish(FileJob job, ProgressMonitor monitor) throws IOException {
        if (index) {
            stat(job);
        }
        synchronized (monitor) {
            monitor.update(1);
        }
    }

    /** Records size and time in the index entry, so that git sees the file as unmodified. */
    private static void stat(FileJob job) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(job.file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        job.entry.setLength(attrs.size());
        job.entry.setLastModified(attrs.lastModifiedTime().toInstant());
    }

    private void writeSymlink(ObjectReader reader, String path, Path file, DirCacheEntry entry) throws IOException {
        byte[] target = reader.open(entry.getObjectId()).getCachedBytes();
        symlink(file, new String(target, StandardCharsets.UTF_8));
        entry.setLength(target.length);
        entry.setLastModified(Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .lastModifiedTime().toInstant());
    }

    /**
     * Java normalises a link target as a path ({@code ../a/} becomes {@code ../a}), which C git
     * then sees as a modified symlink; such targets are written with {@code ln -s} instead.
     */
    static void symlink(Path link, String target) throws IOException {
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

    /** Thread-safe: writers may race to make the same directory; the loser finds it made. */
    private void mkdirs(Path dir) throws IOException {
        if (dir == null || dir.equals(root) || madeDirectories.contains(dir)) {
            return;
        }
        mkdirs(dir.getParent());
        try {
            Files.createDirectory(dir); // the tree is new: a stat first would almost always find nothing
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw e;
            }
        }
        madeDirectories.add(dir);
    }
}
