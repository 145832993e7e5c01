package dev.gitsource;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The refs a remote advertised, as returned by {@link GitSource#lsRemote}. A final class rather
 * than a record so that parts can be added without breaking code compiled against this one.
 */
public final class RemoteRefs {
    private final Map<String, String> refs;
    private final Map<String, String> peeled;
    private final String head;

    /**
     * For implementations, which make the result; callers only read it. Copies the maps.
     *
     * @param refs full ref name to object id; for annotated tags, the tag object's id
     * @param peeled full ref name to the commit an annotated tag points at, for tags only
     * @param head what the remote's {@code HEAD} points at ({@code refs/heads/main}), or null
     */
    public RemoteRefs(Map<String, String> refs, Map<String, String> peeled, String head) {
        this.refs = Map.copyOf(refs);
        this.peeled = Map.copyOf(peeled);
        this.head = head;
    }

    /** @return full ref name to object id; for annotated tags, the tag object's id */
    public Map<String, String> refs() {
        return refs;
    }

    /** @return full ref name to the commit an annotated tag points at, for tags only */
    public Map<String, String> peeled() {
        return peeled;
    }

    /** @return what the remote's {@code HEAD} points at ({@code refs/heads/main}), or null */
    public String head() {
        return head;
    }

    /** @return the refs sorted by name */
    public Map<String, String> sorted() {
        return new TreeMap<>(refs);
    }

    /**
     * @param name a full ref name
     * @return its object id, if advertised
     */
    public Optional<String> get(String name) {
        return Optional.ofNullable(refs.get(name));
    }

    /** @return the ref the remote HEAD points at, if known */
    public Optional<String> headIfAny() {
        return Optional.ofNullable(head);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteRefs r && r.refs.equals(refs) && r.peeled.equals(peeled)
                && Objects.equals(r.head, head);
    }

    @Override
    public int hashCode() {
        return Objects.hash(refs, peeled, head);
    }

    @Override
    public String toString() {
        return "RemoteRefs[refs=" + refs + ", peeled=" + peeled + ", head=" + head + "]";
    }
}
