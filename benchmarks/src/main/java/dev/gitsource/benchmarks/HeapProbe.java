package dev.gitsource.benchmarks;

import dev.gitsource.CheckoutTarget;
import dev.gitsource.CloneOptions;
import dev.gitsource.GitSource;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Path;

/**
 * How much heap one clone adds. Seeds a shape, clones it once to warm up, then reports the
 * live heap after a full GC (the idle baseline) and clones again. Run it with a heap limit of
 * baseline + budget: if the clone succeeds, it needed no more than the budget.
 *
 * <p>Run: {@code java -Xmx200m -cp benchmarks/target/benchmarks.jar
 * dev.gitsource.benchmarks.HeapProbe LARGE}
 */
public final class HeapProbe {
    private HeapProbe() {}

    public static void main(String[] args) throws Exception {
        Shapes shape = Shapes.valueOf(args.length > 0 ? args[0] : "LARGE");
        try (Fixture fixture = Fixture.start(shape); GitSource git = GitSource.builder().build()) {
            URI url = fixture.url(ShallowClone.Transport.HTTP_CGIT);
            clone(git, url, fixture.work.resolve("warm-up"));
            long baseline = liveHeapAfterGc();
            resetPeaks();
            long start = System.nanoTime();
            clone(git, url, fixture.work.resolve("measured"));
            long peak = peakHeap();
            System.out.printf("%s: idle live heap %d MiB, peak heap during clone %d MiB (%d MiB above idle),"
                    + " max heap %d MiB, clone %d ms%n", shape, baseline >> 20, peak >> 20, (peak - baseline) >> 20,
                    Runtime.getRuntime().maxMemory() >> 20, (System.nanoTime() - start) / 1_000_000);
        }
    }

    private static void clone(GitSource git, URI url, Path target) {
        git.clone(url, CloneOptions.builder().target(CheckoutTarget.branch("main")).depth(1).directory(target)
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
