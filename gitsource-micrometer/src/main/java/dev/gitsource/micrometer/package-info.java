/**
 * Micrometer metrics for gitsource: {@link dev.gitsource.micrometer.GitSourceMetrics}, a
 * {@link dev.gitsource.GitEventListener} that records timers and counters per host.
 */
package dev.gitsource.micrometer;
