package dev.turso4j.jdbc;

import dev.turso4j.bridge.Native;
import dev.turso4j.bridge.NativeException;
import dev.turso4j.bridge.NativeHandle;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A connection to a turso database.
 *
 * <p>Transactions: with autocommit off, the first statement opens one with {@code BEGIN IMMEDIATE}
 * (it takes the write lock up front, waiting up to the busy timeout, so a later write cannot fail
 * at once on an upgrade), or {@code BEGIN DEFERRED} on a {@link #setReadOnly read-only} connection
 * (readers never wait for writers). In {@link TursoJournalMode#MVCC MVCC} mode a read-write
 * transaction begins {@code BEGIN CONCURRENT} instead: writers run side by side, and one that writes
 * a row another transaction changed fails with SQLState 40001; the engine has then rolled it back,
 * and the connection refuses statements and {@link #commit()} until {@link #rollback()}.
 * Isolation is always serializable in WAL mode, snapshot isolation in MVCC mode. Open result sets
 * close at commit and rollback.
 *
 * <p>A statement stopped by its query timeout or {@link Statement#cancel()} inside a transaction
 * rolls the whole transaction back at once, releasing its locks (the engine cannot undo just the
 * statement). Until the application calls {@link #rollback()}, the connection refuses statements
 * and {@link #commit()} fails, so work done before the interruption is never half committed.
 */
public class TursoConnection implements Connection {

    private static final Pattern SAVEPOINT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final TursoDataSource dataSource;

    private final NativeHandle handle;

    /** Set once by the first {@link #close()}: later calls return at once, new statements are refused. */
    private final AtomicBoolean closed = new AtomicBoolean();

    /** The statements handed to callers and not yet closed; guarded by itself, together with {@link #closed}. */
    private final Set<TursoStatement> statements = Collections.newSetFromMap(new IdentityHashMap<>());

    private final AtomicInteger savepointIds = new AtomicInteger();

    private final StatementCache statementCache = new StatementCache(64);

    private volatile boolean autoCommit = true;

    /** How a read-write transaction begins: {@code BEGIN CONCURRENT} in MVCC mode, else {@code BEGIN IMMEDIATE}. */
    private final String beginReadWrite;

    private volatile boolean readOnly;

    private volatile int networkTimeout;

    /**
     * Why the transaction ended before the caller's commit or rollback (an interrupted statement, a
     * write conflict), until the caller's rollback; {@code null} otherwise.
     */
    private volatile RolledBack rolledBack;

    /** A transaction that ended under the caller: what ended it, as an error code and a reason. */
    private record RolledBack(TursoErrorCode code, String reason) {
    }

    private final Properties clientInfo = new Properties();

    /** Set when the connection belongs to no pool or data source of the caller (made by the driver). */
    private AutoCloseable ownedDataSource;

    TursoConnection(TursoDataSource dataSource, long handle) throws SQLException {
        this.dataSource = dataSource;
        this.beginReadWrite = (dataSource.getJournalMode() == TursoJournalMode.MVCC) ? "BEGIN CONCURRENT" : "BEGIN IMMEDIATE";
        this.handle = NativeHandle.connection(this, handle);
        try {
            Native.setBusyTimeout(handle, dataSource.getConfig().getBusyTimeout().toMillis());
        }
        catch (NativeException ex) {
            this.handle.close();
            throw Errors.from(ex, null);
        }
    }

    void closeDataSourceOnClose(AutoCloseable owned) {
        this.ownedDataSource = owned;
    }

    long handle() throws SQLException {
        if (this.handle.isClosed()) {
            throw Errors.closed("connection");
        }
        return this.handle.value();
    }

    /** @return the data source this connection came from */
    public TursoDataSource getDataSource() {
        return this.dataSource;
    }

    // ---- statements ----

    /** A prepared statement for {@code sql}: an idle one from the cache, or a new one. */
    NativeStatement prepare(String sql) throws SQLException {
        handle();
        NativeStatement cached = (sql != null) ? this.statementCache.take(sql) : null;
        return (cached != null) ? cached : NativeStatement.prepare(this, sql);
    }

    /**
     * Takes back a statement its only user is done with (no execution open), for reuse; once the
     * connection is closed the cache closes it instead.
     */
    void release(NativeStatement statement) {
        this.statementCache.offer(statement);
    }

    /**
     * Hands a fully built statement to the caller, so that {@link #close()} closes it. A statement
     * finished after close began is closed here instead: it must not outlive its connection.
     */
    private <T extends TursoStatement> T register(T statement) throws SQLException {
        synchronized (this.statements) {
            if (!this.closed.get()) {
                this.statements.add(statement);
                return statement;
            }
        }
        statement.close();
        throw Errors.closed("connection");
    }

    void unregister(TursoStatement statement) {
        synchronized (this.statements) {
            this.statements.remove(statement);
        }
    }

    private TursoStatement[] openStatements() {
        synchronized (this.statements) {
            return this.statements.toArray(new TursoStatement[0]);
        }
    }

    /** Called before every execution: opens the transaction autocommit-off mode calls for. */
    void beforeExecute() throws SQLException {
        long h = handle();
        RolledBack rolledBack = this.rolledBack;
        if (rolledBack != null) {
            throw Errors.misuse("the transaction was rolled back " + rolledBack.reason() + "; call rollback() "
                    + "before using the connection again");
        }
        if (!this.autoCommit && Native.isAutocommit(h)) {
            runInternal(this.readOnly ? "BEGIN DEFERRED" : this.beginReadWrite);
        }
    }

    /**
     * Sees every error of this connection's statements on its way to the caller. A statement
     * interrupted inside a transaction rolls the transaction back now, so it holds no lock while
     * the application unwinds; the caller learns it from the message.
     * @return the exception to throw
     */
    SQLException afterFailure(SQLException failure) {
        TursoErrorCode code = TursoErrorCode.of(failure);
        if (this.autoCommit || (code != TursoErrorCode.INTERRUPT && code != TursoErrorCode.BUSY_SNAPSHOT)) {
            return failure;
        }
        try {
            if (code == TursoErrorCode.BUSY_SNAPSHOT) {
                // An MVCC write conflict: the engine has already rolled the transaction back.
                if (!inTransaction()) {
                    this.rolledBack = new RolledBack(code, "by a write conflict with another transaction");
                    this.dataSource.writeConflicted();
                }
                return failure;
            }
            if (inTransaction()) {
                closeCursors();
                runInternal("ROLLBACK");
            }
            this.rolledBack = new RolledBack(code, "when a statement was interrupted");
            return Errors.create(TursoErrorCode.INTERRUPT, failure.getMessage() + "; the transaction was rolled back",
                    null);
        }
        catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
            return failure;
        }
    }

    /** Runs SQL of our own (transaction control) through the statement path, busy waiting included. */
    private void runInternal(String sql) throws SQLException {
        try (TursoPreparedStatement statement = new TursoPreparedStatement(this, sql, null)) {
            statement.executeWithoutTransaction();
        }
    }

    private boolean inTransaction() throws SQLException {
        try {
            return !Native.isAutocommit(handle());
        }
        catch (NativeException ex) {
            throw Errors.from(ex, null);
        }
    }

    /** Open cursors hold the transaction's statements; they end with it (CLOSE_CURSORS_AT_COMMIT). */
    private void closeCursors() throws SQLException {
        for (TursoStatement statement : openStatements()) {
            statement.closeResultSet();
        }
    }

    @Override
    public TursoStatement createStatement() throws SQLException {
        handle();
        return register(new TursoStatement(this));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return register(new TursoPreparedStatement(this, sql, null));
    }

    /** Generated keys come from a {@code RETURNING} clause appended to INSERT, UPDATE or DELETE. */
    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        if (autoGeneratedKeys == Statement.NO_GENERATED_KEYS) {
            return prepareStatement(sql);
        }
        if (autoGeneratedKeys != Statement.RETURN_GENERATED_KEYS) {
            throw Errors.misuse("autoGeneratedKeys must be RETURN_GENERATED_KEYS or NO_GENERATED_KEYS");
        }
        return register(new TursoPreparedStatement(this, sql, GeneratedKeys.ROWID));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        if (columnNames == null || columnNames.length == 0) {
            return prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
        }
        return register(new TursoPreparedStatement(this, sql, List.of(columnNames)));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        throw Errors.unsupported("generated keys by column index (name the columns instead)");
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        checkResultSetOptions(resultSetType, resultSetConcurrency, ResultSet.CLOSE_CURSORS_AT_COMMIT);
        return createStatement();
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        checkResultSetOptions(resultSetType, resultSetConcurrency, resultSetHoldability);
        return createStatement();
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        checkResultSetOptions(resultSetType, resultSetConcurrency, ResultSet.CLOSE_CURSORS_AT_COMMIT);
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        checkResultSetOptions(resultSetType, resultSetConcurrency, resultSetHoldability);
        return prepareStatement(sql);
    }

    private static void checkResultSetOptions(int type, int concurrency, int holdability) throws SQLException {
        if (type != ResultSet.TYPE_FORWARD_ONLY) {
            throw Errors.unsupported("scrollable result sets");
        }
        if (concurrency != ResultSet.CONCUR_READ_ONLY) {
            throw Errors.unsupported("updatable result sets");
        }
        if (holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT) {
            throw Errors.unsupported("result sets held over commit");
        }
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        throw Errors.unsupported("stored procedures");
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        throw Errors.unsupported("stored procedures");
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        throw Errors.unsupported("stored procedures");
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        handle();
        return sql;
    }

    // ---- transactions ----

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        handle();
        if (autoCommit && !this.autoCommit && (inTransaction() || this.rolledBack != null)) {
            commit();
        }
        this.autoCommit = autoCommit;
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        handle();
        return this.autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        handle();
        if (this.autoCommit) {
            throw Errors.misuse("commit() called in autocommit mode");
        }
        closeCursors();
        RolledBack rolledBack = this.rolledBack;
        if (rolledBack != null) {
            this.rolledBack = null;
            throw Errors.create(rolledBack.code(),
                    "the transaction was rolled back " + rolledBack.reason() + "; nothing was committed", null);
        }
        if (inTransaction()) {
            runInternal("COMMIT");
        }
    }

    @Override
    public void rollback() throws SQLException {
        handle();
        if (this.autoCommit) {
            throw Errors.misuse("rollback() called in autocommit mode");
        }
        closeCursors();
        this.rolledBack = null;
        if (inTransaction()) {
            runInternal("ROLLBACK");
        }
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return setSavepoint(null);
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        handle();
        if (this.autoCommit) {
            throw Errors.misuse("savepoints need autocommit off");
        }
        int id = this.savepointIds.incrementAndGet();
        String sqlName = (name != null) ? name : "turso4j_sp_" + id;
        if (!SAVEPOINT_NAME.matcher(sqlName).matches()) {
            throw Errors.invalidParam("savepoint names are letters, digits and underscores");
        }
        beforeExecute();
        runInternal("SAVEPOINT " + sqlName);
        return new TursoSavepoint(id, name, sqlName);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        handle();
        closeCursors();
        runInternal("ROLLBACK TO SAVEPOINT " + savepointName(savepoint));
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        handle();
        runInternal("RELEASE SAVEPOINT " + savepointName(savepoint));
    }

    private static String savepointName(Savepoint savepoint) throws SQLException {
        if (!(savepoint instanceof TursoSavepoint turso)) {
            throw Errors.misuse("not a savepoint of this driver");
        }
        return turso.sqlName();
    }

    /** Isolation is serializable; other levels are accepted and served by it, as JDBC allows. */
    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        handle();
        if (level == Connection.TRANSACTION_NONE) {
            throw Errors.unsupported("TRANSACTION_NONE");
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        handle();
        return Connection.TRANSACTION_SERIALIZABLE;
    }

    /** Read-only connections open their transactions DEFERRED: they never wait for the write lock. */
    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        handle();
        if (inTransaction()) {
            throw Errors.misuse("cannot change read-only mode inside a transaction");
        }
        this.readOnly = readOnly;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        handle();
        return this.readOnly || this.dataSource.getConfig().isReadOnly();
    }

    // ---- replica operations ----

    private TursoReplica replica() throws SQLException {
        handle();
        TursoReplica replica = this.dataSource.getReplica();
        if (replica == null) {
            throw Errors.misuse("this database has no remote: sync is not available");
        }
        if (!this.autoCommit || inTransaction()) {
            throw Errors.misuse("sync operations are not allowed inside a transaction");
        }
        return replica;
    }

    /** Pulls then pushes; see {@link TursoReplica#sync()}. @throws SQLException MISUSE inside a transaction */
    public void sync() throws SQLException {
        replica().sync();
    }

    /** See {@link TursoReplica#pull()}. @return whether anything changed @throws SQLException MISUSE inside a transaction */
    public boolean pull() throws SQLException {
        return replica().pull();
    }

    /** See {@link TursoReplica#push()}. @throws SQLException MISUSE inside a transaction */
    public void push() throws SQLException {
        replica().push();
    }

    /** See {@link TursoReplica#checkpoint()}. @throws SQLException MISUSE inside a transaction */
    public void checkpoint() throws SQLException {
        replica().checkpoint();
    }

    /** @return the rowid of the last row inserted on this connection @throws SQLException when closed */
    public long lastInsertRowid() throws SQLException {
        try {
            return Native.lastInsertRowid(handle());
        }
        catch (NativeException ex) {
            throw Errors.from(ex, null);
        }
    }

    // ---- lifecycle ----

    /**
     * Closes open statements, rolls back an open transaction, and releases the native connection.
     * Safe from any thread at any time: only the first call does the work, and it never waits for a
     * statement another thread is using (that thread finishes closing it when it is done).
     */
    @Override
    public void close() throws SQLException {
        if (!this.closed.compareAndSet(false, true)) {
            return;
        }
        try {
            closeStatements();
            if (inTransaction()) {
                runInternal("ROLLBACK");
            }
        }
        finally {
            this.statementCache.close();
            this.handle.close();
            if (this.ownedDataSource != null) {
                try {
                    this.ownedDataSource.close();
                }
                catch (Exception ex) {
                    // closing an owned data source cannot fail in a way the caller could act on
                }
            }
        }
    }

    /** Closes every open statement, even when one fails; then throws the first failure. */
    private void closeStatements() throws SQLException {
        SQLException failure = null;
        for (TursoStatement statement : openStatements()) {
            try {
                statement.close();
            }
            catch (SQLException ex) {
                if (failure == null) {
                    failure = ex;
                }
                else {
                    failure.addSuppressed(ex);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public boolean isClosed() {
        return this.closed.get();
    }

    /**
     * Runs {@code SELECT 1} on the engine connection, waiting at most {@code timeout} seconds for a
     * statement of another thread on it, and never for a sync of a replica (the query reads no
     * table, so a sync applying changes does not hold it up).
     */
    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw Errors.misuse("timeout must be >= 0");
        }
        if (isClosed()) {
            return false;
        }
        try {
            Native.ping(this.handle.value(), (int) Math.min(timeout * 1000L, Integer.MAX_VALUE));
            return true;
        }
        catch (NativeException ex) {
            return false;
        }
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw Errors.misuse("executor is null");
        }
        executor.execute(() -> {
            try {
                close();
            }
            catch (SQLException ex) {
                // abort is best effort by contract
            }
        });
    }

    /** A local database does no network I/O; the value is kept for pools that set and read it. */
    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        handle();
        if (milliseconds < 0) {
            throw Errors.misuse("timeout must be >= 0");
        }
        this.networkTimeout = milliseconds;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        handle();
        return this.networkTimeout;
    }

    // ---- metadata and the rest ----

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        handle();
        return new TursoDatabaseMetaData(this);
    }

    /** Turso has no catalogs; JDBC says to ignore the request. */
    @Override
    public void setCatalog(String catalog) throws SQLException {
        handle();
    }

    @Override
    public String getCatalog() throws SQLException {
        handle();
        return null;
    }

    /** Only the {@code main} schema exists; JDBC says to ignore the request. */
    @Override
    public void setSchema(String schema) throws SQLException {
        handle();
    }

    @Override
    public String getSchema() throws SQLException {
        handle();
        return null; // no schemas, as DatabaseMetaData reports them
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        handle();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        handle();
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        handle();
        return Collections.emptyMap();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        if (map != null && !map.isEmpty()) {
            throw Errors.unsupported("type maps");
        }
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        handle();
        if (holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT) {
            throw Errors.unsupported("result sets held over commit");
        }
    }

    @Override
    public int getHoldability() throws SQLException {
        handle();
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public Clob createClob() throws SQLException {
        throw Errors.unsupported("Clob (use String)");
    }

    @Override
    public Blob createBlob() throws SQLException {
        throw Errors.unsupported("Blob (use byte[])");
    }

    @Override
    public NClob createNClob() throws SQLException {
        throw Errors.unsupported("NClob (use String)");
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        throw Errors.unsupported("SQLXML");
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        throw Errors.unsupported("arrays");
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        throw Errors.unsupported("structs");
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (value == null) {
            this.clientInfo.remove(name);
        }
        else {
            this.clientInfo.setProperty(name, value);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        this.clientInfo.clear();
        if (properties != null) {
            this.clientInfo.putAll(properties);
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        handle();
        return this.clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        handle();
        Properties copy = new Properties();
        copy.putAll(this.clientInfo);
        return copy;
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return Wrappers.unwrap(this, type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    private record TursoSavepoint(int id, String name, String sqlName) implements Savepoint {

        @Override
        public int getSavepointId() throws SQLException {
            if (this.name != null) {
                throw Errors.misuse("a named savepoint has no id");
            }
            return this.id;
        }

        @Override
        public String getSavepointName() throws SQLException {
            if (this.name == null) {
                throw Errors.misuse("an unnamed savepoint has no name");
            }
            return this.name;
        }
    }
}
