package dev.turso4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The parts of {@link ResultSet} that every result set of the driver answers the same way: each
 * scrolling and updating method, and each object type the driver has no value for, throws
 * SQLFeatureNotSupportedException with SQLState HYC00; each getter by label reads what its getter
 * by index reads. Every method is called by reflection on result sets from a query, from generated
 * keys and from metadata, so a method left out or answered differently fails here.
 */
class ResultSetSurfaceTest {

    private static final String SUFFIX = " is not supported by the turso driver";

    private static final String UPDATING = "updating a read-only result set (use UPDATE statements)" + SUFFIX;

    private static final String SCROLLING = "scrolling a forward-only result set" + SUFFIX;

    private static final Set<String> SCROLL_METHODS = Set.of("beforeFirst", "afterLast", "first", "last", "absolute",
            "relative", "previous");

    private static final Set<String> ROW_UPDATE_METHODS = Set.of("rowUpdated", "rowInserted", "rowDeleted",
            "insertRow", "deleteRow", "refreshRow", "cancelRowUpdates", "moveToInsertRow", "moveToCurrentRow");

    /** Getters of object types the driver does not have, with what they say, by index and by label alike. */
    private static final Map<String, String> UNSUPPORTED_GETTERS = Map.of(
            "getBlob", "Blob (use getBytes)" + SUFFIX,
            "getClob", "Clob (use getString)" + SUFFIX,
            "getNClob", "NClob (use getString)" + SUFFIX,
            "getSQLXML", "SQLXML" + SUFFIX,
            "getRef", "Ref" + SUFFIX,
            "getArray", "Array" + SUFFIX,
            "getRowId", "RowId (select the rowid as a long)" + SUFFIX,
            "getUnicodeStream", "getUnicodeStream (deprecated; use getCharacterStream)" + SUFFIX);

