package dev.turso4j.jdbc;

import dev.turso4j.bridge.Native;
import dev.turso4j.bridge.NativeException;
import dev.turso4j.bridge.ValueCodec;
import java.nio.charset.StandardCharsets;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A statement that runs SQL text. Each {@code execute} prepares its SQL in the engine (the engine
 * caches compiled programs per connection, so repeating a text is cheap); prefer a
 * {@link java.sql.PreparedStatement} with parameters for values.
 */
public class TursoStatement implements Statement {

    /**
     * Executes the elements of a batch in order, writing each update count to {@code counts}. When
     * one fails it throws, leaving {@link Statement#EXECUTE_FAILED} at that index and after it.
     */
    @FunctionalInterface
    interface BatchSteps {
        void run(long[] counts) throws SQLException;
    }

    final TursoConnection connection;

    /**
     * Held by the thread inside an execution, fetch or reset of this statement's native statements.
     * Another thread is refused at once with an SQLException (tryLock), never parked: a statement is
     * not for two threads at a time, and a wait here could deadlock a connection closing statements
     * in use. Closing never waits either: it marks the statement closed, and a thread found inside
     * hands the native statements back as it leaves ({@link #exit()}). So a native statement goes
     * back to the connection exactly once, and only when nobody here can use it any more.
     */
    private final ReentrantLock use = new ReentrantLock();

    private final AtomicBoolean closed = new AtomicBoolean();

    /** Whether the native statements went back to the connection; guarded by {@link #use}. */
    private boolean released;

    /** The native statement of the last SQL text; guarded by {@link #use}. */
    private NativeStatement current;

    /** The statement of the latest execution, for {@link #cancel()} from another thread. */
    private volatile NativeStatement cancellable;

    private int queryTimeoutSeconds;

    /** Whether a multi-statement script runs, for {@link #cancel()}: its statements have no handle here. */
    private volatile boolean runningScript;

    /** The result set whose execution is open in the engine; guarded by {@link #use}. */
    private TursoResultSet executing;

    /** The result set callers get; a commit on another thread may take it away at any time. */
    private final AtomicReference<TursoResultSet> resultSet = new AtomicReference<>();

    private ResultSet generatedKeys;

    private long updateCount = -1;

    private long maxRows;

    private int fetchSize;

    private boolean closeOnCompletion;

    private final List<String> batch = new ArrayList<>();

    /** Not yet known to the connection: it registers the statement once built, as the caller gets it. */
    TursoStatement(TursoConnection connection) {
        this.connection = connection;
    }

    void checkOpen() throws SQLException {
        if (this.closed.get()) {
            throw Errors.closed("statement");
        }
        this.connection.handle();
    }

    /** Takes this statement for one call using its native statements; pair with {@link #exit()}. */
    final void enter() throws SQLException {
        if (!this.use.tryLock()) {
            throw this.closed.get() ? Errors.closed("statement") : Errors.misuse("the statement is in use by another thread");
        }
        if (this.closed.get()) {
            exit();
            throw Errors.closed("statement");
        }
    }

    /** Leaves a call; finishes a close that came meanwhile from another thread. */
    final void exit() {
        this.use.unlock();
        if (this.closed.get() && !this.use.isHeldByCurrentThread()) {
            try {
                releaseIfFree();
            }
            catch (SQLException ex) {
                // the close this finishes has already returned; the native statements went back anyway
            }
        }
    }

    /**
     * A call that meets state another thread is changing (a misuse: parameters set while the
     * statement runs) fails with an SQLException, never with an index or null-pointer exception.
     */
    static SQLException concurrentUse(String what, RuntimeException ex) {
        return Errors.create(TursoErrorCode.MISUSE, what + " changed during the call (used by another thread?)", ex);
    }

    // ---- execution shared with prepared statements ----

    /**
     * Runs {@code statement} once. Rows become the result set, or the generated keys when the SQL
     * was given a RETURNING clause for them; otherwise the update count is kept.
     * @return whether there is a result set
     */
    final boolean run(NativeStatement statement, ValueCodec params, boolean rowsAreKeys) throws SQLException {
        enter();
        try {
            return runEntered(statement, params, rowsAreKeys);
        }
        finally {
            exit();
        }
    }

    private boolean runEntered(NativeStatement statement, ValueCodec params, boolean rowsAreKeys) throws SQLException {
        checkOpen();
        this.connection.beforeExecute();
        closeResultSet();
        endExecution();
        this.generatedKeys = null;
        this.updateCount = -1;
        int timeout = beginExecution(statement);
        if (!statement.returnsRows()) {
            this.updateCount = statement.execute(params, timeout);
            return false;
        }
        TursoResultSet rows = new TursoResultSet(this, statement, statement.query(params, timeout, this.fetchSize),
                this.fetchSize, this.maxRows);
        if (rowsAreKeys) {
            TursoResultSet keys = rows.materialize();
            this.generatedKeys = keys;
            this.updateCount = keys.rowCount();
            return false;
        }
        this.resultSet.set(rows);
        return true;
    }

