package dev.gitsource.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import dev.gitsource.UnsafeContentException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trees that would write outside the checkout or into .git are refused, and nothing is left. */
class HostileTreeTest {
    @TempDir Path tmp;

    /** A bare repository whose main branch has one raw tree: the entries as given, unchecked. */
    private Path repoWithTree(java.util.function.BiConsumer<ObjectInserter, TreeFormatter> entries) throws Exception {
        Path bare = tmp.resolve("hostile.git");
        try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).setBare().build()) {
            repo.create(true);
            try (ObjectInserter ins = repo.newObjectInserter()) {
                TreeFormatter tree = new TreeFormatter();
                entries.accept(ins, tree);
                ObjectId treeId = ins.insert(tree);
                CommitBuilder cb = new CommitBuilder();
                cb.setTreeId(treeId);
                PersonIdent who = new PersonIdent("Evil", "evil@example.com", java.time.Instant.EPOCH,
                        java.time.ZoneOffset.UTC);
                cb.setAuthor(who);
                cb.setCommitter(who);
                cb.setMessage("hostile");
                ObjectId commit = ins.insert(cb);
                ins.flush();
                RefUpdate ru = repo.updateRef("refs/heads/main");
                ru.setNewObjectId(commit);
                ru.update();
                repo.updateRef(Constants.HEAD).link("refs/heads/main");
            }
        }
        return bare;
    }

    private static ObjectId blob(ObjectInserter ins, String text) {
        try {
            return ins.insert(Constants.OBJ_BLOB, text.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ObjectId subtree(ObjectInserter ins, String name, ObjectId blob) {
        TreeFormatter t = new TreeFormatter();
        t.append(name, FileMode.REGULAR_FILE, blob);
        try {
            return ins.insert(t);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private void assertRefused(Path bare, String path) throws Exception {
        assertRefused(bare, path, false);
    }

    private void assertRefused(Path bare, String path, boolean submodules) throws Exception {
        Path target = tmp.resolve("checkout");
        try (GitSource git = GitSource.builder().allowSchemes("file").build()) {
            assertThatThrownBy(() -> git.clone(bare.toUri(), CloneOptions.builder()
                    .target(CheckoutTarget.branch("main")).submodules(submodules).directory(target).build()))
                    .isInstanceOf(UnsafeContentException.class)
                    .satisfies(e -> assertThat(((UnsafeContentException) e).path()).isEqualTo(path));
        }
        assertThat(target).doesNotExist();
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("hostile.git");
        }
        assertThat(Path.of("/tmp/gitsource-pwned")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".git", ".GIT", ".git ", ".git.", "git~1", ".g\u200cit", ".git::$INDEX_ALLOCATION"})
    void dotGitAliasesAndDotDotAsDirectories(String name) throws Exception {
        Path bare = repoWithTree((ins, tree) -> tree.append(name, FileMode.TREE, subtree(ins, "config", blob(ins, "x"))));
        assertRefused(bare, name + "/config");
    }

    @Test
    void symlinkThatALaterEntryWouldBeWrittenThrough() throws Exception {
        Path bare = repoWithTree((ins, tree) -> {
            tree.append("a", FileMode.SYMLINK, blob(ins, "/tmp"));
            tree.append("a", FileMode.TREE, subtree(ins, "gitsource-pwned", blob(ins, "x")));
        });
        assertRefused(bare, "a/gitsource-pwned");
    }

    @Test
    void caseOnlyCollisionWithASymlink() throws Exception {
        Path bare = repoWithTree((ins, tree) -> {
            tree.append("A", FileMode.SYMLINK, blob(ins, "/tmp"));
            tree.append("a", FileMode.TREE, subtree(ins, "gitsource-pwned", blob(ins, "x")));
        });
        assertRefused(bare, "a/gitsource-pwned");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "A"})
    void symlinkAfterTheDirectoryItReplaces(String name) throws Exception {
        // unsorted: the walk meets a/gitsource-pwned first, then a symlink named a (or A)
        Path bare = repoWithTree((ins, tree) -> {
            tree.append("a", FileMode.TREE, subtree(ins, "gitsource-pwned", blob(ins, "x")));
            tree.append(name, FileMode.SYMLINK, blob(ins, "/tmp"));
        });
        assertRefused(bare, name);
    }

    @Test
    void symlinkedGitmodules() throws Exception {
        Path bare = repoWithTree((ins, tree) -> tree.append(".gitmodules", FileMode.SYMLINK, blob(ins, "/etc/passwd")));
        assertRefused(bare, ".gitmodules");
    }

    /** A tree with a submodule at {@code x} whose .gitmodules entry is as given. */
    private Path repoWithSubmodule(String name, String url) throws Exception {
        return repoWithTree((ins, tree) -> {
            tree.append(".gitmodules", FileMode.REGULAR_FILE, blob(ins, "[submodule \"" + name + "\"]\n\tpath = x\n"
                    + "\turl = " + url + "\n"));
            tree.append("x", FileMode.GITLINK, ObjectId.fromString("0123456789012345678901234567890123456789"));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../../modules-escape", "/absolute", "..", "a/../../b"})
    void submoduleNamesThatWouldEscapeGitModules(String name) throws Exception {
        assertRefused(repoWithSubmodule(name, "https://127.0.0.1/lib.git"), name, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--upload-pack=touch /tmp/gitsource-pwned", "ext::sh -c touch% /tmp/gitsource-pwned",
            "ssh://-oProxyCommand=touch%20/tmp/gitsource-pwned/x.git", "/tmp/gitsource-pwned.git",
            "127.0.0.1:-evil/x.git"})
    void submoduleUrlsThatRunCommandsOrReachLocalPaths(String url) throws Exception {
        assertRefused(repoWithSubmodule("lib", url), "lib", true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"refs/heads/../../../../gitsource-pwned", "refs/heads/a..b", "refs/heads/ctl\u0001x",
            "refs/heads/x.lock"})
    void aHeadPointingAtAnInvalidRefNameIsRefused(String target) throws Exception {
        Path bare = repoWithTree((ins, tree) -> tree.append("a.txt", FileMode.REGULAR_FILE, blob(ins, "a")));
        String main = Files.readString(bare.resolve("refs/heads/main")).trim();
        Files.writeString(bare.resolve("packed-refs"), main + " " + target + "\n");
        Files.writeString(bare.resolve("HEAD"), "ref: " + target + "\n");
        Path checkout = tmp.resolve("checkout");
        try (GitSource git = GitSource.builder().allowSchemes("file").build()) {
            assertThatThrownBy(() -> git.clone(bare.toUri(), CloneOptions.builder().directory(checkout).build()))
                    .isInstanceOf(UnsafeContentException.class).hasMessageContaining("not a valid ref name")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0001"));
        }
        assertThat(checkout).doesNotExist();
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("hostile.git");
        }
        assertThat(tmp.getParent().resolve("gitsource-pwned")).doesNotExist();
    }
}
