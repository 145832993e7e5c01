package dev.gitsource.cli;

import dev.gitsource.CloneResult;
import dev.gitsource.CloneStats;
import dev.gitsource.GitEventListener;
import dev.gitsource.GitSourceException;
import dev.gitsource.UpdateResult;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Locale;

/**
 * Progress on a terminal, one line per phase rewritten in place: the count, the total where it
 * is known (objects to receive, files to check out) and the phase's own rate.
 */
final class ProgressPrinter implements GitEventListener {
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private String phase;
    private long phaseStart;
    private long lastDraw;
    private long done;
    private long total;

    ProgressPrinter(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void progress(String phase, long done, long total) {
        long now = System.nanoTime();
        if (!phase.equals(this.phase)) {
            endLine();
            this.phase = phase;
            phaseStart = now;
            lastDraw = 0;
        }
        this.done = done;
        this.total = total;
        boolean complete = total > 0 && done >= total;
        if (complete || now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(now);
            if (complete) {
                err.println();
                this.phase = null;
            }
            err.flush();
        }
    }

    @Override
    public void cloneFinished(URI remote, CloneResult result, CloneStats stats) {
        finish();
    }

    @Override
    public void cloneFailed(URI remote, GitSourceException error, CloneStats stats) {
        finish();
    }

    @Override
    public void updateFinished(URI remote, UpdateResult result, CloneStats stats) {
        finish();
    }

    @Override
    public void updateFailed(URI remote, GitSourceException error, CloneStats stats) {
        finish();
    }

    private synchronized void finish() {
        endLine();
        err.flush();
    }

    /** Draws the open phase's final count, so a phase whose total was unknown ends on its last value. */
    private void endLine() {
        if (phase != null) {
            draw(System.nanoTime());
            err.println();
            phase = null;
        }
    }

    private void draw(long now) {
        double seconds = Math.max(0.001, (now - phaseStart) / 1e9);
        String count = total > 0
                ? String.format(Locale.ROOT, "%d/%d (%d%%)", done, total, done * 100 / total)
                : Long.toString(done);
        err.printf(Locale.ROOT, "\r%-20s %-22s %8.0f/s  %5.1f s ", phase, count, done / seconds, seconds);
    }
}
