package dev.turso4j.jdbc;

import java.time.Instant;

/**
 * A snapshot of an embedded replica's sync state.
 *
 * @param pendingChanges local changes not yet pushed
 * @param walSizeBytes bytes in the main WAL (it grows until a checkpoint)
 * @param revertWalSizeBytes bytes in the revert WAL the engine keeps to roll local changes back on pull
 * @param lastPull when the last successful pull finished (to the second, as the engine records it),
 * or {@code null}
 * @param lastPush when the last successful push finished (likewise), or {@code null}
 * @param revision the remote revision the replica is at, or {@code null}
 * @param bytesSent network bytes sent since the database was opened
 * @param bytesReceived network bytes received since the database was opened
 */
public record TursoSyncStats(long pendingChanges, long walSizeBytes, long revertWalSizeBytes, Instant lastPull,
        Instant lastPush, String revision, long bytesSent, long bytesReceived) {
}
