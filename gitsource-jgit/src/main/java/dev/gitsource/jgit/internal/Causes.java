package dev.gitsource.jgit.internal;

import java.util.ArrayList;
import java.util.List;

/** The cause chain of an exception, outermost first, each exception once (a cycle ends it). */
final class Causes {
    private Causes() {}

    static List<Throwable> of(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }

    /** The outermost exception of this type in the chain, or null. */
    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c : of(t)) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    static boolean has(Throwable t, Class<? extends Throwable> type) {
        return find(t, type) != null;
    }
}
