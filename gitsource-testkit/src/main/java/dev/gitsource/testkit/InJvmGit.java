package dev.gitsource.testkit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchV2Request;
import org.eclipse.jgit.transport.LsRefsV2Request;
import org.eclipse.jgit.transport.PreUploadHook;
import org.eclipse.jgit.transport.PreUploadHookChain;
import org.eclipse.jgit.transport.ProtocolV2Hook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/** JGit's server side, configured the same way for every transport of the in-JVM backend. */
final class InJvmGit {
    /**
     * Records one command of a git:// or SSH session: makes its record, lets the hook fill it
     * in, and only then publishes it, so nobody sees a record half made.
     */
    @FunctionalInterface
    interface CommandRecorder {
        void record(Consumer<Exchange> fill);
    }

    private InJvmGit() {}

    /**
     * @param parts the server
     * @param transport {@code git} or {@code ssh}
     * @param service {@code git-upload-pack} or {@code git-receive-pack}
     * @param db the repository served
     * @param user the SSH user, or null
     * @return a recorder for the commands of this session
     */
    static CommandRecorder commands(ServerParts parts, String transport, String service, Repository db, String user) {
        String repository = parts.repositories().name(db);
        return fill -> {
            Exchange ex = new Exchange(transport);
            ex.service = service;
            ex.repository = repository;
            ex.user = user;
            ex.authScheme = user == null ? null : "publickey";
            fill.accept(ex);
            parts.recorder().record(ex);
        };
    }

    /**
     * @param repo the repository served
     * @param settings the server's upload-pack switches
     * @param commands records each command of a git:// or SSH session, or null over HTTP
     *     (whose requests the HTTP front records from their bodies)
     * @return the upload-pack for one connection or HTTP request
     */
    static UploadPack uploadPack(Repository repo, UploadSettings settings, CommandRecorder commands) {
        UploadPack up = new UploadPack(repo);
        // The request policy (what may be wanted by id) follows from this configuration.
        up.setTransferConfig(settings.transferConfig(repo));
        List<PreUploadHook> hooks = new ArrayList<>();
        if (!settings.allowFetchById()) {
            hooks.add(new AdvertisedWantsOnly(repo));
        }
        if (commands != null) {
            Recording recording = new Recording(commands);
            up.setProtocolV2Hook(recording);
            hooks.add(recording);
        }
        up.setPreUploadHook(PreUploadHookChain.newChain(hooks));
        return up;
    }

    /** Records ls-refs when it is asked, and a fetch when its pack is about to be sent. */
    private static final class Recording implements ProtocolV2Hook, PreUploadHook {
        private final CommandRecorder commands;
        private volatile boolean v2;

        Recording(CommandRecorder commands) {
            this.commands = commands;
        }

        @Override
        public void onLsRefs(LsRefsV2Request req) {
            v2 = true;
            commands.record(ex -> {
                ex.command = "ls-refs";
                ex.protocolVersion = 2;
                ex.refPrefixes.addAll(req.getRefPrefixes());
            });
        }

        @Override
        public void onFetch(FetchV2Request req) {
            v2 = true;
        }

        @Override
        public void onBeginNegotiateRound(UploadPack up, Collection<? extends ObjectId> wants, int cntOffered) {
            // recorded when the pack is sent
        }

        @Override
        public void onEndNegotiateRound(UploadPack up, Collection<? extends ObjectId> wants, int cntCommon,
                int cntNotFound, boolean ready) {
            // recorded when the pack is sent
        }

        @Override
        public void onSendPack(UploadPack up, Collection<? extends ObjectId> wants, Collection<? extends ObjectId> haves) {
            String filter = up.getFilterSpec().filterLine();
            commands.record(ex -> {
                ex.command = "fetch";
                ex.protocolVersion = v2 ? 2 : 0;
                wants.forEach(w -> ex.wants.add(w.name()));
                ex.deepen = up.getDepth();
                ex.filter = filter == null ? null : filter.substring("filter ".length());
            });
        }
    }

    /**
     * @param repo the repository served
     * @param spec the server (read-only repositories, protected refs)
     * @param name the repository's path on the server
     * @param commands records the push of a git:// or SSH session, or null over HTTP
     * @return the receive-pack for one connection or HTTP request
     */
    static ReceivePack receivePack(Repository repo, ServerSpec spec, String name, CommandRecorder commands) {
        ReceivePack rp = new ReceivePack(repo);
        rp.setAllowPushOptions(true);
        boolean readOnly = spec.isReadOnly(name);
        rp.setPreReceiveHook((pack, updates) -> {
            if (commands != null) {
                commands.record(ex -> {
                    ex.command = "push";
                    for (ReceiveCommand c : updates) {
                        ex.pushedRefs.add(c.getOldId().name() + " " + c.getNewId().name() + " " + c.getRefName());
                    }
                    if (pack.getPushOptions() != null) {
                        ex.pushOptions.addAll(pack.getPushOptions());
                    }
                });
            }
            for (ReceiveCommand c : updates) {
                if (readOnly) {
                    c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "repository is read-only");
                } else if (spec.protectedRefs().contains(c.getRefName())) {
                    c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "protected ref " + c.getRefName());
                }
            }
        });
        return rp;
    }
}
