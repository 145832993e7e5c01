package dev.gitsource.spi;

import dev.gitsource.GitSource;

/**
 * Makes {@link GitSource} clients; the implementation module registers one in
 * {@code META-INF/services/dev.gitsource.spi.GitSourceFactory} and
 * {@link GitSource#builder()} finds it with {@link java.util.ServiceLoader}.
 */
public interface GitSourceFactory {
    /**
     * @param config the settings the builder collected
     * @return a client with those settings
     */
    GitSource create(GitSourceConfig config);
}
