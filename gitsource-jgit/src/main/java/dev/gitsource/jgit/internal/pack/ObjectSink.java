package dev.gitsource.jgit.internal.pack;

import org.eclipse.jgit.lib.ObjectId;

/**
 * Told of objects as {@link PackIndexer} learns them, so that a checkout can write files
 * before the pack has ended and without resolving a delta a second time: whole commits, trees
 * and tags in pack order on the receiving thread, whole blobs as they are hashed (on the hashing
 * threads, in any order), then resolved deltas on the resolving threads. The arrays are
 * the indexer's and not changed after the call; a sink only reads them. A sink throws nothing:
 * what it does with an object is never a reason for the fetch to fail.
 */
public interface ObjectSink {
    /** Whether a whole blob of this many bytes is wanted in memory; it is then inflated into an array. */
    boolean wantsBlob(long size);

    /**
     * A whole object, just received and hashed.
     *
     * @param data its content; null for a blob not wanted
     */
    void whole(long offset, int type, ObjectId id, byte[] data);

    /**
     * Whether the delta just received is wanted in memory.
     *
     * @param baseOffset where its base starts in the pack, or -1 for a REF_DELTA
     * @param baseId its base for a REF_DELTA, else null
     */
    boolean wantsDelta(long baseOffset, ObjectId baseId, long size);

    /** A delta that {@link #wantsDelta} asked for, inflated. */
    void delta(long offset, long baseOffset, ObjectId baseId, byte[] delta);

    /** A delta resolved into a whole object, on one of the resolving threads. */
    void resolved(int type, ObjectId id, byte[] data);
}
