package dev.turso4j.jdbc;

import dev.turso4j.bridge.Native;
import dev.turso4j.bridge.NativeException;
import dev.turso4j.bridge.NativeHandle;
import dev.turso4j.bridge.ValueCodec;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * One prepared statement in the engine, with its SQL, parameter count and result columns. Every
 * native error comes out as the driver's SQLException naming this SQL (and never the bound values).
 */
final class NativeStatement implements AutoCloseable {

    private final TursoConnection connection;

    private final String sql;

    private final NativeHandle handle;

    private final int parameterCount;

    private final Column[] columns;

    /**
     * The last row batch, reused for the next one when that fits: one execution (with its result
     * set) at a time uses a statement, and a batch is done with once the next is asked for.
     */
    private byte[] rowBuffer;

    /** A larger batch is not kept for reuse: cached statements would pin memory. */
    private static final int KEPT_ROW_BUFFER = 8 * 1024;

    private NativeStatement(TursoConnection connection, String sql, long handle, int parameterCount, Column[] columns) {
        this.connection = connection;
        this.sql = sql;
        // Bound to this object, not to a JDBC statement: a cached statement outlives the first user.
        this.handle = NativeHandle.statement(this, handle);
        this.parameterCount = parameterCount;
        this.columns = columns;
    }

    static NativeStatement prepare(TursoConnection connection, String sql) throws SQLException {
        if (sql == null) {
            throw Errors.misuse("SQL is null");
        }
        byte[] data;
        try {
            data = Native.prepare(connection.handle(), sql.getBytes(StandardCharsets.UTF_8));
        }
        catch (NativeException ex) {
            throw Errors.from(ex, sql);
        }
        long handle = ValueCodec.readLong(data, 0);
        int parameterCount = (int) ValueCodec.readLong(data, 9);
        int count = (int) ValueCodec.readLong(data, 18);
        Column[] columns = new Column[count];
        int at = 27;
        for (int i = 0; i < count; i++) {
            String name = ValueCodec.readText(data, at);
            at = ValueCodec.skip(data, at);
            String declaredType = (String) ValueCodec.readObject(data, at);
            at = ValueCodec.skip(data, at);
            columns[i] = new Column(name, declaredType);
        }
        return new NativeStatement(connection, sql, handle, parameterCount, columns);
    }

    String sql() {
        return this.sql;
    }

    Column[] columns() {
        return this.columns;
    }

    boolean returnsRows() {
        return this.columns.length > 0;
    }

    /** How many values an execution binds: the highest parameter number in the SQL. */
    int parameterCount() {
        return this.parameterCount;
    }

    /**
     * Starts an execution and returns its first row batch.
     * @param params null for none
     * @param timeoutMillis how long the execution may run, its later fetches included; 0 for ever
     */
    byte[] query(ValueCodec params, int timeoutMillis, int maxRows) throws SQLException {
        int waiting = LockWait.modeForCurrentThread();
        while (true) {
            try {
                byte[] reuse = this.rowBuffer;
                int reuseLength = (reuse != null) ? reuse.length : 0;
                byte[] rows = (params != null)
                        ? Native.query(handle(), params.buffer(), params.size(), timeoutMillis, waiting, maxRows, reuse,
                                reuseLength)
                        : Native.query(handle(), null, 0, timeoutMillis, waiting, maxRows, reuse, reuseLength);
                return keep(rows);
            }
            catch (NativeException ex) {
                waiting = afterLockOrThrow(ex);
            }
        }
    }

    byte[] fetch(int maxRows) throws SQLException {
        try {
            byte[] reuse = this.rowBuffer;
            return keep(Native.fetch(handle(), maxRows, reuse, (reuse != null) ? reuse.length : 0));
        }
        catch (NativeException ex) {
            throw failure(ex);
        }
    }

    private byte[] keep(byte[] rows) {
        if (rows.length <= KEPT_ROW_BUFFER) {
            this.rowBuffer = rows;
        }
        return rows;
    }

    /**
     * Runs to completion; returns the number of rows changed.
     * @param params null for none
     * @param timeoutMillis how long it may run, 0 for ever
     */
    long execute(ValueCodec params, int timeoutMillis) throws SQLException {
        int waiting = LockWait.modeForCurrentThread();
        while (true) {
            try {
                return (params != null) ? Native.execute(handle(), params.buffer(), params.size(), timeoutMillis, waiting)
                        : Native.execute(handle(), null, 0, timeoutMillis, waiting);
            }
            catch (NativeException ex) {
                waiting = afterLockOrThrow(ex);
            }
        }
    }

    /**
     * A virtual thread's execution that met a lock sleeps as long as the library says, then goes on
     * where it stopped; any other failure is thrown.
     */
    private int afterLockOrThrow(NativeException ex) throws SQLException {
        if (ex.retryAfterMillis() <= 0) {
            throw failure(ex);
        }
        LockWait.sleep(ex.retryAfterMillis());
        return Native.WAIT_CONTINUE;
    }

    /**
     * Runs once per parameter set of {@code batch} (groups of {@link ValueCodec#beginGroup()}).
     * When one fails, the counts of those before it are in {@code counts} and the rest are untouched.
     */
    void executeBatch(ValueCodec batch, int timeoutMillis, long[] counts) throws SQLException {
        try {
            Native.executeBatch(handle(), batch.buffer(), batch.size(), timeoutMillis, counts);
        }
        catch (NativeException ex) {
            throw failure(ex);
        }
    }

    /** Stops the current execution, if any; callable from any thread. */
    void cancel() {
        if (!this.handle.isClosed()) {
            Native.cancel(this.handle.value());
        }
    }

    /** The driver's exception for a native error; the connection learns of interrupted statements. */
    private SQLException failure(NativeException ex) {
        return this.connection.afterFailure(Errors.from(ex, this.sql));
    }

    /** Ends the current execution, releasing the locks it holds. */
    void reset() throws SQLException {
        if (this.handle.isClosed()) {
            return;
        }
        try {
            Native.reset(this.handle.value());
        }
        catch (NativeException ex) {
            throw Errors.from(ex, this.sql);
        }
    }

    private long handle() throws SQLException {
        if (this.handle.isClosed()) {
            throw Errors.closed("statement");
        }
        return this.handle.value();
    }

    @Override
    public void close() {
        this.handle.close();
    }

    /** A result column: its name (the alias when the query gives one) and declared type, if any. */
    record Column(String name, String declaredType) {
    }
}
