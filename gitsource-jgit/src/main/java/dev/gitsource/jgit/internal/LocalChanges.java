package dev.gitsource.jgit.internal;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.eclipse.jgit.lib.IndexDiff;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.FileTreeIterator;

/**
 * The status of a working copy against its HEAD, computed on a thread of its own while the
 * caller does other work. {@link #close()} waits for the thread, so it never outlives the
 * operation that started it.
 */
final class LocalChanges implements AutoCloseable {
    /**
     * The paths that differ from HEAD.
     *
     * @param tracked tracked paths whose file or index entry differs (missing ones only inside the sparse paths)
     * @param untracked paths git does not track at HEAD: untracked files and files only added to the index
     */
    record Status(Set<String> tracked, Set<String> untracked) {
        static final Status CLEAN = new Status(Set.of(), Set.of());

        boolean isClean() {
            return tracked.isEmpty() && untracked.isEmpty();
        }

        /** Every changed path, sorted. */
        List<String> all() {
            Set<String> all = new TreeSet<>(tracked);
            all.addAll(untracked);
            return List.copyOf(all);
        }
    }

    private final FutureTask<Status> task;
    private final Thread thread;

    private LocalChanges(FutureTask<Status> task, Thread thread) {
        this.task = task;
        this.thread = thread;
    }

    /** Starts the status of the copy against {@code head}; with no head there is nothing to compare. */
    static LocalChanges start(Repository repo, ObjectId head, List<String> sparse) {
        FutureTask<Status> task = new FutureTask<>(() -> {
            if (head == null) {
                return Status.CLEAN;
            }
            IndexDiff diff = new IndexDiff(repo, head, new FileTreeIterator(repo));
            diff.diff();
            Set<String> tracked = new TreeSet<>();
            tracked.addAll(LfsDownloads.changedBeyondLfs(repo, diff.getModified()));
            tracked.addAll(diff.getChanged());
            tracked.addAll(diff.getRemoved());
            tracked.addAll(diff.getConflicting());
            diff.getMissing().stream().filter(p -> SparsePaths.contains(sparse, p)).forEach(tracked::add);
            Set<String> untracked = new TreeSet<>(diff.getUntracked());
            untracked.addAll(diff.getAdded());
            return new Status(tracked, untracked);
        });
        Thread thread = new Thread(task, "gitsource-status");
        thread.setDaemon(true);
        thread.start();
        return new LocalChanges(task, thread);
    }

    /** @return the status; clean when the copy has no commit */
    Status result() throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted reading the status of the working copy");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        }
    }

    @Override
    public void close() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true; // the status ends by itself; the interrupt is the caller's
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
