package dev.turso4j.jdbc;

import dev.turso4j.bridge.Native;
import dev.turso4j.bridge.NativeException;
import dev.turso4j.bridge.ValueCodec;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The sync operations of an embedded replica: the local file is read and written like any database,
 * and these move changes between it and the remote. Reached through
 * {@code dataSource.unwrap(TursoReplica.class)}; a connection offers the same operations and
 * refuses them inside a transaction.
 *
 * <p>These calls are not part of any transaction, and should not be made by a thread that holds one.
 * Failures of the remote throw {@link TursoErrorCode#SYNC}; local data stays as it was.
 */
public final class TursoReplica {

    private final TursoDataSource dataSource;

    TursoReplica(TursoDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Pulls remote changes, then pushes local ones (the seed's order).
     * @throws SQLException when either direction fails
     */
    public void sync() throws SQLException {
        pull();
        push();
    }

    /**
     * Pulls remote changes into the local file. Local changes not yet pushed are replayed on top.
     * @return whether anything changed
     * @throws SQLException when the pull fails
     */
    public boolean pull() throws SQLException {
        try {
            return Native.pull(this.dataSource.databaseHandle());
        }
        catch (NativeException ex) {
            throw Errors.from(ex, null);
        }
    }

    /**
     * Pushes local changes to the remote; on conflicting rows the last push wins.
     * @throws SQLException when the push fails
     */
    public void push() throws SQLException {
        try {
            Native.push(this.dataSource.databaseHandle());
        }
        catch (NativeException ex) {
            throw Errors.from(ex, null);
        }
    }

    /**
     * Checkpoints the local WAL into the database file. Replicas do not checkpoint on their own.
     * @throws SQLException when the checkpoint fails
     */
    public void checkpoint() throws SQLException {
        try {
            Native.checkpoint(this.dataSource.databaseHandle());
        }
        catch (NativeException ex) {
            throw Errors.from(ex, null);
        }
    }

    /**
     * @return a snapshot of the replica's sync state
     * @throws SQLException when the state cannot be read
     */
    public TursoSyncStats stats() throws SQLException {
        byte[] data;
        try {
            data = Native.syncStats(this.dataSource.databaseHandle());
        }
        catch (NativeException ex) {
            throw Errors.from(ex, null);
        }
        Object[] v = new Object[8];
        for (int i = 0, at = 0; i < v.length; i++, at = ValueCodec.skip(data, at)) {
            v[i] = ValueCodec.readObject(data, at);
        }
        return new TursoSyncStats((Long) v[0], (Long) v[1], (Long) v[2], instant(v[3]), instant(v[4]), (String) v[5],
                (Long) v[6], (Long) v[7]);
    }

    private static Instant instant(Object unixSeconds) {
        return (unixSeconds != null) ? Instant.ofEpochSecond((Long) unixSeconds) : null;
    }

    /** @return the data source of this replica */
    public TursoDataSource getDataSource() {
        return this.dataSource;
    }
}
