package dev.gitsource.testkit;

import java.util.Set;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.LsRefsV2Request;
import org.eclipse.jgit.transport.PreUploadHook;
import org.eclipse.jgit.transport.ProtocolV2Hook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/** JGit's server side, configured the same way for every transport of the in-JVM backend. */
final class InJvmGit {
    private InJvmGit() {}

    /**
     * @param settings the server's upload-pack switches
     * @param exchanges makes a new record for each command of a git:// or SSH session (HTTP
     *     requests are recorded from their bodies instead), or null
     */
    static UploadPack uploadPack(Repository repo, UploadSettings settings, java.util.function.Supplier<Exchange> exchanges) {
        UploadPack up = new UploadPack(repo);
        // The request policy (what may be wanted by id) follows from this configuration.
        up.setTransferConfig(settings.transferConfig(repo));
        java.util.List<PreUploadHook> hooks = new java.util.ArrayList<>();
        if (!settings.allowFetchById()) {
            hooks.add(new AdvertisedWantsOnly(repo));
        }
        if (exchanges != null) {
            boolean[] v2 = new boolean[1];
            up.setProtocolV2Hook(new ProtocolV2Hook() {
                @Override
                public void onLsRefs(LsRefsV2Request req) {
                    Exchange exchange = exchanges.get();
                    synchronized (exchange) {
                        exchange.command = "ls-refs";
                        exchange.protocolVersion = 2;
                        exchange.refPrefixes.addAll(req.getRefPrefixes());
                    }
                    v2[0] = true;
                }

                @Override
                public void onFetch(org.eclipse.jgit.transport.FetchV2Request req) {
                    v2[0] = true;
                }
            });
            hooks.add(new PreUploadHook() {
                @Override
                public void onBeginNegotiateRound(UploadPack u, java.util.Collection<? extends org.eclipse.jgit.lib.ObjectId> wants, int cnt) {
                    // recorded when the pack is sent
                }

                @Override
                public void onEndNegotiateRound(UploadPack u, java.util.Collection<? extends org.eclipse.jgit.lib.ObjectId> wants,
                        int common, int notFound, boolean ready) {
                    // recorded when the pack is sent
                }

                @Override
                public void onSendPack(UploadPack u, java.util.Collection<? extends org.eclipse.jgit.lib.ObjectId> wants,
                        java.util.Collection<? extends org.eclipse.jgit.lib.ObjectId> haves) {
                    Exchange exchange = exchanges.get();
                    synchronized (exchange) {
                        exchange.command = "fetch";
                        exchange.protocolVersion = v2[0] ? 2 : 0;
                        wants.forEach(w -> exchange.wants.add(w.name()));
                        exchange.deepen = u.getDepth();
                        String filter = u.getFilterSpec().filterLine();
                        exchange.filter = filter == null ? null : filter.substring("filter ".length());
                    }
                }
            });
        }
        up.setPreUploadHook(org.eclipse.jgit.transport.PreUploadHookChain.newChain(hooks));
        return up;
    }

    static ReceivePack receivePack(Repository repo, java.util.function.Supplier<Exchange> exchanges, boolean readOnly,
            Set<String> protectedRefs) {
        ReceivePack rp = new ReceivePack(repo);
        rp.setAllowPushOptions(true);
        rp.setPreReceiveHook((pack, commands) -> {
            if (exchanges != null) {
                Exchange exchange = exchanges.get();
                synchronized (exchange) {
                    exchange.command = "push";
                    for (ReceiveCommand c : commands) {
                        exchange.pushedRefs.add(c.getOldId().name() + " " + c.getNewId().name() + " " + c.getRefName());
                    }
                    if (pack.getPushOptions() != null && exchange.pushOptions.isEmpty()) {
                        exchange.pushOptions.addAll(pack.getPushOptions());
                    }
                }
            }
            for (ReceiveCommand c : commands) {
                if (readOnly) {
                    c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "repository is read-only");
                } else if (protectedRefs.contains(c.getRefName())) {
                    c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "protected ref " + c.getRefName());
                }
            }
        });
        return rp;
    }
}
