package dev.turso4j.jdbc;

import java.time.Instant;

/**
 * A snapshot of an embedded replica's sync state.
 *
 * @param pendingChanges local changes not yet pushed
 * @param walSize bytes in the main WAL (it grows until a checkpoint)
 * @param revertWalSize bytes in the revert WAL the engine keeps to roll local changes back on pull
 * @param lastPull when the last pull finished, or {@code null}
 * @param lastPush when the last push finished, or {@code null}
 * @param revision the remote revision the replica is at, or {@code null}
 * @param bytesSent network bytes sent since the database was opened
 * @param bytesReceived network bytes received since the database was opened
 */
public record TursoSyncStats(long pendingChanges, long walSize, long revertWalSize, Instant lastPull,
        Instant lastPush, String revision, long bytesSent, long bytesReceived) {
}
