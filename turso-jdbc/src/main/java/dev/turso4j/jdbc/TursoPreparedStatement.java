package dev.turso4j.jdbc;

import dev.turso4j.bridge.ValueCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

/**
 * A statement prepared once in the engine and run as often as needed, each run with the parameters
 * set since. Every parameter must be set (to SQL NULL with {@code setNull} or a null value): an
 * execution with one unset fails before anything runs, unlike SQLite's C API, which binds NULL. See
 * {@link Values} for how each Java type is stored. A parameter that cannot be bound fails with
 * {@link TursoErrorCode#INVALID_PARAM} when it is set, naming its index; it is never stored as NULL.
 */
public class TursoPreparedStatement extends TursoStatement implements PreparedStatement {

    private final NativeStatement statement;

    /** Whether rows the statement returns are the generated keys asked for (a RETURNING we added). */
    private final boolean rowsAreKeys;

    /** Each parameter's storage value, {@code null} while unset. */
    private final Object[] params;

    private final ValueCodec codec = new ValueCodec();

    /** The parameter sets added by {@link #addBatch()}, each a group in the native batch format. */
    private final ValueCodec batch = new ValueCodec();

    private int batchSize;

    TursoPreparedStatement(TursoConnection connection, String sql, List<String> keyColumns) throws SQLException {
        super(connection);
        String toPrepare = (keyColumns != null && sql != null) ? GeneratedKeys.withReturning(sql, keyColumns) : sql;
        this.rowsAreKeys = (toPrepare != null) && !toPrepare.equals(sql);
        this.statement = connection.prepare(toPrepare);
        this.params = new Object[this.statement.parameterCount()];
    }

    private ValueCodec encodeParams() throws SQLException {
        this.codec.clear();
        writeParams(this.codec);
        return this.codec;
    }

    private void writeParams(ValueCodec codec) throws SQLException {
        int expected = this.statement.parameterCount();
        for (int i = 0; i < expected; i++) {
            if (this.params[i] == null) {
                throw Errors.parameterCount(Errors.withSql(unboundMessage(expected), this.statement.sql()));
            }
            Values.write(codec, this.params[i]);
        }
    }

    private String unboundMessage(int expected) {
        int bound = 0;
        int firstUnset = 0;
        for (int i = 0; i < expected; i++) {
            if (this.params[i] != null) {
                bound++;
            }
            else if (firstUnset == 0) {
                firstUnset = i + 1;
            }
        }
        return "statement has " + expected + " parameter" + ((expected == 1) ? "" : "s") + ", " + bound
                + " bound (parameter " + firstUnset + " is not set)";
    }

    private void bind(int index, Object storageValue) throws SQLException {
        checkOpen();
        int expected = this.statement.parameterCount();
        if (index < 1 || index > expected) {
            throw Errors.parameterIndex(expected + " parameter" + ((expected == 1) ? "" : "s") + " expected, index "
                    + index + " given" + ((index < 1) ? " (indexes start at 1)" : ""));
        }
        this.params[index - 1] = storageValue;
    }

    // ---- execution ----

