package dev.gitsource;

import java.time.Duration;
import java.util.Map;

/**
 * Measurements of one clone, given to {@link GitEventListener}.
 *
 * @param bytesReceived pack bytes received
 * @param objectsReceived objects received
 * @param filesWritten files written to the working copy
 * @param phases time spent per phase, in order ({@code ls-refs}, {@code fetch}, {@code checkout}, ...)
 * @param total the whole clone's wall time
 */
public record CloneStats(long bytesReceived, long objectsReceived, long filesWritten,
        Map<String, Duration> phases, Duration total) {
    /**
     * Copies the map.
     *
     * @param bytesReceived see the record component
     * @param objectsReceived see the record component
     * @param filesWritten see the record component
     * @param phases see the record component
     * @param total see the record component
     */
    public CloneStats {
        phases = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phases));
    }
}
