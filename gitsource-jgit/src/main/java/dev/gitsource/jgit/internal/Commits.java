package dev.gitsource.jgit.internal;

import dev.gitsource.Commit;
import dev.gitsource.Person;
import dev.gitsource.Tag;
import dev.gitsource.jgit.signing.SignedObjects;
import java.io.IOException;
import java.time.OffsetDateTime;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;

/** Turns JGit's commits, tags and identities into the API's values. */
final class Commits {
    private Commits() {}

    static Commit of(RevCommit c, String reference, Tag tag) {
        SignedObjects.Parts split = SignedObjects.split(c.getRawBuffer());
        return new Commit(c.name(), reference, person(c.getAuthorIdent()), person(c.getCommitterIdent()),
                c.getFullMessage(), split.signature(), payloadIfSigned(split), tag);
    }

    static Person person(PersonIdent p) {
        return new Person(p.getName().isBlank() ? "unknown" : p.getName().replace("<", "").replace(">", ""),
                p.getEmailAddress(), OffsetDateTime.ofInstant(p.getWhenAsInstant(), p.getZoneId()));
    }

    static PersonIdent ident(Person p, java.time.Instant now) {
        OffsetDateTime when = p.whenIfAny().orElse(null);
        if (when == null) {
            return new PersonIdent(p.name(), p.email(), now, java.time.ZoneOffset.UTC);
        }
        return new PersonIdent(p.name(), p.email(), when.toInstant(), when.getOffset());
    }

    /** The API's tag for a tag ref, annotated or lightweight. */
    static Tag tag(Repository repo, Ref ref) throws IOException {
        String name = ref.getName().substring("refs/tags/".length());
        ObjectId id = ref.getObjectId();
        try (RevWalk walk = new RevWalk(repo)) {
            RevObject o = walk.parseAny(id);
            if (o instanceof RevTag t) {
                SignedObjects.Parts split = SignedObjects.split(t.getRawBuffer());
                return new Tag(name, t.name(), true, t.getTaggerIdent() == null ? null : person(t.getTaggerIdent()),
                        t.getFullMessage(), split.signature(), payloadIfSigned(split));
            }
            return new Tag(name, id.name(), false, null, null, null, null);
        }
    }

    /** The signed payload, or null when the object carries no signature. */
    private static byte[] payloadIfSigned(SignedObjects.Parts parts) {
        return parts.signed() ? parts.payload() : null;
    }
}
