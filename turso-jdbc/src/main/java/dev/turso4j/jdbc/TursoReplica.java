package dev.turso4j.jdbc;

import dev.turso4j.bridge.Native;
import dev.turso4j.bridge.NativeException;
import dev.turso4j.bridge.ValueCodec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sync operations of an embedded replica: the local file is read and written like any database,
 * and these move changes between it and the remote. Reached through
 * {@code dataSource.unwrap(TursoReplica.class)}; a connection offers the same operations and
 * refuses them inside a transaction.
 *
 * <p>Every request to the remote is bounded by the data source's sync timeouts
 * ({@link TursoConfig#withSyncConnectTimeout}, {@link TursoConfig#withSyncRequestTimeout}); a
 * failure of the remote throws {@link TursoErrorCode#SYNC} and leaves the local database as it was.
 * While a request is out, the application's statements run as usual: they wait only while pulled
 * changes are applied to the local file (or while a checkpoint runs). Applying waits for a moment
 * when no statement is in progress and no transaction is open, for up to the data source's busy
 * timeout, then throws {@link TursoErrorCode#BUSY}.
 *
 * <p>These calls are not part of any transaction, and should not be made by a thread that holds one.
 */
public final class TursoReplica {

    /** The sync engine's own bookkeeping. */
    private static final Set<String> SYNC_ENGINE_TABLES = Set.of("turso_cdc", "turso_cdc_version",
            "turso_sync_last_change_id");

    private final TursoDataSource dataSource;

    private final List<TursoSyncListener> listeners = new CopyOnWriteArrayList<>();

    private final ReentrantLock lock = new ReentrantLock();

    private final TursoSyncHistory history;

    TursoReplica(TursoDataSource dataSource) {
        this.dataSource = dataSource;
        TursoSyncStats stats = statsOrNull();
        this.history = new TursoSyncHistory(Clock.systemUTC(), (stats != null) ? stats.lastPull() : null,
                (stats != null) ? stats.lastPush() : null);
    }

    private TursoSyncStats statsOrNull() {
        try {
            return stats();
        }
        catch (SQLException ex) {
            return null;
        }
    }

    /** @return when syncs last succeeded and failed, for health, meters and logs */
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

    /**
     * One sync operation at a time per replica, whoever calls (scheduler, template, JDBC). The
     * history counts what callers asked for: a sync whose push fails is one failure, not two.
     */
    private <T> T observed(String name, Operation<T> operation) throws SQLException {
        boolean asked = !this.lock.isHeldByCurrentThread();
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
            record(name, asked, failure);
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

    private void record(String name, boolean asked, SQLException failure) {
        if (name.equals("checkpoint")) {
            return; // local only: says nothing about the remote
        }
        if (failure == null && name.equals("pull")) {
            this.history.pulled();
        }
        if (failure == null && name.equals("push")) {
            this.history.pushed();
        }
        if (asked && failure != null) {
            this.history.failed(failure);
        }
        else if (asked) {
            this.history.succeeded();
        }
    }

    /**
     * Pulls remote changes, then pushes local ones.
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
        return observed("pull", () -> call(Native::pull));
    }

    /**
     * Pushes local changes to the remote; on conflicting rows the last push wins.
     * @throws SQLException when the push fails
     */
    public void push() throws SQLException {
        observed("push", () -> call((db) -> {
            Native.push(db);
            return null;
        }));
    }

    /**
     * Checkpoints the local WAL into the database file. Replicas do not checkpoint on their own.
     * Local changes not yet pushed stay in the change log and go with the next push, so a replica
     * that cannot reach its remote can checkpoint too.
     * @throws SQLException when the checkpoint fails
     */
    public void checkpoint() throws SQLException {
        observed("checkpoint", () -> call((db) -> {
            Native.checkpoint(db);
            return null;
        }));
    }

    @FunctionalInterface
    private interface NativeOperation<T> {
        T run(long database) throws NativeException;
    }

    private <T> T call(NativeOperation<T> operation) throws SQLException {
        try {
            return operation.run(this.dataSource.databaseHandle());
        }
        catch (NativeException ex) {
            throw Errors.from(ex, null);
        }
    }

    /**
     * Reads the replica's sync state. It waits only while pulled changes are applied or a
     * checkpoint runs, never for the network.
     * @return a snapshot of the replica's sync state
     * @throws SQLException when the state cannot be read
     */
    public TursoSyncStats stats() throws SQLException {
        byte[] data = call(Native::syncStats);
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

    /**
     * The replicated tables keyed by their rowid: an {@code INTEGER PRIMARY KEY}, or no primary key.
     * Each replica hands out rowids on its own, so two replicas inserting into such a table give
     * different rows the same key, and the last push silently overwrites the other row (the sync
     * engine replays changes as upserts and reports nothing). Give shared tables keys that are unique
     * across replicas (UUIDs, or ids with an instance prefix).
     * @return the names of those tables, sorted
     * @throws SQLException when the schema cannot be read
     */
    public List<String> rowidKeyedTables() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection connection = this.dataSource.getConnection(); Statement statement = connection.createStatement()) {
            Map<String, String> schema = new TreeMap<>();
            try (ResultSet rs = statement.executeQuery("SELECT name, sql FROM sqlite_schema WHERE type = 'table'")) {
                while (rs.next()) {
                    schema.put(rs.getString(1), String.valueOf(rs.getString(2)));
                }
            }
            for (Map.Entry<String, String> table : schema.entrySet()) {
                String name = table.getKey();
                boolean withoutRowid = table.getValue().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").contains("WITHOUT ROWID");
                if (!isInternal(name) && !withoutRowid && isKeyedByRowid(statement, name)) {
                    tables.add(name);
                }
            }
        }
        return tables;
    }

    /** SQLite's and the engine's own tables. */
    private static boolean isInternal(String table) {
        return table.startsWith("sqlite_") || table.startsWith("__turso_internal") || SYNC_ENGINE_TABLES.contains(table);
    }

    private static boolean isKeyedByRowid(Statement statement, String table) throws SQLException {
        List<String> keyTypes = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("PRAGMA table_info(\"" + table.replace("\"", "\"\"") + "\")")) {
            while (rs.next()) {
                if (rs.getInt("pk") > 0) {
                    keyTypes.add(rs.getString("type"));
                }
            }
        }
        return keyTypes.isEmpty() || (keyTypes.size() == 1 && "INTEGER".equalsIgnoreCase(keyTypes.get(0)));
    }

    /** @return the data source of this replica */
    public TursoDataSource getDataSource() {
        return this.dataSource;
    }
}
