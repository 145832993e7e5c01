package dev.gitsource.benchmarks;

import dev.gitsource.CloneResult;
import dev.gitsource.CloneStats;
import dev.gitsource.GitEventListener;
import java.net.URI;
import java.time.Duration;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * gitsource's own phase times ({@link CloneStats#phases()}) of an iteration's clones, reported
 * beside the score. JMH adds such counters up over the measured iterations, one clone each
 * (single-shot): divide the table's value by its {@code Cnt}; the per-iteration lines and the
 * JSON's {@code rawData} give each clone's.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class Phases {
    /** Register on the measured {@code GitSource}; it runs on the cloning thread. */
    static final GitEventListener LISTENER = new GitEventListener() {
        @Override
        public void cloneFinished(URI remote, CloneResult result, CloneStats stats) {
            LAST.set(stats);
        }
    };
    private static final ThreadLocal<CloneStats> LAST = new ThreadLocal<>();

    public double lsRefsMsSum;
    public double fetchMsSum;
    public double checkoutMsSum;
    /** The blobs of a partial clone ({@code SparseClone}); 0 for other clones. */
    public double blobsMsSum;

    @Setup(Level.Iteration)
    public void reset() {
        lsRefsMsSum = 0;
        fetchMsSum = 0;
        checkoutMsSum = 0;
        blobsMsSum = 0;
    }

    /** Adds the phases of the clone this thread just finished. */
    void addLast() {
        CloneStats stats = LAST.get();
        lsRefsMsSum += millis(stats.phases().get("ls-refs"));
        fetchMsSum += millis(stats.phases().get("fetch"));
        checkoutMsSum += millis(stats.phases().get("checkout"));
        blobsMsSum += millis(stats.phases().get("blobs"));
    }

    private static double millis(Duration d) {
        return d == null ? 0 : d.toNanos() / 1e6;
    }
}
