package dev.turso4j.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;

/**
 * Describes result columns. Types come from a column's declared type when it has one (a table
 * column), else from the storage class of the value in the current row (an expression).
 * Labels are the names the engine gives, so {@code AS} aliases are honoured.
 */
final class TursoResultSetMetaData implements ResultSetMetaData {

    private final NativeStatement.Column[] columns;

    /** The result set on its current row, for columns without a declared type; may be null. */
    private final TursoResultSet rows;

    TursoResultSetMetaData(NativeStatement.Column[] columns, TursoResultSet rows) {
        this.columns = columns;
        this.rows = rows;
    }

    private NativeStatement.Column column(int column) throws SQLException {
        if (column < 1 || column > this.columns.length) {
            throw Errors.invalidParam("column index " + column + " is out of range 1.." + this.columns.length);
        }
        return this.columns[column - 1];
    }

    @Override
    public int getColumnCount() {
        return this.columns.length;
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return column(column).name();
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        return column(column).name();
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        String declared = column(column).declaredType();
        if (declared != null && !declared.isBlank()) {
            return TursoDatabaseMetaData.sqlType(declared);
        }
        Object value = (this.rows != null) ? this.rows.currentValue(column) : null;
        if (value instanceof Long) {
            return Types.BIGINT;
        }
        if (value instanceof Double) {
            return Types.DOUBLE;
        }
        if (value instanceof String) {
            return Types.VARCHAR;
        }
        if (value instanceof byte[]) {
            return Types.BLOB;
        }
        return Types.NULL;
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        String declared = column(column).declaredType();
        if (declared != null && !declared.isBlank()) {
            return declared.toUpperCase(Locale.ROOT);
        }
        return switch (getColumnType(column)) {
            case Types.BIGINT -> "INTEGER";
            case Types.DOUBLE -> "REAL";
            case Types.VARCHAR -> "TEXT";
            case Types.BLOB -> "BLOB";
            default -> "NULL";
        };
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        return switch (getColumnType(column)) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> Integer.class.getName();
            case Types.BIGINT -> Long.class.getName();
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> Double.class.getName();
            case Types.NUMERIC, Types.DECIMAL -> java.math.BigDecimal.class.getName();
            case Types.BOOLEAN, Types.BIT -> Boolean.class.getName();
            case Types.BLOB, Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> byte[].class.getName();
            case Types.DATE -> java.sql.Date.class.getName();
            case Types.TIME -> java.sql.Time.class.getName();
            case Types.TIMESTAMP -> java.sql.Timestamp.class.getName();
            case Types.NULL -> Object.class.getName();
            default -> String.class.getName();
        };
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        int type = getColumnType(column);
        return type == Types.VARCHAR || type == Types.CHAR;
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        column(column);
        return true;
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public int isNullable(int column) throws SQLException {
        column(column);
        return ResultSetMetaData.columnNullableUnknown;
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        return switch (getColumnType(column)) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT, Types.DOUBLE,
                    Types.NUMERIC, Types.DECIMAL -> true;
            default -> false;
        };
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        column(column);
        return Integer.MAX_VALUE;
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        column(column);
        return 0;
    }

    @Override
    public int getScale(int column) throws SQLException {
        column(column);
        return 0;
    }

    /** The engine does not report a result column's source table. */
    @Override
    public String getTableName(int column) throws SQLException {
        column(column);
        return "";
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        column(column);
        return "";
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        column(column);
        return "";
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        column(column);
        return true;
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        column(column);
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
