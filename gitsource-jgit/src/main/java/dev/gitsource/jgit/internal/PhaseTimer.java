package dev.gitsource.jgit.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The wall time of an operation's phases, in order; a phase ends where the next begins. */
final class PhaseTimer {
    private final long start = System.nanoTime();
    private final Map<String, Duration> phases = new LinkedHashMap<>();
    private long phaseStart = start;

    /** Ends the current phase under this name (added to an earlier phase of the same name). */
    void end(String name) {
        long now = System.nanoTime();
        phases.merge(name, Duration.ofNanos(now - phaseStart), Duration::plus);
        phaseStart = now;
    }

    Map<String, Duration> asMap() {
        return phases;
    }

    Duration total() {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
