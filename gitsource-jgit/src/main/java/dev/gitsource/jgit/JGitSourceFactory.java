package dev.gitsource.jgit;

import dev.gitsource.GitSource;
import dev.gitsource.spi.GitSourceConfig;
import dev.gitsource.jgit.internal.JGitSource;
import dev.gitsource.spi.GitSourceFactory;

/** The JGit implementation of gitsource, found by {@link GitSource#builder()} through ServiceLoader. */
public final class JGitSourceFactory implements GitSourceFactory {
    /** Called by ServiceLoader. */
    public JGitSourceFactory() {}

    @Override
    public GitSource create(GitSourceConfig config) {
        return new JGitSource(config);
    }
}
