package dev.gitsource.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repositories found by URL path, made on demand, and a root removed only if the store made it. */
class RepositoryStoreTest {
    @TempDir Path tmp;

    @Test
    void aFixtureMakesABareRepositoryWhoseHeadIsMainAndRunsThePreparer() throws Exception {
        List<String> prepared = new ArrayList<>();
        RepositoryStore store = new RepositoryStore(tmp, false, (dir, name) -> prepared.add(name + "@" + dir.getFileName()));
        String id = store.repository("org/app").file("a", "a").commit("c");
        assertThat(store.repository("org/app")).as("one fixture per name").isSameAs(store.repository("org/app"));
        assertThat(prepared).containsExactly("org/app@app.git");
        try (Repository db = store.open("/org/app.git")) {
            assertThat(db.isBare()).isTrue();
            assertThat(db.resolve("HEAD").name()).isEqualTo(id);
            assertThat(store.name(db)).isEqualTo("org/app");
        }
        try (Repository db = store.open("org/app")) {
            assertThat(db.getFullBranch()).isEqualTo("refs/heads/main");
        }
        store.close();
        assertThat(tmp.resolve("org/app.git")).as("a root it did not make is kept").isDirectory();
    }

    @Test
    void pathsOutsideTheRootAndMissingRepositoriesAreNotFound() throws Exception {
        RepositoryStore store = new RepositoryStore(tmp, false, RepositoryStore.Preparer.NONE);
        Files.createDirectories(tmp.resolve("secret.git"));
        assertThatThrownBy(() -> store.open("org/../secret")).isInstanceOf(RepositoryNotFoundException.class);
        assertThatThrownBy(() -> store.open("/")).isInstanceOf(RepositoryNotFoundException.class);
        assertThatThrownBy(() -> store.open("org/none")).isInstanceOf(RepositoryNotFoundException.class);
        assertThat(tmp.resolve("org/none.git")).doesNotExist();
    }

    @Test
    void autoCreateMakesTheRepositoryOfAFirstPush() throws Exception {
        RepositoryStore store = new RepositoryStore(null, true, RepositoryStore.Preparer.NONE);
        Path root = store.root();
        try (Repository db = store.open("org/new.git")) {
            assertThat(db.getDirectory().toPath()).isEqualTo(root.resolve("org/new.git"));
        }
        store.close();
        assertThat(root).as("its own temporary root is removed").doesNotExist();
    }
}