    /** The result set of the execution just run; a commit on another thread may have closed it already. */
    final ResultSet openResultSet() throws SQLException {
        ResultSet rs = this.resultSet.get();
        if (rs == null) {
            throw Errors.closed("result set");
        }
        return rs;
    }

    /**
     * Runs every element of a batch. In autocommit mode the whole batch is one transaction, so it
     * is applied completely or not at all (and much faster); inside a caller's transaction the
     * caller's commit or rollback decides.
     */
    final long[] runBatch(int size, BatchSteps steps) throws SQLException {
        enter();
        try {
            return runBatchEntered(size, steps);
        }
        finally {
            exit();
        }
    }

    private long[] runBatchEntered(int size, BatchSteps steps) throws SQLException {
        checkOpen();
        boolean ownTransaction = this.connection.getAutoCommit();
        if (ownTransaction) {
            this.connection.setAutoCommit(false);
        }
        long[] counts = new long[size];
        Arrays.fill(counts, Statement.EXECUTE_FAILED);
        try {
            steps.run(counts);
            if (ownTransaction) {
                this.connection.commit();
            }
            return counts;
        }
        catch (SQLException ex) {
            if (ownTransaction) {
                try {
                    this.connection.rollback();
                }
                catch (SQLException rollbackFailure) {
                    ex.addSuppressed(rollbackFailure);
                }
            }
            int done = 0;
            while (done < size && counts[done] != Statement.EXECUTE_FAILED) {
                done++;
            }
            long[] completed = Arrays.copyOf(counts, done);
            BatchUpdateException failure = new BatchUpdateException(
                    "batch element " + done + " failed" + (ownTransaction ? "; the batch was rolled back" : "") + ": "
                            + ex.getMessage(), ex.getSQLState(), ex.getErrorCode(), completed, ex);
            failure.setNextException(ex);
            throw failure;
        }
        finally {
            if (ownTransaction) {
                this.connection.setAutoCommit(true);
            }
        }
    }

    /**
     * Makes {@code statement} the one {@link #cancel()} stops.
     * @return the query timeout in milliseconds, 0 for none
     */
    final int beginExecution(NativeStatement statement) {
        this.cancellable = statement;
        return queryTimeoutMillis();
    }

    private int queryTimeoutMillis() {
        return (int) Math.min(this.queryTimeoutSeconds * 1000L, Integer.MAX_VALUE);
    }

