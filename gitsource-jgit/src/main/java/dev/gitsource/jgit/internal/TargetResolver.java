package dev.gitsource.jgit.internal;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.RefNotFoundException;
import dev.gitsource.Revision;
import dev.gitsource.SemanticVersion;
import dev.gitsource.UnsafeContentException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;

/**
 * Turns a checkout target and the refs a remote advertised into what to fetch and the
 * revision to report. Pure: no I/O, so every target kind is tested without a server.
 *
 * <p>Java 17 has no pattern switch, so each method tests every permitted kind in turn and
 * ends in an error: a new kind of target fails loudly instead of being taken for HEAD.
 */
final class TargetResolver {
    private final String remote;

    /** @param remote the remote's redacted URL, for messages */
    TargetResolver(String remote) {
        this.remote = remote;
    }

    /** The ref prefixes one ls-refs must ask for; empty when the target needs no round trip. */
    static List<String> prefixes(CheckoutTarget t) {
        if (t instanceof CheckoutTarget.Commit c) {
            return c.branch() == null ? List.of() : List.of("refs/heads/" + c.branch());
        } else if (t instanceof CheckoutTarget.Branch b) {
            return List.of("refs/heads/" + b.name());
        } else if (t instanceof CheckoutTarget.Tag tag) {
            return List.of("refs/tags/" + tag.name());
        } else if (t instanceof CheckoutTarget.RefName r) {
            return List.of(r.name());
        } else if (t instanceof CheckoutTarget.Semver) {
            return List.of("refs/tags/");
        } else if (t instanceof CheckoutTarget.Head) {
            return List.of("HEAD");
        }
        throw unknown(t);
    }

    /**
     * @param t the target
     * @param refs what the remote advertised for {@link #prefixes(CheckoutTarget)}
     * @throws RefNotFoundException when the remote does not have the target
     * @throws UnsafeContentException when the remote names a ref git would not accept
     */
    ResolvedTarget resolve(CheckoutTarget t, Map<String, Ref> refs) {
        if (t instanceof CheckoutTarget.Commit c) {
            if (c.branch() == null) {
                return new ResolvedTarget(null, ObjectId.fromString(c.id()), Revision.ofCommit(c.id()), null, null);
            }
            String ref = "refs/heads/" + c.branch();
            // the branch must exist; that the commit is on it is checked after the fetch
            ObjectId tip = exact(refs, ref, c.branch()).commit();
            return new ResolvedTarget(ref, ObjectId.fromString(c.id()), Revision.of(ref, c.id()), c.branch(), null, tip);
        } else if (t instanceof CheckoutTarget.Branch b) {
            return exact(refs, "refs/heads/" + b.name(), b.name());
        } else if (t instanceof CheckoutTarget.Tag tag) {
            return exact(refs, "refs/tags/" + tag.name(), null);
        } else if (t instanceof CheckoutTarget.RefName r) {
            return exact(refs, r.name(), null);
        } else if (t instanceof CheckoutTarget.Semver s) {
            return semver(refs, s);
        } else if (t instanceof CheckoutTarget.Head) {
            return head(refs);
        }
        throw unknown(t);
    }

    private static IllegalStateException unknown(CheckoutTarget t) {
        return new IllegalStateException("unsupported checkout target kind: " + t.getClass().getName());
    }

    private ResolvedTarget head(Map<String, Ref> refs) {
        Ref head = refs.get("HEAD");
        if (head == null || head.getObjectId() == null) {
            throw new RefNotFoundException("the remote " + remote + " has no HEAD (is it empty?)",
                    List.copyOf(refs.keySet()));
        }
        String name = head.isSymbolic() ? validRefName(head.getTarget().getName()) : null;
        if (name == null || !name.startsWith("refs/heads/")) {
            return new ResolvedTarget("HEAD", head.getObjectId(), Revision.ofCommit(head.getObjectId().name()), null,
                    null);
        }
        return new ResolvedTarget(name, head.getObjectId(), Revision.of(name, head.getObjectId().name()),
                name.substring("refs/heads/".length()), null);
    }

    /** A name the server sent that will name a file under .git: one that git itself would accept. */
    private String validRefName(String name) {
        if (!org.eclipse.jgit.lib.Repository.isValidRefName(name)) {
            String printable = name.replaceAll("\\p{Cntrl}", "?");
            throw new UnsafeContentException("refusing " + remote + ": it names the ref '" + printable
                    + "', which is not a valid ref name", printable);
        }
        return name;
    }

    private ResolvedTarget exact(Map<String, Ref> refs, String name, String branch) {
        validRefName(name);
        Ref ref = refs.get(name);
        if (ref == null) {
            throw new RefNotFoundException("'" + name + "' not found on " + remote,
                    refs.keySet().stream().sorted().limit(50).toList());
        }
        ObjectId commit = ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
        return new ResolvedTarget(name, commit, Revision.of(name, commit.name()), branch,
                name.startsWith("refs/tags/") ? ref : null);
    }

    /** Highest version wins; equal versions (v1.0.0 and 1.0.0) are ordered by tag name, smallest first. */
    private ResolvedTarget semver(Map<String, Ref> refs, CheckoutTarget.Semver s) {
        record Candidate(String tag, SemanticVersion version) {}
        List<String> seen = new ArrayList<>();
        Optional<Candidate> best = refs.keySet().stream()
                .filter(n -> n.startsWith("refs/tags/") && !n.endsWith("^{}"))
                .map(n -> n.substring("refs/tags/".length()))
                .peek(seen::add)
                .flatMap(tag -> SemanticVersion.tryParse(tag).map(v -> new Candidate(tag, v)).stream())
                .filter(c -> s.range().matches(c.version))
                .max(Comparator.comparing(Candidate::version).thenComparing(Candidate::tag, Comparator.reverseOrder()));
        if (best.isEmpty()) {
            seen.sort(null);
            throw new RefNotFoundException("no tag on " + remote + " matches the semver range '"
                    + s.range() + "'; tags seen: " + (seen.isEmpty() ? "none" : String.join(", ",
                            seen.subList(0, Math.min(seen.size(), 50)))), seen);
        }
        return exact(refs, "refs/tags/" + best.get().tag, null);
    }
}
