package dev.gitsource.jgit.internal;

import dev.gitsource.GitEventListener;
import org.eclipse.jgit.lib.ProgressMonitor;

/** Passes JGit's progress to the listener and counts the objects received. */
final class Progress implements ProgressMonitor {
    private final GitEventListener listener;
    private String task = "";
    private long done;
    private long total;
    private long objects;

    Progress(GitEventListener listener) {
        this.listener = listener;
    }

    long objects() {
        return objects;
    }

    @Override
    public void start(int totalTasks) {
        // tasks are reported one by one
    }

    @Override
    public void beginTask(String title, int totalWork) {
        task = title == null ? "" : title.toLowerCase(java.util.Locale.ROOT);
        done = 0;
        total = Math.max(0, totalWork);
        listener.progress(task, 0, total);
    }

    @Override
    public void update(int completed) {
        done += completed;
        if (task.startsWith("receiving objects")) {
            objects += completed;
        }
        listener.progress(task, done, total);
    }

    @Override
    public void endTask() {
        // the last update said it all
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public void showDuration(boolean enabled) {
        // durations are measured by the operation
    }
}
