package dev.gitsource.jgit.internal;

import java.io.IOException;
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
    private final FutureTask<IndexDiff> task;
    private final Thread thread;

    private LocalChanges(FutureTask<IndexDiff> task, Thread thread) {
        this.task = task;
        this.thread = thread;
    }

    /** Starts the status of the copy against {@code head}; with no head there is nothing to compare. */
    static LocalChanges start(Repository repo, ObjectId head) {
        FutureTask<IndexDiff> task = new FutureTask<>(() -> {
            if (head == null) {
                return null;
            }
            IndexDiff diff = new IndexDiff(repo, head, new FileTreeIterator(repo));
            diff.diff();
            return diff;
        });
        Thread thread = new Thread(task, "gitsource-status");
        thread.setDaemon(true);
        thread.start();
        return new LocalChanges(task, thread);
    }

    /** @return the status, or null when the copy has no commit */
    IndexDiff result() throws IOException {
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
