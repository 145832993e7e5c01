/**
 * What only implementations of gitsource need: the service interface they provide
 * ({@link dev.gitsource.spi.GitSourceFactory}, found by ServiceLoader) and the settings a
 * {@link dev.gitsource.GitSource.Builder} collects for them ({@link dev.gitsource.spi.GitSourceConfig}).
 */
package dev.gitsource.spi;