    private TursoDataSource dataSource;

    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        this.dataSource = new TursoDataSource("jdbc:turso::memory:");
        this.connection = this.dataSource.getConnection();
        try (Statement s = this.connection.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB, born TEXT)");
            s.execute("INSERT INTO t (name, score, data, born) VALUES "
                    + "('http://example.com/a', 1.5, x'0102', '2024-05-06 07:08:09')");
        }
    }

    @AfterEach
    void close() throws SQLException {
        this.connection.close();
        this.dataSource.close();
    }

    private interface Source {
        ResultSet open() throws SQLException;
    }

    /** Result sets of every kind the driver makes, each on its first row. */
    private List<Source> sources() {
        return List.of(this::queryOnRow, this::generatedKeysOnRow, this::metadataOnRow, this::inMemoryOnRow);
    }

    private ResultSet queryOnRow() throws SQLException {
        ResultSet rs = this.connection.createStatement().executeQuery("SELECT id, name, score, data, born FROM t");
        assertThat(rs.next()).isTrue();
        return rs;
    }

    private ResultSet generatedKeysOnRow() throws SQLException {
        PreparedStatement insert = this.connection.prepareStatement("INSERT INTO t (name) VALUES ('k')",
                new String[] { "id", "name" });
        insert.executeUpdate();
        ResultSet rs = insert.getGeneratedKeys();
        assertThat(rs.next()).isTrue();
        return rs;
    }

    private ResultSet metadataOnRow() throws SQLException {
        ResultSet rs = this.connection.getMetaData().getColumns(null, null, "t", "name");
        assertThat(rs.next()).isTrue();
        return rs;
    }

    private ResultSet inMemoryOnRow() throws SQLException {
        ResultSet rs = TursoResultSet.ofRows(List.of("id", "name", "score", "data", "born"),
                List.<Object[]>of(new Object[] { 7L, "http://example.com/b", 2.5, new byte[] { 3 }, "2024-01-02" }));
        assertThat(rs.next()).isTrue();
        return rs;
    }

    private static List<Method> resultSetMethods(Predicate<Method> filter) {
        // default methods (updateObject with an SQLType) are the JDK's own answer, not the driver's
        return Stream.of(ResultSet.class.getMethods())
                .filter((m) -> !Modifier.isStatic(m.getModifiers()) && !m.isDefault()).filter(filter).sorted((a, b) -> a.toGenericString().compareTo(b.toGenericString())).toList();
    }

    /** Arguments that are valid for the row: column 1, the label of column 1, 1 for numbers, null objects. */
    private static Object[] arguments(Method method, String label) {
        Class<?>[] types = method.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = argument(types[i], label);
        }
        return args;
    }

    private static Object argument(Class<?> type, String label) {
        if (type == String.class) {
            return label;
        }
        if (type == boolean.class) {
            return true;
        }
        if (type.isPrimitive()) {
            return switch (type.getName()) {
                case "byte" -> (byte) 1;
                case "short" -> (short) 1;
                case "int" -> 1;
                case "long" -> 1L;
                case "float" -> 1f;
                default -> 1d;
            };
        }
        return null;
    }

    private static Object invoke(Method method, ResultSet rs, Object... args) throws Throwable {
        try {
            return method.invoke(rs, args);
        }
        catch (InvocationTargetException ex) {
            throw ex.getCause();
        }
    }

    private static void assertUnsupported(Method method, ResultSet rs, String label, String message) {
        assertThatThrownBy(() -> invoke(method, rs, arguments(method, label))).as(method.toGenericString())
            .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessage(message)
            .extracting((ex) -> ((SQLException) ex).getSQLState()).isEqualTo("HYC00");
    }

    @Test
    void aFetchSizeHintOnAnOpenResultSetAppliesToItsNextFetches() throws SQLException {
        try (Statement statement = this.connection.createStatement()) {
            statement.setFetchSize(10);
            try (ResultSet rs = statement.executeQuery("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                    + "WHERE i < 100) SELECT i FROM n")) {
                assertThat(rs.next()).isTrue();
                rs.setFetchSize(40);
                assertThat(rs.getFetchSize()).isEqualTo(40);
                long sum = rs.getLong(1);
                int rows = 1;
                while (rs.next()) {
                    sum += rs.getLong(1);
                    rows++;
                }
                assertThat(rows).isEqualTo(100);
                assertThat(sum).isEqualTo(5050);
                assertThatThrownBy(() -> rs.setFetchSize(-1)).isInstanceOf(SQLException.class);
            }
        }
    }

    @Test
    void everyUpdatingMethodThrowsOnEveryKindOfResultSet() throws SQLException {
        List<Method> updating = resultSetMethods(
                (m) -> m.getName().startsWith("update") || ROW_UPDATE_METHODS.contains(m.getName()));
        // 2 x 41 column updaters and 10 row operations (updateRow among them), as JDBC 4.3 has
        assertThat(updating).hasSize(92);
        for (Source source : sources()) {
            try (ResultSet rs = source.open()) {
                String label = rs.getMetaData().getColumnLabel(1);
                for (Method method : updating) {
                    assertUnsupported(method, rs, label, UPDATING);
                }
            }
        }
    }

    @Test
    void everyScrollingMethodThrowsOnEveryKindOfResultSet() throws SQLException {
        List<Method> scrolling = resultSetMethods((m) -> SCROLL_METHODS.contains(m.getName()));
        assertThat(scrolling).hasSize(SCROLL_METHODS.size());
        for (Source source : sources()) {
            try (ResultSet rs = source.open()) {
                String label = rs.getMetaData().getColumnLabel(1);
                for (Method method : scrolling) {
                    assertUnsupported(method, rs, label, SCROLLING);
                }
                // refusing to move must not have moved the cursor
                assertThat(rs.getRow()).isEqualTo(1);
            }
        }
    }

    /** They refuse without looking at the cursor: a closed result set says the same. */
    @Test
    void updatingAndScrollingAreRefusedOnAClosedResultSetToo() throws SQLException {
        ResultSet rs = queryOnRow();
        rs.close();
        for (Method method : resultSetMethods((m) -> m.getName().startsWith("update"))) {
            assertUnsupported(method, rs, "id", UPDATING);
        }
        for (Method method : resultSetMethods((m) -> SCROLL_METHODS.contains(m.getName()))) {
            assertUnsupported(method, rs, "id", SCROLLING);
        }
    }

    @Test
    void objectTypesTheDriverDoesNotHaveThrowByIndexAndByLabel() throws SQLException {
        List<Method> getters = resultSetMethods((m) -> UNSUPPORTED_GETTERS.containsKey(m.getName()));
        assertThat(getters).hasSize(2 * UNSUPPORTED_GETTERS.size());
        for (Source source : sources()) {
            try (ResultSet rs = source.open()) {
                String label = rs.getMetaData().getColumnLabel(1);
                for (Method method : getters) {
                    assertUnsupported(method, rs, label, UNSUPPORTED_GETTERS.get(method.getName()));
                }
                assertThatThrownBy(rs::getCursorName).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessage("named cursors" + SUFFIX);
                // the label is looked up first: an unknown one is the caller's error, not a missing feature
                assertThatThrownBy(() -> rs.getBlob("nope")).isNotInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("no column labelled 'nope'");
            }
        }
    }

    /** Each getter by label reads the same as its getter by index, or fails the same way. */
    @Test
    void everyGetterByLabelReadsWhatItsGetterByIndexReads() throws Throwable {
        List<Method> byLabel = resultSetMethods((m) -> m.getName().startsWith("get") && m.getParameterCount() > 0
                && m.getParameterTypes()[0] == String.class);
        assertThat(byLabel).hasSizeGreaterThanOrEqualTo(34);
        int compared = 0;
        for (Source source : sources()) {
            try (ResultSet rs = source.open()) {
                String[] labels = new String[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = rs.getMetaData().getColumnLabel(i + 1);
                }
                for (Method labelGetter : byLabel) {
                    Class<?>[] types = labelGetter.getParameterTypes().clone();
                    types[0] = int.class;
                    Method indexGetter = ResultSet.class.getMethod(labelGetter.getName(), types);
                    for (int column = 1; column <= labels.length; column++) {
                        Object[] args = extraArguments(labelGetter);
                        args[0] = column;
                        Object byIndex = outcome(indexGetter, rs, args);
                        // labels are case-insensitive
                        args[0] = labels[column - 1].toUpperCase(Locale.ROOT);
                        Object byName = outcome(labelGetter, rs, args);
                        assertThat(byName).as(labelGetter.toGenericString() + " on column " + column)
                            .isEqualTo(byIndex);
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(100);
    }

    /** The arguments after the column: a type to read as, an empty type map, a UTC calendar, a scale. */
    private static Object[] extraArguments(Method method) {
        Class<?>[] types = method.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 1; i < types.length; i++) {
            if (types[i] == Class.class) {
                args[i] = String.class;
            }
            else if (types[i] == Map.class) {
                args[i] = Map.of();
            }
            else if (types[i] == Calendar.class) {
                args[i] = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
            }
            else if (types[i] == int.class) {
                args[i] = 2;
            }
        }
        return args;
    }

    /** A comparable form of what a getter returned or threw. */
    private static Object outcome(Method method, ResultSet rs, Object[] args) throws Exception {
        Object value;
        try {
            value = method.invoke(rs, args);
        }
        catch (InvocationTargetException ex) {
            Throwable cause = ex.getCause();
            String state = (cause instanceof SQLException sql) ? sql.getSQLState() : null;
            return List.of(cause.getClass().getName(), String.valueOf(state), String.valueOf(cause.getMessage()));
        }
        if (value instanceof InputStream in) {
            return Arrays.toString(in.readAllBytes());
        }
        if (value instanceof Reader reader) {
            StringWriter text = new StringWriter();
            reader.transferTo(text);
            return text.toString();
        }
        if (value instanceof URL url) {
            return url.toString(); // URL.equals would resolve the host
        }
        if (value instanceof byte[] bytes) {
            return Arrays.toString(bytes);
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value;
    }

    @Test
    void inMemoryResultSetsReadByIndexAndLabelAndEnd() throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] { 1L, "one" });
        rows.add(new Object[] { 2L, null });
        try (ResultSet rs = TursoResultSet.ofRows(List.of("id", "Name"), rows)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong("ID")).isEqualTo(1);
            assertThat(rs.getString("name")).isEqualTo("one");
            assertThat(rs.getObject(2)).isEqualTo("one");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(2);
            assertThat(rs.getString("Name")).isNull();
            assertThat(rs.wasNull()).isTrue();
            assertThat(rs.next()).isFalse();
            assertThat(rs.isAfterLast()).isTrue();
            assertThat(rs.getStatement()).isNull();
            assertThat(rs.getType()).isEqualTo(ResultSet.TYPE_FORWARD_ONLY);
            assertThat(rs.getConcurrency()).isEqualTo(ResultSet.CONCUR_READ_ONLY);
        }
    }
}
