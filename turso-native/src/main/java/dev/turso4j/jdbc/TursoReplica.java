package dev.turso4j.jdbc;

import dev.turso4j.bridge.Native;
import dev.turso4j.bridge.NativeException;
import dev.turso4j.bridge.ValueCodec;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

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

    private final List<TursoSyncListener> listeners = new CopyOnWriteArrayList<>();

    private final ReentrantLock lock = new ReentrantLock();

    private final TursoSyncHistory history = new TursoSyncHistory(java.time.Clock.systemUTC());

    TursoReplica(TursoDataSource dataSource) {
        this.dataSource = dataSource;
        this.listeners.add(this.history);
    }

    /** @return when syncs last succeeded and failed, for health and metrics */
    public TursoSyncHistory history() {
        return this.history;
    }

    /** @param listener told about every sync operation from now on */
    public void addListener(TursoSyncListener listener) {
        this.listeners.add(listener);
    }

    /** @param listener no longer told */
    public void removeListener(TursoSyncListener listener) {
        this.listeners.remove(listener);
    }

    @FunctionalInterface
    private interface Operation<T> {
        T run() throws SQLException;
    }

    /** One sync operation at a time per replica, whoever calls (scheduler, template, JDBC). */
    private <T> T observed(String name, Operation<T> operation) throws SQLException {
        this.lock.lock();
        long start = System.nanoTime();
        SQLException failure = null;
        try {
            return operation.run();
        }
        catch (SQLException ex) {
            failure = ex;
            throw ex;
        }
        finally {
            this.lock.unlock();
            Duration duration = Duration.ofNanos(System.nanoTime() - start);
            for (TursoSyncListener listener : this.listeners) {
                try {
                    listener.onSyncOperation(name, duration, failure);
                }
                catch (RuntimeException ignored) {
                    // a listener must not change the outcome of a sync
                }
            }
        }
    }

    /**
     * Pulls remote changes, then pushes local ones (the seed's order).
     * @throws SQLException when either direction fails
     */
    public void sync() throws SQLException {
        observed("sync", () -> {
            pull();
            push();
            return null;
        });
    }

    /**
     * Pulls remote changes into the local file. Local changes not yet pushed are replayed on top.
     * @return whether anything changed
     * @throws SQLException when the pull fails
     */
    public boolean pull() throws SQLException {
        return observed("pull", () -> {
            try {
                return Native.pull(this.dataSource.databaseHandle());
            }
            catch (NativeException ex) {
                throw Errors.from(ex, null);
            }
        });
    }

    /**
     * Pushes local changes to the remote; on conflicting rows the last push wins.
     * @throws SQLException when the push fails
     */
    public void push() throws SQLException {
        observed("push", () -> {
            try {
                Native.push(this.dataSource.databaseHandle());
                return null;
            }
            catch (NativeException ex) {
                throw Errors.from(ex, null);
            }
        });
    }

    /**
     * Checkpoints the local WAL into the database file. Replicas do not checkpoint on their own.
     * @throws SQLException when the checkpoint fails
     */
    public void checkpoint() throws SQLException {
        observed("checkpoint", () -> {
            try {
                Native.checkpoint(this.dataSource.databaseHandle());
                return null;
            }
            catch (NativeException ex) {
                throw Errors.from(ex, null);
            }
        });
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
