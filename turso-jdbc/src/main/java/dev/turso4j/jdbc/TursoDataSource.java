package dev.turso4j.jdbc;

import dev.turso4j.bridge.Native;
import dev.turso4j.bridge.NativeException;
import dev.turso4j.bridge.NativeHandle;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A turso database and the source of its connections. It opens the native database once, when it is
 * created, and every connection it hands out is a connection to that one database: for
 * {@code :memory:} all of them see the same tables. Wrap it in a pool (HikariCP) for applications;
 * {@link #close()} it when done.
 *
 * <p>When the configuration names a remote, the file is opened as an embedded replica; see
 * {@link TursoReplica}. An empty replica is first filled from the remote, within the sync timeouts.
 */
public class TursoDataSource implements DataSource, AutoCloseable {

    private final TursoConfig config;

    private final NativeHandle database;

    private final TursoReplica replica;

    private final TursoJournalMode journalMode;

    private final LongAdder writeConflicts = new LongAdder();

    private PrintWriter logWriter;

    private volatile int loginTimeout;

    /**
     * Opens the database of a turso JDBC URL.
     * @param url {@code jdbc:turso:<path>[?options]}
     * @throws SQLException when the URL is invalid or the database cannot be opened
     */
    public TursoDataSource(String url) throws SQLException {
        this(TursoConfig.fromUrl(url, null));
    }

    /**
     * Opens a database.
     * @param config what to open and how
     * @throws SQLException when the database cannot be opened
     */
    public TursoDataSource(TursoConfig config) throws SQLException {
        Native.ensureLoaded();
        if (config.getJournalMode() == TursoJournalMode.MVCC && config.getRemoteUrl() != null) {
            throw Errors.misuse("journal_mode=mvcc is not supported for an embedded replica: the engine cannot "
                    + "record the changes a sync pushes in MVCC mode; use the default journal mode (wal)");
        }
        this.config = config;
        byte[] path = config.getPath().getBytes(StandardCharsets.UTF_8);
        long handle;
        try {
            if (config.getRemoteUrl() != null) {
                Supplier<String> tokens = (config.getAuthToken() != null)
                        ? new TokenSupplier(config.getAuthToken(), config.getSyncRequestTimeout()) : null;
                handle = Native.openReplica(path, config.getRemoteUrl().getBytes(StandardCharsets.UTF_8), tokens,
                        config.isBootstrapIfEmpty(), config.getSyncConnectTimeout().toMillis(),
                        config.getSyncRequestTimeout().toMillis(), config.getBusyTimeout().toMillis());
            }
            else {
                handle = Native.open(path, config.isReadOnly());
            }
        }
        catch (NativeException ex) {
            throw Errors.create(TursoErrorCode.fromNative(ex.code()),
                    "cannot open database " + config.getPath() + ": " + ex.getMessage(), null);
        }
        this.database = NativeHandle.database(this, handle);
        this.replica = (config.getRemoteUrl() != null) ? new TursoReplica(this) : null;
        try {
            this.journalMode = openJournalMode(config);
        }
        catch (SQLException ex) {
            close();
            throw ex;
        }
    }

    /** Converts the file to the configured journal mode, if one is, and returns the mode it is in. */
    private TursoJournalMode openJournalMode(TursoConfig config) throws SQLException {
        try (TursoConnection connection = getConnection(); Statement statement = connection.createStatement()) {
            if (config.getJournalMode() != null) {
                statement.execute("PRAGMA journal_mode = '" + config.getJournalMode().pragmaValue() + "'");
            }
            try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
                mode.next();
                String current = mode.getString(1);
                return "mvcc".equalsIgnoreCase(current) ? TursoJournalMode.MVCC : TursoJournalMode.WAL;
            }
        }
    }

    /** @return the journal mode the database is in: the configured one, or the file's */
    public TursoJournalMode getJournalMode() {
        return this.journalMode;
    }

    /** @return the configuration this data source was opened with */
    public TursoConfig getConfig() {
        return this.config;
    }

    /** @return the version of the turso engine inside the native library, e.g. {@code 0.8.3} */
    public String getEngineVersion() {
        return Native.engineVersion();
    }

    /** @return the replica operations, or {@code null} when the database has no remote */
    public TursoReplica getReplica() {
        return this.replica;
    }

    long databaseHandle() throws SQLException {
        if (this.database.isClosed()) {
            throw Errors.closed("data source");
        }
        return this.database.value();
    }

    @Override
    public TursoConnection getConnection() throws SQLException {
        long handle;
        try {
            handle = Native.connect(databaseHandle());
        }
        catch (NativeException ex) {
            throw Errors.from(ex, null);
        }
        return new TursoConnection(this, handle);
    }

    /** User and password do not apply to turso: use {@link #getConnection()}. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw Errors.unsupported("getConnection(username, password)");
    }

    /** @return how often callers waited on the database lock, and how often that ended in BUSY */
    public long[] getBusyCounters() throws SQLException {
        try {
            return Native.busyCounters(databaseHandle());
        }
        catch (NativeException ex) {
            throw Errors.from(ex, null);
        }
    }

    /**
     * @return how many transactions lost a write conflict (MVCC mode, SQLState 40001) and were rolled
     * back, since the database was opened
     */
    public long getWriteConflicts() {
        return this.writeConflicts.sum();
    }

    void writeConflicted() {
        this.writeConflicts.increment();
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return this.database.isClosed();
    }

    /**
     * Closes the database. Connections still open keep working until they are closed; the native
     * database goes with the last of them.
     */
    @Override
    public void close() {
        this.database.close();
    }

    @Override
    public PrintWriter getLogWriter() {
        return this.logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    /**
     * Stores the login timeout, as pools such as HikariCP set it from their connection timeout.
     * Opening a turso connection does not log in and does not wait on a network (an embedded
     * replica syncs separately, under its own timeouts), so the value does not change how
     * connections open; it is kept only to be returned by {@link #getLoginTimeout()}.
     * @param seconds the login timeout in seconds, 0 for none
     * @throws SQLException if {@code seconds} is negative
     */
    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        if (seconds < 0) {
            throw Errors.invalidParam("The login timeout must not be negative: " + seconds);
        }
        this.loginTimeout = seconds;
    }

    /**
     * @return the login timeout last set, in seconds (0, the default, for none); it has no effect
     * on opening connections
     */
    @Override
    public int getLoginTimeout() {
        return this.loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw Errors.unsupported("java.util.logging");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (!type.isInstance(this) && this.replica != null && type.isInstance(this.replica)) {
            return type.cast(this.replica);
        }
        return Wrappers.unwrap(this, type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this) || (this.replica != null && type.isInstance(this.replica));
    }

    @Override
    public String toString() {
        return "TursoDataSource[" + this.config + "]";
    }
}
