package dev.gitsource.benchmarks;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * How much heap one clone adds. Seeds a shape and serves it from C git's HTTP server, then
 * clones it in a child JVM whose heap is capped at {@code max-heap-MiB}: the child clones once
 * to warm up, reports the live heap after a full GC (the idle baseline), clones again and
 * reports the peak. If the capped child succeeds, one clone fits in the cap minus the baseline;
 * if it runs out of heap, it does not. (Seeding holds the whole tree in memory, hence the child.)
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.gitsource.benchmarks.HeapProbe LARGE 24 [depth]}
 * (depth 1 by default; 0 clones the whole history, through gitsource's own pack indexer)
 */
public final class HeapProbe {
    private HeapProbe() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("--clone")) {
            cloneAndReport(URI.create(args[1]), Paths.get(args[2]), Integer.parseInt(args[3]));
            return;
        }
        Shapes shape = Shapes.valueOf(args.length > 0 ? args[0] : "LARGE");
        String maxHeap = args.length > 1 ? args[1] : "512";
        String depth = args.length > 2 ? args[2] : "1";
        int exit;
        try (Fixture fixture = Fixture.start(shape)) {
            String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-Xmx" + maxHeap + "m", "-cp",
                    System.getProperty("java.class.path"), HeapProbe.class.getName(), "--clone",
                    fixture.url(ShallowClone.Transport.HTTP_CGIT).toString(), fixture.work.toString(), depth)
                    .inheritIO().start();
            exit = child.waitFor();
            System.out.printf("%s at depth %s with -Xmx%sm: %s%n", shape, depth, maxHeap, exit == 0 ? "ok" : "FAILED (exit " + exit + ")");
        }
        System.exit(exit);
    }

    private static void cloneAndReport(URI url, Path work, int depth) {
        try (GitSource git = GitSource.builder().build()) {
            clone(git, url, work.resolve("warm-up"), depth);
            long baseline = liveHeapAfterGc();
            resetPeaks();
            long start = System.nanoTime();
            clone(git, url, work.resolve("measured"), depth);
            long peak = peakHeap();
            // the pools' peaks are added up though they need not coincide: an upper bound
            System.out.printf("idle live heap %d MiB, peak heap during clone at most %d MiB (%d MiB above idle),"
                    + " max heap %d MiB, clone %d ms%n", baseline >> 20, peak >> 20, (peak - baseline) >> 20,
                    Runtime.getRuntime().maxMemory() >> 20, (System.nanoTime() - start) / 1_000_000);
        }
    }

    private static void clone(GitSource git, URI url, Path target, int depth) {
        git.clone(url, CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(depth).directory(target)
                .build()).repository().close();
    }

    private static long liveHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
}
