package dev.gitsource.jgit.internal;

import dev.gitsource.Commit;
import dev.gitsource.Person;
import dev.gitsource.Tag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        byte[] raw = c.getRawBuffer();
        SignedPayload split = SignedPayload.ofCommit(raw);
        return new Commit(c.name(), reference, person(c.getAuthorIdent()), person(c.getCommitterIdent()),
                c.getFullMessage(), split.signature(), split.payload(), tag);
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
                SignedPayload split = SignedPayload.ofTag(t.getRawBuffer());
                return new Tag(name, t.name(), true, t.getTaggerIdent() == null ? null : person(t.getTaggerIdent()),
                        t.getFullMessage(), split.signature(), split.payload());
            }
            return new Tag(name, id.name(), false, null, null, null, null);
        }
    }

    /** A raw object split into what was signed and the armored signature. */
    record SignedPayload(byte[] payload, String signature) {
        private static final byte[] GPGSIG = "gpgsig ".getBytes(StandardCharsets.US_ASCII);

        /** Commits carry the signature in a {@code gpgsig} header with continuation lines. */
        static SignedPayload ofCommit(byte[] raw) {
            int headerEnd = indexOf(raw, "\n\n".getBytes(StandardCharsets.US_ASCII), 0);
            int limit = headerEnd < 0 ? raw.length : headerEnd;
            int at = 0;
            while (at < limit) {
                int lineEnd = indexOf(raw, new byte[] {'\n'}, at);
                if (lineEnd < 0) {
                    lineEnd = raw.length;
                }
                if (startsWith(raw, at, GPGSIG)) {
                    int end = lineEnd;
                    while (end + 1 < raw.length && raw[end + 1] == ' ') {
                        int next = indexOf(raw, new byte[] {'\n'}, end + 1);
                        end = next < 0 ? raw.length - 1 : next;
                    }
                    String sig = new String(raw, at + GPGSIG.length, end - at - GPGSIG.length, StandardCharsets.UTF_8)
                            .replace("\n ", "\n") + "\n";
                    byte[] payload = new byte[raw.length - (end + 1 - at)];
                    System.arraycopy(raw, 0, payload, 0, at);
                    System.arraycopy(raw, end + 1, payload, at, raw.length - end - 1);
                    return new SignedPayload(payload, sig);
                }
                at = lineEnd + 1;
            }
            return new SignedPayload(null, null);
        }

        /** Tags carry the signature at the end of the message. */
        static SignedPayload ofTag(byte[] raw) {
            for (String begin : new String[] {"-----BEGIN PGP SIGNATURE-----", "-----BEGIN SSH SIGNATURE-----"}) {
                int at = lastIndexOf(raw, ("\n" + begin).getBytes(StandardCharsets.US_ASCII));
                if (at >= 0) {
                    byte[] payload = java.util.Arrays.copyOf(raw, at + 1);
                    return new SignedPayload(payload, new String(raw, at + 1, raw.length - at - 1, StandardCharsets.UTF_8));
                }
            }
            return new SignedPayload(null, null);
        }

        private static boolean startsWith(byte[] a, int at, byte[] prefix) {
            if (at + prefix.length > a.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (a[at + i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        private static int indexOf(byte[] a, byte[] needle, int from) {
            for (int i = from; i + needle.length <= a.length; i++) {
                if (startsWith(a, i, needle)) {
                    return i;
                }
            }
            return -1;
        }

        private static int lastIndexOf(byte[] a, byte[] needle) {
            for (int i = a.length - needle.length; i >= 0; i--) {
                if (startsWith(a, i, needle)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