    static int[] toIntCounts(long[] counts) {
        int[] ints = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            ints[i] = (int) Math.min(counts[i], Integer.MAX_VALUE);
        }
        return ints;
    }

    /** Ends the open result set, if any, so its statement no longer holds locks. */
    void closeResultSet() throws SQLException {
        TursoResultSet rs = this.resultSet.getAndSet(null);
        if (rs != null) {
            rs.close();
        }
    }

    /** Called once by each closing result set of this statement. */
    void resultSetClosed(TursoResultSet rs) throws SQLException {
        this.resultSet.compareAndSet(rs, null);
        endExecution(rs);
        if (this.closeOnCompletion && this.resultSet.get() == null) {
            close();
        }
    }

    /** A new result set's execution is open in the engine: under {@link #use}, or on a statement only its creator sees. */
    void started(TursoResultSet rs) {
        this.executing = rs;
    }

    /**
     * Ends the execution of {@code rs} if it is still open, so the engine statement holds no lock.
     * A thread inside this statement ends or replaces that execution itself: no need to wait for it.
     */
    void endExecution(TursoResultSet rs) throws SQLException {
        if (this.use.tryLock()) {
            try {
                if (this.executing == rs) {
                    endExecution();
                }
            }
            finally {
                exit();
            }
        }
    }

    /** Ends the open execution, if any; under {@link #use}. */
    private void endExecution() throws SQLException {
        TursoResultSet rs = this.executing;
        this.executing = null;
        if (rs != null && !this.released) {
            rs.resetSource();
        }
    }

    /** The next rows of {@code rs}, unless another execution has replaced it meanwhile. */
    byte[] fetch(TursoResultSet rs, NativeStatement source, int fetchSize) throws SQLException {
        enter();
        try {
            if (this.executing != rs) {
                throw Errors.closed("result set");
            }
            return source.fetch(fetchSize);
        }
        finally {
            exit();
        }
    }

    /** Whether the text holds several statements; only texts with an inner ';' are parsed to find out. */
    private static boolean isScript(String sql) throws SQLException {
        if (sql == null) {
            throw Errors.misuse("SQL is null");
        }
        int end = sql.length();
        while (end > 0 && (sql.charAt(end - 1) == ';' || Character.isWhitespace(sql.charAt(end - 1)))) {
            end--;
        }
        if (sql.lastIndexOf(';', end - 1) < 0) {
            return false;
        }
        return SqlShape.of(sql).isScript();
    }

    /** Runs every statement of the text in order; the update count is their total. */
    private long runScript(String sql) throws SQLException {
        checkOpen();
        this.connection.beforeExecute();
        closeResultSet();
        this.generatedKeys = null;
        int timeout = queryTimeoutMillis();
        this.cancellable = null;
        this.runningScript = true;
        try {
            this.updateCount = Native.executeScript(this.connection.handle(), sql.getBytes(StandardCharsets.UTF_8),
                    timeout);
        }
        catch (NativeException ex) {
            throw this.connection.afterFailure(Errors.from(ex, sql));
        }
        finally {
            this.runningScript = false;
        }
        return this.updateCount;
    }

    /** Under {@link #use}: the native statement it replaces goes back to the connection. */
    private NativeStatement prepareText(String sql) throws SQLException {
        checkOpen();
        closeResultSet();
        endExecution();
        if (this.current != null) {
            this.cancellable = null; // the cache may give it to another statement
            this.connection.release(this.current);
            this.current = null;
        }
        this.current = this.connection.prepare(sql);
        return this.current;
    }

    // ---- Statement ----

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        enter();
        try {
            NativeStatement statement = prepareText(sql);
            if (!statement.returnsRows()) {
                throw Errors.misuse(Errors.withSql("executeQuery() needs a statement that returns rows", sql));
            }
            run(statement, null, false);
            return openResultSet();
        }
        finally {
            exit();
        }
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return (int) executeLargeUpdate(sql);
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        enter();
        try {
            return updateText(sql);
        }
        finally {
            exit();
        }
    }

    private long updateText(String sql) throws SQLException {
        if (isScript(sql)) {
            return runScript(sql);
        }
        NativeStatement statement = prepareText(sql);
        checkOpen();
        this.connection.beforeExecute();
        this.generatedKeys = null;
        this.updateCount = statement.execute(null, beginExecution(statement));
        return this.updateCount;
    }

    /** A text holding several statements runs them all, in order; it then has no result set. */
    @Override
    public boolean execute(String sql) throws SQLException {
        enter();
        try {
            if (isScript(sql)) {
                runScript(sql);
                return false;
            }
            return run(prepareText(sql), null, false);
        }
        finally {
            exit();
        }
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return (int) executeLargeUpdate(sql, autoGeneratedKeys);
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        if (autoGeneratedKeys == Statement.NO_GENERATED_KEYS) {
            return executeLargeUpdate(sql);
        }
        return executeLargeUpdate(sql, GeneratedKeys.ROWID.toArray(new String[0]));
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        throw Errors.unsupported("generated keys by column index (name the columns instead)");
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        throw Errors.unsupported("generated keys by column index (name the columns instead)");
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        return (int) executeLargeUpdate(sql, columnNames);
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        String withKeys = GeneratedKeys.withReturning(sql, List.of(columnNames));
        enter();
        try {
            run(prepareText(withKeys), null, !withKeys.equals(sql));
            return Math.max(this.updateCount, 0);
        }
        finally {
            exit();
        }
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        if (autoGeneratedKeys == Statement.NO_GENERATED_KEYS) {
            return execute(sql);
        }
        return execute(sql, GeneratedKeys.ROWID.toArray(new String[0]));
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        throw Errors.unsupported("generated keys by column index (name the columns instead)");
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        String withKeys = GeneratedKeys.withReturning(sql, List.of(columnNames));
        enter();
        try {
            return run(prepareText(withKeys), null, !withKeys.equals(sql));
        }
        finally {
            exit();
        }
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        return (this.generatedKeys != null) ? this.generatedKeys
                : TursoResultSet.ofRows(GeneratedKeys.ROWID, List.of());
    }

    void setGeneratedKeys(ResultSet keys) {
        this.generatedKeys = keys;
    }

    void setUpdateCount(long count) {
        this.updateCount = count;
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return this.resultSet.get();
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return (int) getLargeUpdateCount();
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return this.updateCount;
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return getMoreResults(Statement.CLOSE_CURRENT_RESULT);
    }

    /** One statement gives one result; moving past it closes the current result set. */
    @Override
    public boolean getMoreResults(int current) throws SQLException {
        checkOpen();
        if (current == Statement.KEEP_CURRENT_RESULT) {
            throw Errors.unsupported("keeping a result set open past getMoreResults");
        }
        closeResultSet();
        this.updateCount = -1;
        return false;
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        if (sql == null) {
            throw Errors.misuse("SQL is null");
        }
        enter();
        try {
            checkOpen();
            this.batch.add(sql);
        }
        finally {
            exit();
        }
    }

    @Override
    public void clearBatch() throws SQLException {
        enter();
        try {
            checkOpen();
            this.batch.clear();
        }
        finally {
            exit();
        }
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return toIntCounts(executeLargeBatch());
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        enter();
        try {
            List<String> statements = List.copyOf(this.batch);
            this.batch.clear();
            return runBatch(statements.size(), (counts) -> {
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = executeLargeUpdate(statements.get(i));
                }
            });
        }
        finally {
            exit();
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return this.connection;
    }

    /** Safe from any thread at any time; only the first call does anything, and it never waits. */
    @Override
    public void close() throws SQLException {
        if (!this.closed.compareAndSet(false, true)) {
            return;
        }
        this.connection.unregister(this);
        releaseIfFree();
    }

    /**
     * Ends the open execution and hands the native statements back, once, after close. Left to the
     * thread inside when there is one: it does it in {@link #exit()}, the outermost call of it when
     * nested.
     */
    private void releaseIfFree() throws SQLException {
        if (!this.use.tryLock()) {
            return;
        }
        try {
            if (this.released || this.use.getHoldCount() > 1) {
                return;
            }
            try {
                closeResultSet();
                endExecution();
            }
            finally {
                this.released = true;
                releaseNatives();
            }
        }
        finally {
            this.use.unlock();
        }
    }

    /** Hands this statement's native statements back to the connection; once, under {@link #use}. */
    void releaseNatives() {
        this.cancellable = null; // the cache may give them to other statements
        if (this.current != null) {
            this.connection.release(this.current);
            this.current = null;
        }
    }

    @Override
    public boolean isClosed() {
        return this.closed.get();
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        this.closeOnCompletion = true;
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        checkOpen();
        return this.closeOnCompletion;
    }

    @Override
    public int getMaxRows() throws SQLException {
        return (int) getLargeMaxRows();
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        setLargeMaxRows(max);
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        checkOpen();
        return this.maxRows;
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw Errors.misuse("max rows must be >= 0");
        }
        this.maxRows = max;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return this.fetchSize;
    }

    /** Rows per trip from the engine; 0 lets the driver fill batches of about 256 KB. */
    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw Errors.misuse("fetch size must be >= 0");
        }
        this.fetchSize = rows;
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return this.queryTimeoutSeconds;
    }

    /**
     * Bounds each execution: past the timeout the engine stops it and it fails with
     * {@link java.sql.SQLTimeoutException} (SQLState 57014). The time counts from the start of the
     * execution to its last row, fetches included, and covers waiting for locks; a batch or script
     * gets it once for all its statements. Inside a transaction, see {@link TursoConnection}.
     */
    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        if (seconds < 0) {
            throw Errors.misuse("timeout must be >= 0");
        }
        this.queryTimeoutSeconds = seconds;
    }

    /**
     * Stops the current execution from another thread: it fails with
     * {@link java.sql.SQLTimeoutException} (SQLState 57014) within a few hundred engine instructions,
     * or at its next lock-wait back-off or fetch, and the connection stays usable; a multi-statement
     * script run by {@code execute(String)} stops with the statement it is running. Does nothing when
     * nothing runs.
     */
    @Override
    public void cancel() throws SQLException {
        if (this.closed.get()) {
            throw Errors.closed("statement");
        }
        if (this.runningScript) {
            try {
                Native.cancelScript(this.connection.handle());
            }
            catch (NativeException ex) {
                throw Errors.from(ex, null);
            }
            return;
        }
        NativeStatement statement = this.cancellable;
        if (statement != null) {
            try {
                statement.cancel();
            }
            catch (NativeException ex) {
                throw Errors.from(ex, statement.sql());
            }
        }
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        checkOpen();
        return 0;
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        checkOpen();
        if (max != 0) {
            throw Errors.unsupported("a maximum field size");
        }
    }

    /** JDBC escape syntax ({@code {fn ...}}, {@code {d ...}}) is not translated: write SQLite SQL. */
    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkOpen();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        throw Errors.unsupported("named cursors");
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != ResultSet.FETCH_FORWARD) {
            throw Errors.unsupported("fetch directions other than FETCH_FORWARD");
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return ResultSet.FETCH_FORWARD;
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        checkOpen();
        return ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public int getResultSetType() throws SQLException {
        checkOpen();
        return ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        checkOpen();
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    /** Pools may ask; statements are cheap to re-prepare (the engine caches programs). */
    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        checkOpen();
    }

    @Override
    public boolean isPoolable() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return Wrappers.unwrap(this, type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
