package dev.gitsource.jgit.internal;

import dev.gitsource.GitSourceConfig;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.errors.TooLargePackException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PackParser;

/**
 * A file repository whose fetches stop at the client's pack and object size limits. JGit
 * applies such limits only when it receives a push; every fetch transport parses the pack
 * through {@link #newObjectInserter()}, so this is the one place to apply them to fetches.
 */
final class LimitedRepository extends FileRepository {
    private final long maxPackBytes;
    private final long maxObjectBytes;

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

    @Override
    public ObjectInserter newObjectInserter() {
        ObjectInserter inserter = super.newObjectInserter();
        if (maxPackBytes == 0 && maxObjectBytes == 0) {
            return inserter;
        }
        return new ObjectInserter.Filter() {
            @Override
            protected ObjectInserter delegate() {
                return inserter;
            }

            @Override
            public PackParser newPackParser(InputStream in) throws IOException {
                PackParser parser = inserter.newPackParser(maxPackBytes > 0 ? new CountingLimit(in, maxPackBytes) : in);
                if (maxObjectBytes > 0) {
                    parser.setMaxObjectSizeLimit(maxObjectBytes); // checked against the declared size, before inflating
                }
                return parser;
            }
        };
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
