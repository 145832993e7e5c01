package dev.gitsource.benchmarks;

import dev.gitsource.testkit.RepositoryFixture;
import java.util.Random;

/** Deterministic repositories of several shapes, generated into a test kit fixture. */
enum Shapes {
    /** About 750 files, 3 MB: like fluxcd/flux2. */
    SMALL(750, 4_000, 5),
    /** About 5,000 files, 30 MB, longer history. */
    MEDIUM(5_000, 6_000, 30),
    /** About 20,000 files, 150 MB. */
    LARGE(20_000, 7_500, 3),
    /** A small tree with 10,000 tags. */
    MANY_REFS(200, 2_000, 3),
    /** A monorepo: 50 services of 400 files each ({@code services/svcNN/subK/}), 80 MB. */
    MONOREPO(20_000, 4_000, 3);

    /** Files per service of {@link #MONOREPO}. */
    static final int SERVICE_FILES = 400;

    final int files;
    final int averageSize;
    final int commits;

    Shapes(int files, int averageSize, int commits) {
        this.files = files;
        this.averageSize = averageSize;
        this.commits = commits;
    }

    void seed(RepositoryFixture repo) {
        Random r = new Random(files);
        String[] words = new String[4000];
        for (int i = 0; i < words.length; i++) {
            StringBuilder w = new StringBuilder();
            for (int j = 2 + r.nextInt(9); j > 0; j--) {
                w.append((char) ('a' + r.nextInt(26)));
            }
            words[i] = w.toString();
        }
        for (int i = 0; i < files; i++) {
            repo.file(path(i), text(r, words, averageSize));
        }
        repo.commit("import");
        // later commits touch a tenth of the files each, so history has deltas
        for (int c = 1; c < commits; c++) {
            for (int i = c; i < files; i += 10) {
                repo.file(path(i), text(r, words, averageSize));
            }
            repo.commit("change " + c);
        }
        if (this == MANY_REFS) {
            repo.manyTags("v0.0.", 10_000);
        }
    }

    /** The path of file {@code i}. */
    private String path(int i) {
        if (this == MONOREPO) {
            return String.format("services/svc%02d/sub%d/file%d.txt", i / SERVICE_FILES, i % 8, i);
        }
        return "dir" + (i % 97) + "/sub" + (i % 13) + "/file" + i + ".txt";
    }

    /** One directory of the shape, for a sparse checkout: a service of the monorepo, else {@code dir7} (1/97 of the files). */
    String oneDirectory() {
        return this == MONOREPO ? "services/svc07" : "dir7";
    }

    private static String text(Random r, String[] words, int average) {
        int size = (int) (-Math.log(1 - r.nextDouble()) * average) + 10;
        StringBuilder sb = new StringBuilder(size + 80);
        while (sb.length() < size) {
            for (int k = 3 + r.nextInt(10); k > 0; k--) {
                sb.append(words[r.nextInt(words.length)]).append(' ');
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
