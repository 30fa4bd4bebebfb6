package dev.turso4j.jdbc;

import dev.turso4j.bridge.Native;
import dev.turso4j.bridge.NativeException;
import dev.turso4j.bridge.NativeHandle;
import dev.turso4j.bridge.ValueCodec;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * One prepared statement in the engine, with its SQL and result columns. Every native error comes
 * out as the driver's SQLException naming this SQL (and never the bound values).
 */
final class NativeStatement implements AutoCloseable {

    private final String sql;

    private final NativeHandle handle;

    private final Column[] columns;

    /**
     * The last row batch, reused for the next one when that fits: one execution (with its result
     * set) at a time uses a statement, and a batch is done with once the next is asked for.
     */
    private byte[] rowBuffer;

    /** A larger batch is not kept for reuse: cached statements would pin memory. */
    private static final int KEPT_ROW_BUFFER = 8 * 1024;

    private NativeStatement(String sql, long handle, Column[] columns) {
        this.sql = sql;
        // Bound to this object, not to a JDBC statement: a cached statement outlives the first user.
        this.handle = NativeHandle.statement(this, handle);
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
        int count = (int) ValueCodec.readLong(data, 9);
        Column[] columns = new Column[count];
        int at = 18;
        for (int i = 0; i < count; i++) {
            String name = ValueCodec.readText(data, at);
            at = ValueCodec.skip(data, at);
            String declaredType = (String) ValueCodec.readObject(data, at);
            at = ValueCodec.skip(data, at);
            columns[i] = new Column(name, declaredType);
        }
        return new NativeStatement(sql, handle, columns);
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

    /** Starts an execution and returns its first row batch. @param params null for none */
    byte[] query(ValueCodec params, int maxRows) throws SQLException {
        try {
            byte[] reuse = this.rowBuffer;
            int reuseLength = (reuse != null) ? reuse.length : 0;
            byte[] rows = (params != null)
                    ? Native.query(handle(), params.buffer(), params.size(), maxRows, reuse, reuseLength)
                    : Native.query(handle(), null, 0, maxRows, reuse, reuseLength);
            return keep(rows);
        }
        catch (NativeException ex) {
            throw Errors.from(ex, this.sql);
        }
    }

    byte[] fetch(int maxRows) throws SQLException {
        try {
            byte[] reuse = this.rowBuffer;
            return keep(Native.fetch(handle(), maxRows, reuse, (reuse != null) ? reuse.length : 0));
        }
        catch (NativeException ex) {
            throw Errors.from(ex, this.sql);
        }
    }

    private byte[] keep(byte[] rows) {
        if (rows.length <= KEPT_ROW_BUFFER) {
            this.rowBuffer = rows;
        }
        return rows;
    }

    /** Runs to completion; returns the number of rows changed. @param params null for none */
    long execute(ValueCodec params) throws SQLException {
        try {
            return (params != null) ? Native.execute(handle(), params.buffer(), params.size())
                    : Native.execute(handle(), null, 0);
        }
        catch (NativeException ex) {
            throw Errors.from(ex, this.sql);
        }
    }

    /**
     * Runs once per parameter set of {@code batch} (groups of {@link ValueCodec#beginGroup()}).
     * When one fails, the counts of those before it are in {@code counts} and the rest are untouched.
     */
    void executeBatch(ValueCodec batch, long[] counts) throws SQLException {
        try {
            Native.executeBatch(handle(), batch.buffer(), batch.size(), counts);
        }
        catch (NativeException ex) {
            throw Errors.from(ex, this.sql);
        }
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
