package dev.gitsource.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Builds the content of one bare repository of a {@link GitServer}: files, commits,
 * branches, tags, refs, submodules and raw (hostile) trees. The author, committer and clock
 * are fixed, and the clock ticks one minute per commit, so the same script gives the same
 * commit ids on every run. Changes are staged with {@code file(..)} and friends and recorded
 * by {@link #commit(String)} on the current branch ({@code main} at first).
 */
public final class RepositoryFixture {
    /** The fixed identity of every fixture commit and tag. */
    public static final String AUTHOR_NAME = "gitsource test";
    /** The fixed e-mail of every fixture commit and tag. */
    public static final String AUTHOR_EMAIL = "test@gitsource.dev";
    private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

    private record Staged(FileMode mode, byte[] content) {}

    private final Repository repo;
    private final String name;
    private final Map<String, Staged> staged = new TreeMap<>();
    private String branch = "main";
    private int tick;

    RepositoryFixture(Repository repo, String name) {
        this.repo = repo;
        this.name = name;
        this.tick = countCommits();
    }

    /** @return the repository path on the server, such as {@code org/app} */
    public String name() {
        return name;
    }

    /** @return the bare repository's directory */
    public Path directory() {
        return repo.getDirectory().toPath();
    }

    /**
     * @param path a path in the tree
     * @param text the content, as UTF-8
     * @return this fixture
     */
    public RepositoryFixture file(String path, String text) {
        return stage(path, FileMode.REGULAR_FILE, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param path a path in the tree
     * @param text the content
     * @param executable whether the file has the executable bit
     * @return this fixture
     */
    public RepositoryFixture file(String path, String text, boolean executable) {
        return stage(path, executable ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE,
                text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param path a path in the tree
     * @param content the bytes
     * @return this fixture
     */
    public RepositoryFixture binaryFile(String path, byte[] content) {
        return stage(path, FileMode.REGULAR_FILE, content.clone());
    }

    /**
     * A Git LFS file: the object is stored on the server (served with {@link GitServer.Builder#lfs()})
     * and the tree gets its pointer file. Stage a {@code .gitattributes} that puts the path under
     * {@code filter=lfs} too, as {@code git lfs track} would, such as
     * {@code file(".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n")}.
     *
     * @param path a path in the tree
     * @param content the object's bytes
     * @return this fixture
     * @throws java.io.UncheckedIOException if the object cannot be stored
     */
    public RepositoryFixture lfsFile(String path, byte[] content) {
        try {
            return stage(path, FileMode.REGULAR_FILE, LfsStore.utf8(LfsStore.put(directory(), content)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * @param path a path in the tree
     * @param size bytes of deterministic pseudo-random content
     * @return this fixture
     */
    public RepositoryFixture largeFile(String path, int size) {
        byte[] b = new byte[size];
        new Random(path.hashCode()).nextBytes(b);
        return stage(path, FileMode.REGULAR_FILE, b);
    }

    /**
     * @param path a path in the tree
     * @param target the link target, stored as given
     * @return this fixture
     */
    public RepositoryFixture symlink(String path, String target) {
        return stage(path, FileMode.SYMLINK, target.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param path a path to remove in the next commit
     * @return this fixture
     */
    public RepositoryFixture delete(String path) {
        staged.put(path, null);
        return this;
    }

    private RepositoryFixture stage(String path, FileMode mode, byte[] content) {
        staged.put(path, new Staged(mode, content));
        return this;
    }

    /**
     * Records the staged changes on the current branch.
     *
     * @param message the commit message
     * @return the new commit's id
     */
    public String commit(String message) {
        try (ObjectInserter ins = repo.newObjectInserter()) {
            ObjectId parent = repo.resolve(Constants.R_HEADS + branch);
            DirCache dc = DirCache.newInCore();
            DirCacheBuilder b = dc.builder();
            Map<String, DirCacheEntry> current = new TreeMap<>();
            if (parent != null) {
                try (RevWalk walk = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
                    tw.addTree(walk.parseCommit(parent).getTree());
                    tw.setRecursive(true);
                    while (tw.next()) {
                        DirCacheEntry e = new DirCacheEntry(tw.getPathString());
                        e.setFileMode(tw.getFileMode(0));
                        e.setObjectId(tw.getObjectId(0));
                        current.put(tw.getPathString(), e);
                    }
                }
            }
            for (Map.Entry<String, Staged> s : staged.entrySet()) {
                if (s.getValue() == null) {
                    current.remove(s.getKey());
                    continue;
                }
                DirCacheEntry e = new DirCacheEntry(s.getKey());
                e.setFileMode(s.getValue().mode);
                e.setObjectId(s.getValue().mode == FileMode.GITLINK ? ObjectId.fromRaw(s.getValue().content)
                        : ins.insert(Constants.OBJ_BLOB, s.getValue().content));
                current.put(s.getKey(), e);
            }
            current.values().forEach(b::add);
            b.finish();
            ObjectId tree = dc.writeTree(ins);
            staged.clear();
            return writeCommit(ins, tree, message, parent == null ? List.of() : List.of(parent));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes a merge commit of another branch into the current one, keeping the current tree.
     *
     * @param other the branch merged in
     * @param message the message
     * @return the merge commit's id
     */
    public String merge(String other, String message) {
        try (ObjectInserter ins = repo.newObjectInserter(); RevWalk walk = new RevWalk(repo)) {
            RevCommit ours = walk.parseCommit(repo.resolve(Constants.R_HEADS + branch));
            ObjectId theirs = repo.resolve(Constants.R_HEADS + other);
            return writeCommit(ins, ours.getTree(), message, List.of(ours, theirs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An entry of a raw tree: written exactly as given, with no checks. */
    public record RawEntry(String name, FileMode mode, byte[] content, List<RawEntry> children) {
        /**
         * @param name the entry name, any bytes
         * @param text the file content
         * @return a regular file
         */
        public static RawEntry file(String name, String text) {
            return new RawEntry(name, FileMode.REGULAR_FILE, text.getBytes(StandardCharsets.UTF_8), List.of());
        }

        /**
         * @param name the entry name
         * @param target the link target
         * @return a symlink
         */
        public static RawEntry symlink(String name, String target) {
            return new RawEntry(name, FileMode.SYMLINK, target.getBytes(StandardCharsets.UTF_8), List.of());
        }

        /**
         * @param name the entry name
         * @param children the entries inside
         * @return a directory
         */
        public static RawEntry dir(String name, RawEntry... children) {
            return new RawEntry(name, FileMode.TREE, null, List.of(children));
        }
    }

    /**
     * Commits a tree built exactly from these entries, in this order, unchecked: duplicate
     * names, {@code ..}, {@code .git} and other hostile entries are kept.
     *
     * @param message the message
     * @param entries the root tree's entries
     * @return the commit id
     */
    public String commitRawTree(String message, RawEntry... entries) {
        try (ObjectInserter ins = repo.newObjectInserter()) {
            ObjectId tree = rawTree(ins, List.of(entries));
            ObjectId parent = repo.resolve(Constants.R_HEADS + branch);
            return writeCommit(ins, tree, message, parent == null ? List.of() : List.of(parent));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectId rawTree(ObjectInserter ins, List<RawEntry> entries) throws IOException {
        TreeFormatter f = new TreeFormatter();
        for (RawEntry e : entries) {
            ObjectId id = e.mode == FileMode.TREE ? rawTree(ins, e.children) : ins.insert(Constants.OBJ_BLOB, e.content);
            f.append(e.name, e.mode, id);
        }
        return ins.insert(f);
    }

    /**
     * Adds a submodule at a path, pointing at another repository of the same server by a
     * relative URL, at that repository's current {@code main}, beside the submodules {@code .gitmodules}
     * already lists (the same path is replaced).
     *
     * @param path where the submodule goes
     * @param other the repository it points at
     * @return this fixture (commit to record it)
     */
    public RepositoryFixture submodule(String path, RepositoryFixture other) {
        // added to the .gitmodules staged or committed, so that one commit can hold several submodules
        Staged current = staged.containsKey(".gitmodules") ? staged.get(".gitmodules")
                : new Staged(FileMode.REGULAR_FILE, Gitmodules.committed(repo, branch));
        String url = "../".repeat(name.split("/").length) + other.name + ".git";
        staged.put(".gitmodules", new Staged(FileMode.REGULAR_FILE,
                Gitmodules.with(current == null ? new byte[0] : current.content, path, url)));
        byte[] raw = new byte[Constants.OBJECT_ID_LENGTH];
        ObjectId.fromString(other.head("main")).copyRawTo(raw, 0);
        staged.put(path, new Staged(FileMode.GITLINK, raw));
        return this;
    }

    private String writeCommit(ObjectInserter ins, ObjectId tree, String message, List<? extends ObjectId> parents)
            throws IOException {
        CommitBuilder cb = new CommitBuilder();
        cb.setTreeId(tree);
        cb.setParentIds(parents);
        PersonIdent who = ident();
        cb.setAuthor(who);
        cb.setCommitter(who);
        cb.setMessage(message + "\n");
        ObjectId id = ins.insert(cb);
        ins.flush();
        update(Constants.R_HEADS + branch, id);
        return id.name();
    }

    private PersonIdent ident() {
        return new PersonIdent(AUTHOR_NAME, AUTHOR_EMAIL, EPOCH.plusSeconds(60L * tick++), ZoneOffset.UTC);
    }

    /**
     * Makes a branch at the current branch's head, and stays on the current branch.
     *
     * @param name the new branch
     * @return this fixture
     */
    public RepositoryFixture branch(String name) {
        update(Constants.R_HEADS + name, ObjectId.fromString(head(branch)));
        return this;
    }

    /**
     * Switches to a branch for the next commits; a new branch starts at the current head.
     *
     * @param name the branch
     * @return this fixture
     */
    public RepositoryFixture onBranch(String name) {
        try {
            if (repo.exactRef(Constants.R_HEADS + name) == null && repo.resolve(Constants.R_HEADS + branch) != null) {
                branch(name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        branch = name;
        return this;
    }

    /**
     * @param name a lightweight tag at the current head
     * @return this fixture
     */
    public RepositoryFixture tag(String name) {
        update(Constants.R_TAGS + name, ObjectId.fromString(head(branch)));
        return this;
    }

    /**
     * @param name an annotated tag at the current head
     * @param message its message
     * @return the tag object's id
     */
    public String annotatedTag(String name, String message) {
        try (ObjectInserter ins = repo.newObjectInserter()) {
            TagBuilder t = new TagBuilder();
            t.setTag(name);
            t.setObjectId(ObjectId.fromString(head(branch)), Constants.OBJ_COMMIT);
            t.setTagger(ident());
            t.setMessage(message + "\n");
            ObjectId id = ins.insert(t);
            ins.flush();
            update(Constants.R_TAGS + name, id);
            return id.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An annotated tag at the current head, signed the way git signs tags: the armored
     * signature appended to the tag object. The test kit holds no keys; the caller signs, for
     * example with {@code ssh-keygen -Y sign -n git} or an OpenPGP library.
     *
     * @param name the tag
     * @param message its message
     * @param signer turns the unsigned tag object into an armored signature
     *     ({@code -----BEGIN PGP SIGNATURE-----} or {@code -----BEGIN SSH SIGNATURE-----} block)
     * @return the tag object's id
     */
    public String signedTag(String name, String message, Function<byte[], String> signer) {
        TagBuilder t = new TagBuilder();
        t.setTag(name);
        t.setObjectId(ObjectId.fromString(head(branch)), Constants.OBJ_COMMIT);
        t.setTagger(ident());
        t.setMessage(message + "\n");
        try (ObjectInserter ins = repo.newObjectInserter()) {
            byte[] payload = t.build();
            String signature = signer.apply(payload);
            byte[] sig = (signature.endsWith("\n") ? signature : signature + "\n").getBytes(StandardCharsets.UTF_8);
            byte[] signed = Arrays.copyOf(payload, payload.length + sig.length);
            System.arraycopy(sig, 0, signed, payload.length, sig.length);
            ObjectId id = ins.insert(Constants.OBJ_TAG, signed);
            ins.flush();
            update(Constants.R_TAGS + name, id);
            return id.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param refName any full ref name, such as {@code refs/pull/7/head}
     * @param commitId what it points at
     * @return this fixture
     */
    public RepositoryFixture ref(String refName, String commitId) {
        update(refName, ObjectId.fromString(commitId));
        return this;
    }

    /**
     * Creates many lightweight tags at the current head in one batch.
     *
     * @param prefix the tag name prefix
     * @param count how many ({@code prefix0} .. {@code prefix<count-1>})
     * @return this fixture
     */
    public RepositoryFixture manyTags(String prefix, int count) {
        ObjectId head = ObjectId.fromString(head(branch));
        List<ReceiveCommand> cmds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            cmds.add(new ReceiveCommand(ObjectId.zeroId(), head, Constants.R_TAGS + prefix + i));
        }
        try (RevWalk walk = new RevWalk(repo)) {
            var batch = repo.getRefDatabase().newBatchUpdate();
            batch.addCommand(cmds);
            batch.setAllowNonFastForwards(true);
            batch.execute(walk, org.eclipse.jgit.lib.NullProgressMonitor.INSTANCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * @param branchName a branch
     * @return its commit id, or null if it does not exist
     */
    public String head(String branchName) {
        try {
            ObjectId id = repo.resolve(Constants.R_HEADS + branchName);
            return id == null ? null : id.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param refName a full ref name
     * @return what it points at, or null
     */
    public String resolve(String refName) {
        try {
            var ref = repo.exactRef(refName);
            return ref == null ? null : ref.getObjectId().name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void update(String ref, ObjectId id) {
        try {
            RefUpdate u = repo.updateRef(ref);
            u.setNewObjectId(id);
            u.setForceUpdate(true);
            u.disableRefLog();
            RefUpdate.Result r = u.update();
            if (r == RefUpdate.Result.LOCK_FAILURE || r == RefUpdate.Result.IO_FAILURE || r == RefUpdate.Result.REJECTED) {
                throw new IOException("cannot update " + ref + ": " + r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void close() {
        repo.close();
    }

    private int countCommits() {
        try (RevWalk walk = new RevWalk(repo)) {
            int n = 0;
            for (var ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
                walk.markStart(walk.parseCommit(ref.getObjectId()));
            }
            for (RevCommit c : walk) {
                n++;
            }
            return n;
        } catch (IOException e) {
            return 0;
        }
    }
}
