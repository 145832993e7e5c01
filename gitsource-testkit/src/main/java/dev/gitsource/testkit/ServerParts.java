package dev.gitsource.testkit;

/**
 * What the fronts and backends of one server share: its spec, its repositories, the recording
 * and the faults. Handed to each part when the server is made.
 *
 * @param spec what the builder collected
 * @param repositories the bare repositories under the root
 * @param recorder the requests served
 * @param faults the faults asked for
 * @param lfsTickets the tokens {@code git-lfs-authenticate} handed out over SSH
 */
record ServerParts(ServerSpec spec, RepositoryStore repositories, RequestRecorder recorder, Faults faults,
        LfsTickets lfsTickets) {}
