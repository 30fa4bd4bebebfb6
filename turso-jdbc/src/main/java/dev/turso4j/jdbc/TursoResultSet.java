package dev.turso4j.jdbc;

import dev.turso4j.bridge.RowBatch;
import dev.turso4j.bridge.ValueCodec;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A forward-only, read-only cursor over the rows of one execution. Rows arrive from the engine in
 * batches (about 256 KB, or the fetch size) so a scan crosses into native code once per batch, not
 * once per row or column. Closing it, or reading past the last row, ends the execution and releases
 * its locks.
 *
 * <p>{@link #getObject(int)} gives the value of its storage class: Long (INTEGER), Double (REAL),
 * String (TEXT), byte[] (BLOB) or null. Typed getters convert as described in {@link Values}.
 *
 * <p>Not for two threads at a time, but such misuse fails with an SQLException: crossings into the
 * engine (fetch, reset) go through the statement's use lock, which also tells whether this result
 * set's execution is still the open one. Getters take no lock: they read the row into locals and
 * turn what a concurrent move or close makes them trip over into an SQLException.
 *
 * <p>Getters by label read the first column of that label (case-insensitive). Scrolling, updating
 * rows, and Blob, Clob, Ref, Array, RowId and SQLXML objects are not supported.
 */
// the getters by label and the unsupported methods are in ForwardOnlyResultSet
public class TursoResultSet extends ForwardOnlyResultSet {

    private final TursoStatement statement;

    private final NativeStatement source;

    private final NativeStatement.Column[] columns;

    /** Rows per fetch from the engine after the first batch (0: as many as fit about 256 KB). */
    private int fetchSize;

    private final long maxRows;

    private RowBatch batch;

    private long row;

    private boolean onRow;

    private boolean finished;

    private final AtomicBoolean closed = new AtomicBoolean();

    private boolean wasNull;

    private Map<String, Integer> labels;

    TursoResultSet(TursoStatement statement, NativeStatement source, byte[] firstBatch, int fetchSize, long maxRows) {
        this(statement, source, source.columns(), firstBatch, fetchSize, maxRows);
    }

    private TursoResultSet(TursoStatement statement, NativeStatement source, NativeStatement.Column[] columns,
            byte[] firstBatch, int fetchSize, long maxRows) {
        this.statement = statement;
        this.source = source;
        this.columns = columns;
        this.batch = new RowBatch(firstBatch, columns.length);
        this.fetchSize = fetchSize;
        this.maxRows = maxRows;
        if (source != null) {
            statement.started(this);
        }
    }

    /**
     * A result set over rows held in memory (metadata and generated keys).
     * @param columnNames the column labels
     * @param rows the rows; values of any type a parameter may have
     */
    static TursoResultSet ofRows(List<String> columnNames, List<Object[]> rows) throws SQLException {
        ValueCodec codec = new ValueCodec();
        NativeStatement.Column[] columns = new NativeStatement.Column[columnNames.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = new NativeStatement.Column(columnNames.get(i), null);
        }
        for (Object[] values : rows) {
            for (int i = 0; i < columns.length; i++) {
                Values.write(codec, Values.toStorage((i < values.length) ? values[i] : null));
            }
        }
        byte[] data = RowBatch.encode(codec.toByteArray(), rows.size());
        return new TursoResultSet(null, null, columns, data, 0, 0);
    }

    /** Reads every remaining row into memory and closes this cursor. */
    TursoResultSet materialize() throws SQLException {
        List<String> names = new ArrayList<>(this.columns.length);
        for (NativeStatement.Column column : this.columns) {
            names.add(column.name());
        }
        return ofRows(names, remainingRows());
    }

    /** The remaining rows as storage values; closes this cursor. */
    List<Object[]> remainingRows() throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try {
            while (next()) {
                Object[] values = new Object[this.columns.length];
                for (int i = 0; i < values.length; i++) {
                    values[i] = ValueCodec.readObject(this.batch.data(), this.batch.offset(i));
                }
                rows.add(values);
            }
        }
        finally {
            close();
        }
        return rows;
    }

    /** The number of rows of an in-memory result set. */
    int rowCount() {
        return this.batch.rowCount();
    }

    // ---- cursor ----

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (this.finished) {
            return false;
        }
        if (this.maxRows > 0 && this.row >= this.maxRows) {
            finish();
            return false;
        }
        try {
            while (!this.batch.next()) {
                if (this.batch.isLast() || this.source == null) {
                    this.finished = true;
                    this.onRow = false;
                    return false;
                }
                this.batch = new RowBatch(fetch(), this.columns.length);
            }
        }
        catch (RuntimeException ex) {
            throw concurrentUse(ex);
        }
        this.row++;
        this.onRow = true;
        return true;
    }

    private byte[] fetch() throws SQLException {
        try {
            return this.statement.fetch(this, this.source, this.fetchSize);
        }
        catch (SQLException ex) {
            // a close from another thread (which holds the statement while it resets) is the real reason
            throw this.closed.get() ? Errors.closed("result set") : ex;
        }
    }

    /** Stops the execution early: the engine statement is reset so it holds no lock. */
    private void finish() throws SQLException {
        this.finished = true;
        this.onRow = false;
        if (this.statement != null) {
            this.statement.endExecution(this);
        }
    }

    /** Resets the engine statement if this execution did not run to its end; by the statement, under its use lock. */
    void resetSource() throws SQLException {
        if (this.source != null && !this.batch.isLast()) {
            this.source.reset();
        }
    }

    /** Safe from any thread at any time; only the first call does anything. */
    @Override
    public void close() throws SQLException {
        // closed first: a getter racing with close (from another thread) then says "closed"
        if (!this.closed.compareAndSet(false, true)) {
            return;
        }
        this.finished = true;
        this.onRow = false;
        if (this.statement != null) {
            this.statement.resultSetClosed(this);
        }
    }

    @Override
    public boolean isClosed() {
        return this.closed.get();
    }

    private void checkOpen() throws SQLException {
        if (this.closed.get()) {
            throw Errors.closed("result set");
        }
    }

    /** What a read tripped over while another thread moved or closed this result set, as an SQLException. */
    private SQLException concurrentUse(RuntimeException ex) {
        return this.closed.get() ? Errors.create(TursoErrorCode.MISUSE, "result set is closed", ex)
                : TursoStatement.concurrentUse("the result set", ex);
    }

    /** Offset of a column's value in the current row of {@code rows}; checks the cursor and the index. */
    private int offset(RowBatch rows, int columnIndex) throws SQLException {
        checkOpen();
        if (!this.onRow) {
            throw this.closed.get() ? Errors.closed("result set")
                    : Errors.misuse("the result set is not on a row (call next() first)");
        }
        if (columnIndex < 1 || columnIndex > this.columns.length) {
            throw Errors.invalidParam("column index " + columnIndex + " is out of range 1.." + this.columns.length);
        }
        int at = rows.offset(columnIndex - 1);
        this.wasNull = ValueCodec.tag(rows.data(), at) == ValueCodec.NULL;
        return at;
    }

    /**
     * After a read: a close from another thread may have let the next execution overwrite the
     * buffer the value came from, so the value cannot be trusted.
     */
    private void checkNotClosedWhileReading() throws SQLException {
        if (this.closed.get()) {
            throw Errors.closed("result set");
        }
    }

    /** The storage value: null, Long, Double, String or byte[]. */
    private Object value(int columnIndex) throws SQLException {
        RowBatch rows = this.batch;
        try {
            Object value = ValueCodec.readObject(rows.data(), offset(rows, columnIndex));
            checkNotClosedWhileReading();
            return value;
        }
        catch (RuntimeException ex) {
            throw concurrentUse(ex);
        }
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return this.wasNull;
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkOpen();
        if (this.labels == null) {
            Map<String, Integer> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = this.columns.length - 1; i >= 0; i--) {
                map.put(this.columns[i].name(), i + 1); // the first of equal labels wins
            }
            this.labels = map;
        }
        Integer index = (columnLabel != null) ? this.labels.get(columnLabel) : null;
        if (index == null) {
            throw Errors.invalidParam("no column labelled '" + columnLabel + "' in the result");
        }
        return index;
    }

    // ---- getters by index ----

    @Override
    public String getString(int columnIndex) throws SQLException {
        RowBatch rows = this.batch;
        try {
            int at = offset(rows, columnIndex);
            byte[] data = rows.data();
            String value = (ValueCodec.tag(data, at) == ValueCodec.TEXT) ? ValueCodec.readText(data, at)
                    : Values.toText(ValueCodec.readObject(data, at));
            checkNotClosedWhileReading();
            return value;
        }
        catch (RuntimeException ex) {
            throw concurrentUse(ex);
        }
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        RowBatch rows = this.batch;
        try {
            int at = offset(rows, columnIndex);
            byte[] data = rows.data();
            long value = (ValueCodec.tag(data, at) == ValueCodec.INTEGER) ? ValueCodec.readLong(data, at)
                    : Values.toLong(ValueCodec.readObject(data, at));
            checkNotClosedWhileReading();
            return value;
        }
        catch (RuntimeException ex) {
            throw concurrentUse(ex);
        }
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        RowBatch rows = this.batch;
        try {
            int value = readInt(rows.data(), offset(rows, columnIndex));
            checkNotClosedWhileReading();
            return value;
        }
        catch (RuntimeException ex) {
            throw concurrentUse(ex);
        }
    }

    private static int readInt(byte[] data, int at) throws SQLException {
        if (ValueCodec.tag(data, at) == ValueCodec.INTEGER) {
            long value = ValueCodec.readLong(data, at);
            if (value == (int) value) {
                return (int) value;
            }
        }
        return Values.toInt(ValueCodec.readObject(data, at));
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        RowBatch rows = this.batch;
        try {
            int at = offset(rows, columnIndex);
            byte[] data = rows.data();
            double value = (ValueCodec.tag(data, at) == ValueCodec.REAL) ? ValueCodec.readDouble(data, at)
                    : Values.toDouble(ValueCodec.readObject(data, at));
            checkNotClosedWhileReading();
            return value;
        }
        catch (RuntimeException ex) {
            throw concurrentUse(ex);
        }
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        return Values.toBoolean(value(columnIndex));
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        return (byte) getLong(columnIndex);
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        return (short) getLong(columnIndex);
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        return (float) getDouble(columnIndex);
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        return Values.toBigDecimal(value(columnIndex));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        BigDecimal value = getBigDecimal(columnIndex);
        return (value != null) ? value.setScale(scale, RoundingMode.HALF_UP) : null;
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        RowBatch rows = this.batch;
        try {
            int at = offset(rows, columnIndex);
            byte[] data = rows.data();
            byte tag = ValueCodec.tag(data, at);
            byte[] value = (tag == ValueCodec.BLOB || tag == ValueCodec.TEXT) ? ValueCodec.readBytes(data, at)
                    : Values.toBytes(ValueCodec.readObject(data, at));
            checkNotClosedWhileReading();
            return value;
        }
        catch (RuntimeException ex) {
            throw concurrentUse(ex);
        }
    }

    /**
     * Reads a BLOB written from a {@code float[]} (turso's {@code vector32} format) back as floats.
     * @param columnIndex the first column is 1
     * @return the vector, or null
     * @throws SQLException when the value is not a vector blob
     */
    public float[] getVector(int columnIndex) throws SQLException {
        byte[] blob = getBytes(columnIndex);
        return (blob != null) ? Values.blobToVector(blob) : null;
    }

    /** @param columnLabel the label @return the vector, or null @throws SQLException as for the index form */
    public float[] getVector(String columnLabel) throws SQLException {
        return getVector(findColumn(columnLabel));
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        return value(columnIndex);
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        if (type == null) {
            throw Errors.misuse("type is null");
        }
        return Values.toType(value(columnIndex), type);
    }

    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        if (map != null && !map.isEmpty()) {
            throw Errors.unsupported("type maps");
        }
        return getObject(columnIndex);
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        return getObject(columnIndex, Date.class);
    }

    @Override
    public Date getDate(int columnIndex, Calendar cal) throws SQLException {
        return getDate(columnIndex);
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        return getObject(columnIndex, Time.class);
    }

    @Override
    public Time getTime(int columnIndex, Calendar cal) throws SQLException {
        return getTime(columnIndex);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        return getObject(columnIndex, Timestamp.class);
    }

    /** Date-time text without an offset is read in the calendar's zone. */
    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
        Object value = value(columnIndex);
        if (value == null) {
            return null;
        }
        if (cal == null || !(value instanceof String)) {
            return Values.toType(value, Timestamp.class);
        }
        LocalDateTime local = Values.toLocalDateTime(value);
        Instant instant = local.atZone(cal.getTimeZone().toZoneId()).toInstant();
        return Timestamp.from(instant);
    }

    @Override
    public InputStream getAsciiStream(int columnIndex) throws SQLException {
        String text = getString(columnIndex);
        return (text != null) ? new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)) : null;
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        byte[] bytes = getBytes(columnIndex);
        return (bytes != null) ? new ByteArrayInputStream(bytes) : null;
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        String text = getString(columnIndex);
        return (text != null) ? new StringReader(text) : null;
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        return getString(columnIndex);
    }

    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        return getCharacterStream(columnIndex);
    }

    @Override
    public URL getURL(int columnIndex) throws SQLException {
        String text = getString(columnIndex);
        try {
            return (text != null) ? new URL(text) : null;
        }
        catch (MalformedURLException ex) {
            throw Errors.invalidParam("the value is not a URL", ex);
        }
    }

    // ---- position, properties ----

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return new TursoResultSetMetaData(this.columns, this.onRow ? this : null);
    }

    /** The storage value of the current row, for metadata typing columns without a declared type. */
    Object currentValue(int columnIndex) throws SQLException {
        RowBatch rows = this.batch;
        try {
            return this.onRow ? ValueCodec.readObject(rows.data(), rows.offset(columnIndex - 1)) : null;
        }
        catch (RuntimeException ex) {
            throw concurrentUse(ex);
        }
    }

    @Override
    public Statement getStatement() throws SQLException {
        checkOpen();
        return this.statement;
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return this.onRow ? (int) this.row : 0;
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return this.row == 0 && !this.finished;
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return this.finished && this.row > 0;
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return this.onRow && this.row == 1;
    }

    /** Known without reading ahead only at the end of a batch; otherwise unsupported. */
    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        throw Errors.unsupported("isLast() on a forward-only result set");
    }

    @Override
    public int getType() throws SQLException {
        checkOpen();
        return ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() throws SQLException {
        checkOpen();
        return ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return ResultSet.FETCH_FORWARD;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != ResultSet.FETCH_FORWARD) {
            throw Errors.unsupported("fetch directions other than FETCH_FORWARD");
        }
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return this.fetchSize;
    }

    /** The fetch size is fixed when the statement runs; set it on the statement. */
    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw Errors.misuse("fetch size must be >= 0");
        }
        this.fetchSize = rows; // the next fetch from the engine asks for this many rows
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
}
