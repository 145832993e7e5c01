package dev.gitsource.testkit;

import java.io.IOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefDatabase;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PreUploadHook;
import org.eclipse.jgit.transport.ServiceMayNotContinueException;
import org.eclipse.jgit.transport.UploadPack;

/**
 * Refuses every want that is not the id of a ref (or of what a tag ref points at), as C git
 * does in protocol v0 with {@code uploadpack.allowAnySHA1InWant} and its kin off. JGit's own
 * strictest policy still serves reachable commits over HTTP and in protocol v2, so the in-JVM
 * backend needs this hook to behave like a server that does not fetch by id.
 */
final class AdvertisedWantsOnly implements PreUploadHook {
    private final Repository repo;
    private Set<ObjectId> tips;

    AdvertisedWantsOnly(Repository repo) {
        this.repo = repo;
    }

    @Override
    public void onBeginNegotiateRound(UploadPack up, Collection<? extends ObjectId> wants, int cntOffered)
            throws ServiceMayNotContinueException {
        for (ObjectId want : wants) {
            if (!tips().contains(want)) {
                // Status 200: the refusal goes in-band as a git ERR line, as C git's does; JGit's
                // default 403 would read to a client as an authorization failure.
                throw new ServiceMayNotContinueException("want " + want.name() + " not valid: not advertised", 200);
            }
        }
    }

    private Set<ObjectId> tips() throws ServiceMayNotContinueException {
        if (tips == null) {
            Set<ObjectId> ids = new HashSet<>();
            try {
                RefDatabase refs = repo.getRefDatabase();
                for (Ref ref : refs.getRefs()) {
                    Ref peeled = refs.peel(ref);
                    if (peeled.getObjectId() != null) {
                        ids.add(peeled.getObjectId());
                    }
                    if (peeled.getPeeledObjectId() != null) {
                        ids.add(peeled.getPeeledObjectId());
                    }
                }
            } catch (IOException e) {
                throw new ServiceMayNotContinueException(e);
            }
            tips = ids;
        }
        return tips;
    }

    @Override
    public void onEndNegotiateRound(UploadPack up, Collection<? extends ObjectId> wants, int cntCommon,
            int cntNotFound, boolean ready) {
        // the wants were checked when the round began
    }

    @Override
    public void onSendPack(UploadPack up, Collection<? extends ObjectId> wants, Collection<? extends ObjectId> haves) {
        // the wants were checked when the first round began
    }
}
