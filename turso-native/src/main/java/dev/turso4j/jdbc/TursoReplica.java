package dev.turso4j.jdbc;

import dev.turso4j.bridge.Native;
import dev.turso4j.bridge.NativeException;
import dev.turso4j.bridge.ValueCodec;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sync operations of an embedded replica: the local file is read and written like any database,
 * and these move changes between it and the remote. Reached through
 * {@code dataSource.unwrap(TursoReplica.class)}; a connection offers the same operations and
 * refuses them inside a transaction.
 *
 * <p>These calls are not part of any transaction, and should not be made by a thread that holds one.
 * Failures of the remote throw {@link TursoErrorCode#SYNC}; local data stays as it was. While another
 * connection holds a write transaction, a pull or push cannot apply its changes: it tries again
 * (sleeping between attempts, never holding up that transaction) for up to the data source's busy
 * timeout, then throws {@link TursoErrorCode#BUSY}.
 */
public final class TursoReplica {

    /** SQLite's back-off schedule, in milliseconds; the last step repeats. */
    private static final long[] DELAYS_MS = { 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 };

    private final TursoDataSource dataSource;

    private final List<TursoSyncListener> listeners = new CopyOnWriteArrayList<>();

    private final ReentrantLock lock = new ReentrantLock();

    private final TursoSyncHistory history = new TursoSyncHistory(java.time.Clock.systemUTC());

    TursoReplica(TursoDataSource dataSource) {
        this.dataSource = dataSource;
        this.listeners.add(this.history);
    }

    /** @return whether a sync operation is running now (its statistics would wait for it) */
    public boolean isSyncing() {
        return this.lock.isLocked();
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
        return observed("pull", () -> waitingOutLocks(Native::pull));
    }

    /**
     * Pushes local changes to the remote; on conflicting rows the last push wins.
     * @throws SQLException when the push fails
     */
    public void push() throws SQLException {
        observed("push", () -> waitingOutLocks((db) -> {
            Native.push(db);
            return null;
        }));
    }

    /**
     * Checkpoints the local WAL into the database file. Replicas do not checkpoint on their own.
     * @throws SQLException when the checkpoint fails
     */
    public void checkpoint() throws SQLException {
        observed("checkpoint", () -> waitingOutLocks((db) -> {
            Native.checkpoint(db);
            return null;
        }));
    }

    @FunctionalInterface
    private interface NativeOperation<T> {
        T run(long database) throws NativeException;
    }

    /**
     * Runs a native sync operation; while it fails with BUSY (a transaction of another connection
     * holds the database), sleeps and tries again until the busy timeout has passed. Each attempt
     * takes and releases the database on its own, so the transaction in the way can finish meanwhile.
     */
    private <T> T waitingOutLocks(NativeOperation<T> operation) throws SQLException {
        long started = System.nanoTime();
        long timeout = this.dataSource.getConfig().getBusyTimeout().toNanos();
        for (int attempt = 0;; attempt++) {
            try {
                return operation.run(this.dataSource.databaseHandle());
            }
            catch (NativeException ex) {
                long left = timeout - (System.nanoTime() - started);
                if (TursoErrorCode.fromNative(ex.code()) != TursoErrorCode.BUSY || left <= 0) {
                    throw Errors.from(ex, null);
                }
                long delay = DELAYS_MS[Math.min(attempt, DELAYS_MS.length - 1)];
                try {
                    Thread.sleep(Math.max(1, Math.min(delay, TimeUnit.NANOSECONDS.toMillis(left))));
                }
                catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw Errors.from(ex, null);
                }
            }
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
