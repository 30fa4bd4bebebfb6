package dev.turso4j.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * What every forward-only, read-only result set of the driver answers the same way, so that
 * {@link TursoResultSet} holds only its cursor and value conversions: the getters by column label
 * (find the column, then call the getter by index), and the many {@link ResultSet} methods the
 * driver does not support (scrolling, updating rows, and the Blob, Clob, Ref, Array, RowId and
 * SQLXML objects), which throw {@link java.sql.SQLFeatureNotSupportedException}.
 *
 * <p>None of these look at the cursor's state, so they behave the same on an open or a closed
 * result set, except the label getters, whose {@link #findColumn} checks it.
 */
abstract class ForwardOnlyResultSet implements ResultSet {

    // ---- getters by label: the first column of that label, read by index ----

    @Override
    public String getString(String columnLabel) throws SQLException {
        return getString(findColumn(columnLabel));
    }

    @Override
    public boolean getBoolean(String columnLabel) throws SQLException {
        return getBoolean(findColumn(columnLabel));
    }

    @Override
    public byte getByte(String columnLabel) throws SQLException {
        return getByte(findColumn(columnLabel));
    }

    @Override
    public short getShort(String columnLabel) throws SQLException {
        return getShort(findColumn(columnLabel));
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        return getInt(findColumn(columnLabel));
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        return getLong(findColumn(columnLabel));
    }

    @Override
    public float getFloat(String columnLabel) throws SQLException {
        return getFloat(findColumn(columnLabel));
    }

    @Override
    public double getDouble(String columnLabel) throws SQLException {
        return getDouble(findColumn(columnLabel));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
        return getBigDecimal(findColumn(columnLabel), scale);
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        return getBigDecimal(findColumn(columnLabel));
    }

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        return getBytes(findColumn(columnLabel));
    }

    @Override
    public Date getDate(String columnLabel) throws SQLException {
        return getDate(findColumn(columnLabel));
    }

    @Override
    public Date getDate(String columnLabel, Calendar cal) throws SQLException {
        return getDate(findColumn(columnLabel), cal);
    }

    @Override
    public Time getTime(String columnLabel) throws SQLException {
        return getTime(findColumn(columnLabel));
    }

    @Override
    public Time getTime(String columnLabel, Calendar cal) throws SQLException {
        return getTime(findColumn(columnLabel), cal);
    }

    @Override
    public Timestamp getTimestamp(String columnLabel) throws SQLException {
        return getTimestamp(findColumn(columnLabel));
    }

    @Override
    public Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException {
        return getTimestamp(findColumn(columnLabel), cal);
    }

    @Override
    public InputStream getAsciiStream(String columnLabel) throws SQLException {
        return getAsciiStream(findColumn(columnLabel));
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(String columnLabel) throws SQLException {
        return getUnicodeStream(findColumn(columnLabel));
    }

    @Override
    public InputStream getBinaryStream(String columnLabel) throws SQLException {
        return getBinaryStream(findColumn(columnLabel));
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return getObject(findColumn(columnLabel));
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        return getObject(findColumn(columnLabel), type);
    }

    @Override
    public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
        return getObject(findColumn(columnLabel), map);
    }

    @Override
    public Reader getCharacterStream(String columnLabel) throws SQLException {
        return getCharacterStream(findColumn(columnLabel));
    }

    @Override
    public String getNString(String columnLabel) throws SQLException {
        return getNString(findColumn(columnLabel));
    }

    @Override
    public Reader getNCharacterStream(String columnLabel) throws SQLException {
        return getNCharacterStream(findColumn(columnLabel));
    }

    @Override
    public URL getURL(String columnLabel) throws SQLException {
        return getURL(findColumn(columnLabel));
    }

    @Override
    public Blob getBlob(String columnLabel) throws SQLException {
        return getBlob(findColumn(columnLabel));
    }

    @Override
    public Clob getClob(String columnLabel) throws SQLException {
        return getClob(findColumn(columnLabel));
    }

    @Override
    public NClob getNClob(String columnLabel) throws SQLException {
        return getNClob(findColumn(columnLabel));
    }

    @Override
    public SQLXML getSQLXML(String columnLabel) throws SQLException {
        return getSQLXML(findColumn(columnLabel));
    }

    @Override
    public Ref getRef(String columnLabel) throws SQLException {
        return getRef(findColumn(columnLabel));
    }

    @Override
    public Array getArray(String columnLabel) throws SQLException {
        return getArray(findColumn(columnLabel));
    }

    @Override
    public RowId getRowId(String columnLabel) throws SQLException {
        return getRowId(findColumn(columnLabel));
    }

    // ---- getters the driver does not support; the message says what to use instead ----

    @Override
    @Deprecated
    public InputStream getUnicodeStream(int columnIndex) throws SQLException {
        throw Errors.unsupported("getUnicodeStream (deprecated; use getCharacterStream)");
    }

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        throw Errors.unsupported("Blob (use getBytes)");
    }

    @Override
    public Clob getClob(int columnIndex) throws SQLException {
        throw Errors.unsupported("Clob (use getString)");
    }

    @Override
    public NClob getNClob(int columnIndex) throws SQLException {
        throw Errors.unsupported("NClob (use getString)");
    }

    @Override
    public SQLXML getSQLXML(int columnIndex) throws SQLException {
        throw Errors.unsupported("SQLXML");
    }

    @Override
    public Ref getRef(int columnIndex) throws SQLException {
        throw Errors.unsupported("Ref");
    }

    @Override
    public Array getArray(int columnIndex) throws SQLException {
        throw Errors.unsupported("Array");
    }

    @Override
    public RowId getRowId(int columnIndex) throws SQLException {
        throw Errors.unsupported("RowId (select the rowid as a long)");
    }

    @Override
    public String getCursorName() throws SQLException {
        throw Errors.unsupported("named cursors");
    }

    // ---- scrolling and updating are not supported: forward-only, read-only ----

    private static SQLException scrolling() {
        return Errors.unsupported("scrolling a forward-only result set");
    }

    private static SQLException updating() {
        return Errors.unsupported("updating a read-only result set (use UPDATE statements)");
    }

    @Override
    public void beforeFirst() throws SQLException {
        throw scrolling();
    }

    @Override
    public void afterLast() throws SQLException {
        throw scrolling();
    }

    @Override
    public boolean first() throws SQLException {
        throw scrolling();
    }

    @Override
    public boolean last() throws SQLException {
        throw scrolling();
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        throw scrolling();
    }

    @Override
    public boolean relative(int rows) throws SQLException {
        throw scrolling();
    }

    @Override
    public boolean previous() throws SQLException {
        throw scrolling();
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        throw updating();
    }

    @Override
    public boolean rowInserted() throws SQLException {
        throw updating();
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        throw updating();
    }

    @Override
    public void insertRow() throws SQLException {
        throw updating();
    }

    @Override
    public void updateRow() throws SQLException {
        throw updating();
    }

    @Override
    public void deleteRow() throws SQLException {
        throw updating();
    }

    @Override
    public void refreshRow() throws SQLException {
        throw updating();
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        throw updating();
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        throw updating();
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        throw updating();
    }

    @Override
    public void updateNull(int columnIndex) throws SQLException {
        throw updating();
    }

    @Override
    public void updateBoolean(int columnIndex, boolean x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateByte(int columnIndex, byte x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateShort(int columnIndex, short x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateInt(int columnIndex, int x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateLong(int columnIndex, long x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateFloat(int columnIndex, float x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateDouble(int columnIndex, double x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateBigDecimal(int columnIndex, BigDecimal x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateString(int columnIndex, String x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateBytes(int columnIndex, byte[] x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateDate(int columnIndex, Date x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateTime(int columnIndex, Time x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateTimestamp(int columnIndex, Timestamp x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateObject(int columnIndex, Object x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateRef(int columnIndex, Ref x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateBlob(int columnIndex, Blob x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateClob(int columnIndex, Clob x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateArray(int columnIndex, Array x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateRowId(int columnIndex, RowId x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateNString(int columnIndex, String x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateNClob(int columnIndex, NClob x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateSQLXML(int columnIndex, SQLXML x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateObject(int columnIndex, Object x, int scaleOrLength) throws SQLException {
        throw updating();
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x, long length) throws SQLException {
        throw updating();
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x, int length) throws SQLException {
        throw updating();
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x, long length) throws SQLException {
        throw updating();
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x, int length) throws SQLException {
        throw updating();
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
        throw updating();
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x, int length) throws SQLException {
        throw updating();
    }

    @Override
    public void updateNCharacterStream(int columnIndex, Reader x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateNCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
        throw updating();
    }

    @Override
    public void updateBlob(int columnIndex, InputStream x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateBlob(int columnIndex, InputStream x, long length) throws SQLException {
        throw updating();
    }

    @Override
    public void updateClob(int columnIndex, Reader x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateClob(int columnIndex, Reader x, long length) throws SQLException {
        throw updating();
    }

    @Override
    public void updateNClob(int columnIndex, Reader x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateNClob(int columnIndex, Reader x, long length) throws SQLException {
        throw updating();
    }

    @Override
    public void updateNull(String columnLabel) throws SQLException {
        throw updating();
    }

    @Override
    public void updateBoolean(String columnLabel, boolean x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateByte(String columnLabel, byte x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateShort(String columnLabel, short x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateInt(String columnLabel, int x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateLong(String columnLabel, long x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateFloat(String columnLabel, float x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateDouble(String columnLabel, double x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateBigDecimal(String columnLabel, BigDecimal x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateString(String columnLabel, String x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateBytes(String columnLabel, byte[] x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateDate(String columnLabel, Date x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateTime(String columnLabel, Time x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateTimestamp(String columnLabel, Timestamp x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateObject(String columnLabel, Object x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateRef(String columnLabel, Ref x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateBlob(String columnLabel, Blob x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateClob(String columnLabel, Clob x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateArray(String columnLabel, Array x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateRowId(String columnLabel, RowId x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateNString(String columnLabel, String x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateNClob(String columnLabel, NClob x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateSQLXML(String columnLabel, SQLXML x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateObject(String columnLabel, Object x, int scaleOrLength) throws SQLException {
        throw updating();
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x, long length) throws SQLException {
        throw updating();
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x, int length) throws SQLException {
        throw updating();
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x, long length) throws SQLException {
        throw updating();
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x, int length) throws SQLException {
        throw updating();
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader x, long length) throws SQLException {
        throw updating();
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader x, int length) throws SQLException {
        throw updating();
    }

    @Override
    public void updateNCharacterStream(String columnLabel, Reader x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateNCharacterStream(String columnLabel, Reader x, long length) throws SQLException {
        throw updating();
    }

    @Override
    public void updateBlob(String columnLabel, InputStream x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateBlob(String columnLabel, InputStream x, long length) throws SQLException {
        throw updating();
    }

    @Override
    public void updateClob(String columnLabel, Reader x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateClob(String columnLabel, Reader x, long length) throws SQLException {
        throw updating();
    }

    @Override
    public void updateNClob(String columnLabel, Reader x) throws SQLException {
        throw updating();
    }

    @Override
    public void updateNClob(String columnLabel, Reader x, long length) throws SQLException {
        throw updating();
    }

    // ---- wrapper ----

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return Wrappers.unwrap(this, type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