    @Override
    public ResultSet executeQuery() throws SQLException {
        if (!this.statement.returnsRows()) {
            throw Errors.misuse(Errors.withSql("executeQuery() needs a statement that returns rows", this.statement.sql()));
        }
        enter();
        try {
            run(this.statement, encodeParams(), false);
            return openResultSet();
        }
        catch (RuntimeException ex) {
            throw concurrentUse("the statement", ex);
        }
        finally {
            exit();
        }
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) executeLargeUpdate();
    }

    /** Rows the statement yields ({@code RETURNING}, {@code PRAGMA x = y}) are read and dropped. */
    @Override
    public long executeLargeUpdate() throws SQLException {
        enter();
        try {
            return update();
        }
        catch (RuntimeException ex) {
            throw concurrentUse("the statement", ex);
        }
        finally {
            exit();
        }
    }

    private long update() throws SQLException {
        if (this.rowsAreKeys) {
            run(this.statement, encodeParams(), true);
            return getLargeUpdateCount();
        }
        checkOpen();
        this.connection.beforeExecute();
        closeResultSet();
        setGeneratedKeys(null);
        long count = this.statement.execute(encodeParams(), beginExecution(this.statement));
        setUpdateCount(count);
        return count;
    }

    @Override
    public boolean execute() throws SQLException {
        enter();
        try {
            return run(this.statement, encodeParams(), this.rowsAreKeys);
        }
        catch (RuntimeException ex) {
            throw concurrentUse("the statement", ex);
        }
        finally {
            exit();
        }
    }

    /** For the connection's own transaction control: no implicit BEGIN. */
    void executeWithoutTransaction() throws SQLException {
        this.statement.execute(null, 0);
    }

    /** For validity checks: a query outside of transaction control. */
    ResultSet executeQueryWithoutTransaction() throws SQLException {
        return new TursoResultSet(this, this.statement, this.statement.query(null, 0, 0), 0, 0);
    }

    @Override
    public void addBatch() throws SQLException {
        enter();
        try {
            addParameterSet();
        }
        catch (RuntimeException ex) {
            throw concurrentUse("the statement", ex);
        }
        finally {
            exit();
        }
    }

    private void addParameterSet() throws SQLException {
        checkOpen();
        int group = this.batch.beginGroup();
        writeParams(this.batch);
        this.batch.endGroup(group);
        this.batchSize++;
    }

    @Override
    public void clearBatch() throws SQLException {
        enter();
        try {
            checkOpen();
            forgetBatch();
        }
        finally {
            exit();
        }
    }

    private void forgetBatch() {
        this.batch.clear();
        this.batchSize = 0;
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        enter();
        try {
            return runParameterSets();
        }
        catch (RuntimeException ex) {
            throw concurrentUse("the statement", ex);
        }
        finally {
            exit();
        }
    }

    private long[] runParameterSets() throws SQLException {
        try {
            if (!this.rowsAreKeys) {
                // One native call for the whole batch: the transaction it runs in is open by then.
                return runBatch(this.batchSize, (counts) -> {
                    this.connection.beforeExecute();
                    this.statement.executeBatch(this.batch, beginExecution(this.statement), counts);
                });
            }
            List<Object[]> keys = new ArrayList<>();
            long[] counts = runBatch(this.batchSize, (results) -> {
                byte[] groups = this.batch.buffer();
                int at = 0;
                for (int i = 0; i < results.length; i++) {
                    int length = ValueCodec.readInt(groups, at);
                    this.codec.clear();
                    this.codec.writeEncoded(groups, at + 4, length);
                    at += 4 + length;
                    run(this.statement, this.codec, true);
                    TursoResultSet generated = (TursoResultSet) getGeneratedKeys();
                    keys.addAll(generated.remainingRows());
                    results[i] = getLargeUpdateCount();
                }
            });
            setGeneratedKeys(TursoResultSet.ofRows(columnNames(), keys));
            return counts;
        }
        finally {
            forgetBatch();
        }
    }

    private List<String> columnNames() {
        List<String> names = new ArrayList<>();
        for (NativeStatement.Column column : this.statement.columns()) {
            names.add(column.name());
        }
        return names;
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        Arrays.fill(this.params, null);
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return this.statement.returnsRows() ? new TursoResultSetMetaData(this.statement.columns(), null) : null;
    }

    /** The engine does not describe parameters before they are bound. */
    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        throw Errors.unsupported("parameter metadata");
    }

    @Override
    void releaseNatives() {
        super.releaseNatives();
        this.connection.release(this.statement);
    }

    // ---- parameters ----

    @Override
    public void setNull(int index, int sqlType) throws SQLException {
        bind(index, Values.NULL);
    }

    @Override
    public void setNull(int index, int sqlType, String typeName) throws SQLException {
        bind(index, Values.NULL);
    }

    @Override
    public void setBoolean(int index, boolean x) throws SQLException {
        bind(index, x ? 1L : 0L);
    }

    @Override
    public void setByte(int index, byte x) throws SQLException {
        bind(index, (long) x);
    }

    @Override
    public void setShort(int index, short x) throws SQLException {
        bind(index, (long) x);
    }

    @Override
    public void setInt(int index, int x) throws SQLException {
        bind(index, (long) x);
    }

    @Override
    public void setLong(int index, long x) throws SQLException {
        bind(index, x);
    }

    @Override
    public void setFloat(int index, float x) throws SQLException {
        bind(index, real(index, x));
    }

    @Override
    public void setDouble(int index, double x) throws SQLException {
        bind(index, real(index, x));
    }

    @Override
    public void setBigDecimal(int index, BigDecimal x) throws SQLException {
        bind(index, storage(index, x));
    }

    @Override
    public void setString(int index, String x) throws SQLException {
        bind(index, storage(index, x));
    }

    @Override
    public void setNString(int index, String value) throws SQLException {
        bind(index, storage(index, value));
    }

    @Override
    public void setBytes(int index, byte[] x) throws SQLException {
        bind(index, storage(index, x));
    }

    @Override
    public void setDate(int index, Date x) throws SQLException {
        bind(index, storage(index, x));
    }

    /** The date as seen in the calendar's zone. */
    @Override
    public void setDate(int index, Date x, Calendar cal) throws SQLException {
        bind(index, (x == null || cal == null) ? storage(index, x)
                : storage(index, x.toInstant().atZone(cal.getTimeZone().toZoneId()).toLocalDate()));
    }

    @Override
    public void setTime(int index, Time x) throws SQLException {
        bind(index, storage(index, x));
    }

    @Override
    public void setTime(int index, Time x, Calendar cal) throws SQLException {
        bind(index, (x == null || cal == null) ? storage(index, x)
                : storage(index, java.time.Instant.ofEpochMilli(x.getTime()).atZone(cal.getTimeZone().toZoneId())
                    .toLocalTime()));
    }

    @Override
    public void setTimestamp(int index, Timestamp x) throws SQLException {
        bind(index, storage(index, x));
    }

    @Override
    public void setTimestamp(int index, Timestamp x, Calendar cal) throws SQLException {
        bind(index, (x == null || cal == null) ? storage(index, x) : Values.timestamp(x, cal));
    }

    @Override
    public void setObject(int index, Object x) throws SQLException {
        bind(index, storage(index, x));
    }

    @Override
    public void setObject(int index, Object x, int targetSqlType) throws SQLException {
        bind(index, storage(index, x, targetSqlType));
    }

    @Override
    public void setObject(int index, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        if (x instanceof BigDecimal d && (targetSqlType == java.sql.Types.NUMERIC || targetSqlType == java.sql.Types.DECIMAL)) {
            x = d.setScale(scaleOrLength, java.math.RoundingMode.HALF_UP);
        }
        bind(index, storage(index, x, targetSqlType));
    }

    @Override
    public void setBinaryStream(int index, InputStream x) throws SQLException {
        bind(index, (x != null) ? readAll(x, -1) : Values.NULL);
    }

    @Override
    public void setBinaryStream(int index, InputStream x, int length) throws SQLException {
        bind(index, (x != null) ? readAll(x, length) : Values.NULL);
    }

    @Override
    public void setBinaryStream(int index, InputStream x, long length) throws SQLException {
        bind(index, (x != null) ? readAll(x, length) : Values.NULL);
    }

    @Override
    public void setAsciiStream(int index, InputStream x) throws SQLException {
        bind(index, (x != null) ? new String(readAll(x, -1), StandardCharsets.US_ASCII) : Values.NULL);
    }

    @Override
    public void setAsciiStream(int index, InputStream x, int length) throws SQLException {
        bind(index, (x != null) ? new String(readAll(x, length), StandardCharsets.US_ASCII) : Values.NULL);
    }

    @Override
    public void setAsciiStream(int index, InputStream x, long length) throws SQLException {
        bind(index, (x != null) ? new String(readAll(x, length), StandardCharsets.US_ASCII) : Values.NULL);
    }

    @Override
    @Deprecated
    public void setUnicodeStream(int index, InputStream x, int length) throws SQLException {
        throw Errors.unsupported("setUnicodeStream (deprecated; use setCharacterStream)");
    }

    @Override
    public void setCharacterStream(int index, Reader reader) throws SQLException {
        bind(index, (reader != null) ? readAll(reader, -1) : Values.NULL);
    }

    @Override
    public void setCharacterStream(int index, Reader reader, int length) throws SQLException {
        bind(index, (reader != null) ? readAll(reader, length) : Values.NULL);
    }

    @Override
    public void setCharacterStream(int index, Reader reader, long length) throws SQLException {
        bind(index, (reader != null) ? readAll(reader, length) : Values.NULL);
    }

    @Override
    public void setNCharacterStream(int index, Reader value) throws SQLException {
        setCharacterStream(index, value);
    }

    @Override
    public void setNCharacterStream(int index, Reader value, long length) throws SQLException {
        setCharacterStream(index, value, length);
    }

    @Override
    public void setBlob(int index, Blob x) throws SQLException {
        bind(index, (x != null) ? x.getBytes(1, (int) x.length()) : Values.NULL);
    }

    @Override
    public void setBlob(int index, InputStream inputStream) throws SQLException {
        setBinaryStream(index, inputStream);
    }

    @Override
    public void setBlob(int index, InputStream inputStream, long length) throws SQLException {
        setBinaryStream(index, inputStream, length);
    }

    @Override
    public void setClob(int index, Clob x) throws SQLException {
        bind(index, (x != null) ? x.getSubString(1, (int) x.length()) : Values.NULL);
    }

    @Override
    public void setClob(int index, Reader reader) throws SQLException {
        setCharacterStream(index, reader);
    }

    @Override
    public void setClob(int index, Reader reader, long length) throws SQLException {
        setCharacterStream(index, reader, length);
    }

    @Override
    public void setNClob(int index, NClob value) throws SQLException {
        setClob(index, value);
    }

    @Override
    public void setNClob(int index, Reader reader) throws SQLException {
        setCharacterStream(index, reader);
    }

    @Override
    public void setNClob(int index, Reader reader, long length) throws SQLException {
        setCharacterStream(index, reader, length);
    }

    @Override
    public void setRef(int index, Ref x) throws SQLException {
        throw Errors.unsupported("Ref parameters");
    }

    @Override
    public void setArray(int index, Array x) throws SQLException {
        throw Errors.unsupported("Array parameters");
    }

    @Override
    public void setURL(int index, URL x) throws SQLException {
        bind(index, (x != null) ? x.toString() : Values.NULL);
    }

    @Override
    public void setRowId(int index, RowId x) throws SQLException {
        throw Errors.unsupported("RowId parameters (bind the rowid as a long)");
    }

    @Override
    public void setSQLXML(int index, SQLXML xmlObject) throws SQLException {
        throw Errors.unsupported("SQLXML parameters");
    }

    private static Object storage(int index, Object x) throws SQLException {
        try {
            return Values.toStorage(x);
        }
        catch (SQLException ex) {
            throw Errors.atParameter(index, ex);
        }
    }

    private static Object storage(int index, Object x, int sqlType) throws SQLException {
        try {
            return Values.toStorage(x, sqlType);
        }
        catch (SQLException ex) {
            throw Errors.atParameter(index, ex);
        }
    }

    private static Object real(int index, double x) throws SQLException {
        try {
            return Values.real(x);
        }
        catch (SQLException ex) {
            throw Errors.atParameter(index, ex);
        }
    }

    private static byte[] readAll(InputStream in, long length) throws SQLException {
        try {
            return (length < 0) ? in.readAllBytes() : in.readNBytes((int) Math.min(length, Integer.MAX_VALUE));
        }
        catch (IOException ex) {
            throw Errors.invalidParam("cannot read the stream parameter", ex);
        }
    }

    private static String readAll(Reader reader, long length) throws SQLException {
        try {
            StringWriter out = new StringWriter();
            if (length < 0) {
                reader.transferTo(out);
                return out.toString();
            }
            char[] buffer = new char[(int) Math.min(length, 8192)];
            long left = length;
            int n;
            while (left > 0 && (n = reader.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                out.write(buffer, 0, n);
                left -= n;
            }
            return out.toString();
        }
        catch (IOException ex) {
            throw Errors.invalidParam("cannot read the character stream parameter", ex);
        }
    }

    // ---- SQL-text methods do not apply to a prepared statement ----

    private SQLException textMethod() {
        return Errors.misuse("a PreparedStatement runs its own SQL: call the method without an SQL argument");
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw textMethod();
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        throw textMethod();
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        throw textMethod();
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw textMethod();
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw textMethod();
    }
}
