package dev.gitsource;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
    private final String filter;
    private final String partialFallback;

    /**
     * For implementations, which measure the clone; callers only read the result. Copies the map.
     * A clone measured so fetched whole objects, with no filter and no fallback.
     *
     * @param bytesReceived pack bytes received
     * @param objectsReceived objects received
     * @param filesWritten files written to the working copy
     * @param phases time spent per phase, in order ({@code ls-refs}, {@code fetch}, {@code checkout}, ...)
     * @param total the whole clone's wall time
     */
    public CloneStats(long bytesReceived, long objectsReceived, long filesWritten, Map<String, Duration> phases,
            Duration total) {
        this(bytesReceived, objectsReceived, filesWritten, phases, total, null, null);
    }

    /**
     * For implementations, which measure the clone; callers only read the result. Copies the map.
     *
     * @param bytesReceived pack bytes received
     * @param objectsReceived objects received
     * @param filesWritten files written to the working copy
     * @param phases time spent per phase, in order ({@code ls-refs}, {@code fetch}, {@code checkout}, ...)
     * @param total the whole clone's wall time
     * @param filter the object filter of a partial clone ({@code blob:none}), or null when whole packs were fetched
     * @param partialFallback why a partial clone that was asked for (sparse paths) fetched the whole pack
     *     instead, or null
     */
    public CloneStats(long bytesReceived, long objectsReceived, long filesWritten, Map<String, Duration> phases,
            Duration total, String filter, String partialFallback) {
        this.bytesReceived = bytesReceived;
        this.objectsReceived = objectsReceived;
        this.filesWritten = filesWritten;
        this.phases = Collections.unmodifiableMap(new LinkedHashMap<>(phases));
        this.total = total;
        this.filter = filter;
        this.partialFallback = partialFallback;
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

    /**
     * @return whether this was a partial clone or update: the commit and trees were fetched with
     *     an object filter, then only the blobs under the sparse paths
     */
    public boolean partial() {
        return filter != null;
    }

    /**
     * @return the object filter of a partial clone or update ({@code blob:none}); empty when whole
     *     packs were fetched
     */
    public Optional<String> filter() {
        return Optional.ofNullable(filter);
    }

    /**
     * @return why a partial clone that sparse paths asked for fetched the whole pack instead (the
     *     server does not advertise {@code filter}, or refused to send blobs by id); empty when
     *     there was no such fallback
     */
    public Optional<String> partialFallback() {
        return Optional.ofNullable(partialFallback);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CloneStats s && s.bytesReceived == bytesReceived && s.objectsReceived == objectsReceived
                && s.filesWritten == filesWritten && s.phases.equals(phases) && Objects.equals(s.total, total)
                && Objects.equals(s.filter, filter) && Objects.equals(s.partialFallback, partialFallback);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bytesReceived, objectsReceived, filesWritten, phases, total, filter, partialFallback);
    }

    @Override
    public String toString() {
        return "CloneStats[bytesReceived=" + bytesReceived + ", objectsReceived=" + objectsReceived
                + ", filesWritten=" + filesWritten + ", phases=" + phases + ", total=" + total
                + (filter != null ? ", filter=" + filter : "")
                + (partialFallback != null ? ", partialFallback=" + partialFallback : "") + "]";
    }
}
