package dev.gitsource;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Measurements of one clone, given to {@link GitEventListener}. A final class rather than a
 * record so that measurements can be added without breaking code compiled against this one.
 */
public final class CloneStats {
    private final long bytesReceived;
    private final long objectsReceived;
    private final long filesWritten;
    private final Map<String, Duration> phases;
    private final Duration total;

    /**
     * For implementations, which measure the clone; callers only read the result. Copies the map.
     *
     * @param bytesReceived pack bytes received
     * @param objectsReceived objects received
     * @param filesWritten files written to the working copy
     * @param phases time spent per phase, in order ({@code ls-refs}, {@code fetch}, {@code checkout}, ...)
     * @param total the whole clone's wall time
     */
    public CloneStats(long bytesReceived, long objectsReceived, long filesWritten, Map<String, Duration> phases,
            Duration total) {
        this.bytesReceived = bytesReceived;
        this.objectsReceived = objectsReceived;
        this.filesWritten = filesWritten;
        this.phases = Collections.unmodifiableMap(new LinkedHashMap<>(phases));
        this.total = total;
    }

    /** @return pack bytes received */
    public long bytesReceived() {
        return bytesReceived;
    }

    /** @return objects received */
    public long objectsReceived() {
        return objectsReceived;
    }

    /** @return files written to the working copy */
    public long filesWritten() {
        return filesWritten;
    }

    /** @return time spent per phase, in order ({@code ls-refs}, {@code fetch}, {@code checkout}, ...) */
    public Map<String, Duration> phases() {
        return phases;
    }

    /** @return the whole clone's wall time */
    public Duration total() {
        return total;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CloneStats s && s.bytesReceived == bytesReceived && s.objectsReceived == objectsReceived
                && s.filesWritten == filesWritten && s.phases.equals(phases) && Objects.equals(s.total, total);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bytesReceived, objectsReceived, filesWritten, phases, total);
    }

    @Override
    public String toString() {
        return "CloneStats[bytesReceived=" + bytesReceived + ", objectsReceived=" + objectsReceived
                + ", filesWritten=" + filesWritten + ", phases=" + phases + ", total=" + total + "]";
    }
}
