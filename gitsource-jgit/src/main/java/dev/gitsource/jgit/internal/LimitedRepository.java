package dev.gitsource.jgit.internal;

import dev.gitsource.jgit.internal.pack.ObjectSink;
import dev.gitsource.jgit.internal.pack.PackIndexer;
import dev.gitsource.spi.GitSourceConfig;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.errors.TooLargePackException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PackParser;

/**
 * A file repository whose fetches stop at the client's pack and object size limits. JGit
 * applies such limits only when it receives a push; every fetch transport parses the pack
 * through {@link #newObjectInserter()}, so this is the one place to apply them to fetches,
 * and to receive a clone's pack with gitsource's own {@link PackIndexer}.
 */
final class LimitedRepository extends FileRepository {
    private final long maxPackBytes;
    private final long maxObjectBytes;
    private ObjectSink sink;

    private LimitedRepository(FileRepositoryBuilder builder, GitSourceConfig config) throws IOException {
        super(builder);
        this.maxPackBytes = config.maxPackBytes();
        this.maxObjectBytes = config.maxObjectBytes();
    }

    /** Builds the repository the builder describes, with the config's limits. */
    static LimitedRepository build(FileRepositoryBuilder builder, GitSourceConfig config) throws IOException {
        LimitedRepository repo = new LimitedRepository(builder.setup(), config);
        if (builder.isMustExist() && !repo.getObjectDatabase().exists()) {
            repo.close();
            throw new RepositoryNotFoundException(builder.getGitDir());
        }
        return repo;
    }

    /** Tells {@code sink} of the objects of every pack that gitsource's indexer receives (those of a clone). */
    void receiveInto(ObjectSink sink) {
        this.sink = sink;
    }

    /**
     * Never: JGit would start a background GC after a fetch, in a directory that a clone is
     * about to move, or over a partial clone whose absent objects JGit cannot account for.
     */
    @Override
    public void autoGC(org.eclipse.jgit.lib.ProgressMonitor monitor) {
        // no background work
    }

    @Override
    public ObjectInserter newObjectInserter() {
        ObjectInserter inserter = super.newObjectInserter();
        return new ObjectInserter.Filter() {
            @Override
            protected ObjectInserter delegate() {
                return inserter;
            }

            @Override
            public PackParser newPackParser(InputStream in) throws IOException {
                InputStream limited = maxPackBytes > 0 ? new CountingLimit(in, maxPackBytes) : in;
                // Nothing local (a clone): no thin pack to complete, nothing to compare received objects
                // with, so gitsource's indexer, which resolves deltas on every core. Else JGit's parser.
                PackParser parser;
                if (hasNoObjects()) {
                    PackIndexer indexer = new PackIndexer(getObjectDatabase(), limited);
                    indexer.setObjectSink(sink);
                    parser = indexer;
                } else {
                    parser = inserter.newPackParser(limited);
                }
                if (maxObjectBytes > 0) {
                    parser.setMaxObjectSizeLimit(maxObjectBytes); // checked against the declared size, before inflating
                }
                return parser;
            }
        };
    }

    /**
     * Whether the object database is empty, as it is for every fetch of a clone. JGit's parser
     * would look each received object up locally to compare contents (a collision check): with
     * nothing local that finds nothing, but costs a stat of the pack directory per object. The
     * received objects are still hashed with collision detection.
     */
    private boolean hasNoObjects() throws IOException {
        Path objects = getObjectsDirectory().toPath();
        try (Stream<Path> s = Files.list(objects)) {
            if (s.anyMatch(p -> p.getFileName().toString().length() == 2)) { // loose objects' fan-out directories
                return false;
            }
        }
        Path packs = objects.resolve("pack");
        if (!Files.isDirectory(packs)) {
            return true;
        }
        try (Stream<Path> s = Files.list(packs)) {
            return s.noneMatch(p -> p.getFileName().toString().endsWith(".pack"));
        }
    }

    /** Fails the read that would take the stream past the limit. */
    private static final class CountingLimit extends FilterInputStream {
        private final long limit;
        private long count;

        CountingLimit(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            counted(skipped);
            return skipped;
        }

        private void counted(long n) throws TooLargePackException {
            count += n;
            if (count > limit) {
                throw new TooLargePackException(limit);
            }
        }
    }
}
