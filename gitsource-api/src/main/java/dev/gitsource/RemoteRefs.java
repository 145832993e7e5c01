package dev.gitsource;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The refs a remote advertised, as returned by {@link GitSource#lsRemote}.
 *
 * @param refs full ref name to object id; for annotated tags, the tag object's id
 * @param peeled full ref name to the commit an annotated tag points at, for tags only
 * @param head what the remote's {@code HEAD} points at ({@code refs/heads/main}), or null
 */
public record RemoteRefs(Map<String, String> refs, Map<String, String> peeled, String head) {
    /**
     * Copies the maps, sorted by name.
     *
     * @param refs see the record component
     * @param peeled see the record component
     * @param head see the record component
     */
    public RemoteRefs {
        refs = Map.copyOf(refs);
        peeled = Map.copyOf(peeled);
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
}
