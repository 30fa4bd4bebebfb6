package dev.turso4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database metadata Spring Boot, Flyway and Hibernate read, over a small schema.
 */
class DatabaseMetaDataTest {

    private TursoDataSource dataSource;

    private Connection connection;

    private DatabaseMetaData metaData;

    @BeforeEach
    void open() throws SQLException {
        this.dataSource = new TursoDataSource("jdbc:turso::memory:?busy_timeout=200");
        this.connection = this.dataSource.getConnection();
        execute("CREATE TABLE author (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL DEFAULT 'anonymous', "
                + "email TEXT UNIQUE)");
        execute("CREATE TABLE book (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                + "author_id BIGINT NOT NULL REFERENCES author (id) ON DELETE CASCADE, title CHAR(20), "
                + "price DECIMAL(10, 2), published DATE, created DATETIME DEFAULT CURRENT_TIMESTAMP, cover BLOB, notes)");
        execute("CREATE INDEX idx_book_title ON book (title DESC, price)");
        execute("CREATE TABLE tag (name TEXT, lang TEXT, PRIMARY KEY (lang, name))");
        execute("CREATE TABLE review (book_id INTEGER REFERENCES book ON UPDATE SET NULL, \"Stars\" SMALLINT)");
        execute("CREATE VIEW book_title AS SELECT id, title FROM book");
        this.metaData = this.connection.getMetaData();
    }

    @AfterEach
    void close() throws SQLException {
        this.connection.close();
        this.dataSource.close();
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = this.connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Reads every row as column label to value (strings, as getString gives them). */
    private static List<Map<String, String>> rows(ResultSet rs) throws SQLException {
        try (rs) {
            ResultSetMetaData columns = rs.getMetaData();
            List<Map<String, String>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    row.put(columns.getColumnLabel(i), rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static List<String> column(ResultSet rs, String label) throws SQLException {
        return rows(rs).stream().map((row) -> row.get(label)).toList();
    }

    private static List<String> labels(ResultSet rs) throws SQLException {
        try (rs) {
            ResultSetMetaData columns = rs.getMetaData();
            List<String> labels = new ArrayList<>();
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                labels.add(columns.getColumnLabel(i));
            }
            return labels;
        }
    }

    private Map<String, String> columnOf(String table, String column) throws SQLException {
        List<Map<String, String>> rows = rows(this.metaData.getColumns(null, null, table, column));
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    void productAndDriver() throws SQLException {
        assertThat(this.metaData.getDatabaseProductName()).isEqualTo("SQLite");
        assertThat(this.metaData.getDatabaseProductVersion()).matches("3\\.\\d+\\.\\d+");
        assertThat(this.metaData.getDatabaseMajorVersion()).isEqualTo(3);
        assertThat(this.metaData.getDatabaseMinorVersion()).isPositive();
        assertThat(this.metaData.getDriverName()).isEqualTo("turso4j");
        assertThat(this.metaData.getDriverVersion()).isNotBlank();
        assertThat(this.metaData.getDriverMajorVersion()).isNotNegative();
        assertThat(this.metaData.getJDBCMajorVersion()).isEqualTo(4);
        assertThat(this.metaData.getJDBCMinorVersion()).isEqualTo(3);
        assertThat(this.metaData.getURL()).isEqualTo("jdbc:turso::memory:");
        assertThat(this.metaData.getConnection()).isSameAs(this.connection);
        assertThat(this.metaData.isReadOnly()).isFalse();
    }

    @Test
    void versionParts() {
        assertThat(TursoDatabaseMetaData.versionPart("3.50.4", 0)).isEqualTo(3);
        assertThat(TursoDatabaseMetaData.versionPart("3.50.4", 1)).isEqualTo(50);
        assertThat(TursoDatabaseMetaData.versionPart("0.1.0-SNAPSHOT", 1)).isEqualTo(1);
        assertThat(TursoDatabaseMetaData.versionPart("unknown", 0)).isZero();
        assertThat(TursoDatabaseMetaData.versionPart("unknown", 1)).isZero();
    }

    @Test
    void capabilities() throws SQLException {
        assertThat(this.metaData.supportsGetGeneratedKeys()).isTrue();
        assertThat(this.metaData.supportsSavepoints()).isTrue();
        assertThat(this.metaData.supportsTransactions()).isTrue();
        assertThat(this.metaData.supportsBatchUpdates()).isTrue();
        assertThat(this.metaData.supportsNamedParameters()).isFalse();
        assertThat(this.metaData.supportsMultipleOpenResults()).isFalse();
        assertThat(this.metaData.supportsMultipleResultSets()).isFalse();
        assertThat(this.metaData.supportsStoredProcedures()).isFalse();
        assertThat(this.metaData.supportsResultSetType(ResultSet.TYPE_FORWARD_ONLY)).isTrue();
        assertThat(this.metaData.supportsResultSetType(ResultSet.TYPE_SCROLL_INSENSITIVE)).isFalse();
        assertThat(this.metaData.supportsResultSetConcurrency(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY))
                .isTrue();
        assertThat(this.metaData.supportsResultSetConcurrency(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE))
                .isFalse();
        assertThat(this.metaData.supportsResultSetHoldability(ResultSet.CLOSE_CURSORS_AT_COMMIT)).isTrue();
        assertThat(this.metaData.supportsResultSetHoldability(ResultSet.HOLD_CURSORS_OVER_COMMIT)).isFalse();
        assertThat(this.metaData.getResultSetHoldability()).isEqualTo(ResultSet.CLOSE_CURSORS_AT_COMMIT);
        assertThat(this.metaData.getDefaultTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
        assertThat(this.metaData.supportsTransactionIsolationLevel(Connection.TRANSACTION_SERIALIZABLE)).isTrue();
        assertThat(this.metaData.supportsTransactionIsolationLevel(Connection.TRANSACTION_READ_COMMITTED)).isFalse();
        assertThat(this.metaData.supportsSchemasInTableDefinitions()).isFalse();
        assertThat(this.metaData.supportsCatalogsInDataManipulation()).isFalse();
        assertThat(this.metaData.storesMixedCaseIdentifiers()).isTrue();
        assertThat(this.metaData.supportsMixedCaseIdentifiers()).isFalse();
        assertThat(this.metaData.getIdentifierQuoteString()).isEqualTo("\"");
        assertThat(this.metaData.getSearchStringEscape()).isEqualTo("\\");
        assertThat(this.metaData.getSQLKeywords()).contains("PRAGMA", "AUTOINCREMENT");
        assertThat(this.metaData.nullsAreSortedLow()).isTrue();
        assertThat(this.metaData.supportsFullOuterJoins()).isTrue();
        assertThat(this.metaData.supportsAlterTableWithDropColumn()).isTrue();
        assertThat(this.metaData.dataDefinitionCausesTransactionCommit()).isFalse();
        assertThat(this.metaData.supportsDataDefinitionAndDataManipulationTransactions()).isTrue();
        assertThat(this.metaData.getRowIdLifetime()).isEqualTo(java.sql.RowIdLifetime.ROWID_UNSUPPORTED);
        assertThat(this.metaData.getSQLStateType()).isEqualTo(DatabaseMetaData.sqlStateSQL);
    }

    @Test
    void tables() throws SQLException {
        List<Map<String, String>> all = rows(this.metaData.getTables(null, null, "%", null));
        Map<String, String> types = new LinkedHashMap<>();
        all.forEach((row) -> types.put(row.get("TABLE_NAME"), row.get("TABLE_TYPE")));
        assertThat(types).containsEntry("author", "TABLE").containsEntry("book", "TABLE")
                .containsEntry("book_title", "VIEW").containsEntry("sqlite_sequence", "SYSTEM TABLE");
        // AUTOINCREMENT makes the engine add tables of its own
        assertThat(types.entrySet()).filteredOn((e) -> e.getKey().startsWith("__turso_internal_"))
                .allMatch((e) -> e.getValue().equals("SYSTEM TABLE"));
        assertThat(all).allMatch((row) -> row.get("TABLE_CAT") == null && row.get("TABLE_SCHEM") == null);
        // ordered by type, then name
        assertThat(all.stream().map((row) -> row.get("TABLE_TYPE")).distinct())
                .containsExactly("SYSTEM TABLE", "TABLE", "VIEW");

        assertThat(column(this.metaData.getTables(null, null, null, new String[] { "TABLE" }), "TABLE_NAME"))
                .containsExactly("author", "book", "review", "tag");
        assertThat(column(this.metaData.getTables(null, "main", "BOO%", new String[] { "VIEW" }), "TABLE_NAME"))
                .containsExactly("book_title");
        assertThat(column(this.metaData.getTables(null, "%", "b_ok", null), "TABLE_NAME")).containsExactly("book");
        assertThat(column(this.metaData.getTables(null, "", "book\\_title", null), "TABLE_NAME"))
                .containsExactly("book_title");
        assertThat(rows(this.metaData.getTables(null, "other", "%", null))).isEmpty();
        assertThat(rows(this.metaData.getTables("some_catalog", null, "%", null))).isEmpty();
        assertThat(labels(this.metaData.getTables(null, null, "%", null))).containsExactly("TABLE_CAT",
                "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS", "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME",
                "SELF_REFERENCING_COL_NAME", "REF_GENERATION");
        assertThat(column(this.metaData.getTableTypes(), "TABLE_TYPE")).containsExactly("SYSTEM TABLE", "TABLE",
                "VIEW");
    }

    @Test
    void schemasAndCatalogs() throws SQLException {
        // no schemas, as SQLite drivers report it; "main" still works as a pattern of the other calls
        assertThat(rows(this.metaData.getSchemas())).isEmpty();
        assertThat(labels(this.metaData.getSchemas(null, "ma%"))).containsExactly("TABLE_SCHEM", "TABLE_CATALOG");
        assertThat(this.connection.getSchema()).isNull();
        assertThat(labels(this.metaData.getCatalogs())).containsExactly("TABLE_CAT");
        assertThat(rows(this.metaData.getCatalogs())).isEmpty();
    }

    @Test
    void columns() throws SQLException {
        List<Map<String, String>> book = rows(this.metaData.getColumns(null, null, "book", "%"));
        assertThat(book).extracting((row) -> row.get("COLUMN_NAME")).containsExactly("id", "author_id", "title",
                "price", "published", "created", "cover", "notes");
        assertThat(book).extracting((row) -> row.get("ORDINAL_POSITION")).containsExactly("1", "2", "3", "4", "5",
                "6", "7", "8");
        // the INTEGER PRIMARY KEY is the 64-bit rowid, so it reports BIGINT
        assertThat(book).extracting((row) -> Integer.parseInt(row.get("DATA_TYPE"))).containsExactly(Types.BIGINT,
                Types.BIGINT, Types.CHAR, Types.DECIMAL, Types.DATE, Types.TIMESTAMP, Types.BLOB, Types.BLOB);
        assertThat(book).extracting((row) -> row.get("IS_AUTOINCREMENT")).containsExactly("YES", "NO", "NO", "NO",
                "NO", "NO", "NO", "NO");
        assertThat(book).allMatch((row) -> row.get("IS_GENERATEDCOLUMN").equals("NO"));

        Map<String, String> authorId = book.get(1);
        assertThat(authorId).containsEntry("TABLE_SCHEM", null).containsEntry("TABLE_NAME", "book")
                .containsEntry("TYPE_NAME", "BIGINT")
                .containsEntry("NULLABLE", String.valueOf(DatabaseMetaData.columnNoNulls))
                .containsEntry("IS_NULLABLE", "NO");
        assertThat(book.get(2)).containsEntry("COLUMN_SIZE", "20").containsEntry("IS_NULLABLE", "YES");
        assertThat(book.get(3)).containsEntry("COLUMN_SIZE", "10").containsEntry("DECIMAL_DIGITS", "2");
        assertThat(book.get(5)).containsEntry("COLUMN_DEF", "CURRENT_TIMESTAMP");
        assertThat(book.get(7)).containsEntry("TYPE_NAME", "BLOB");

        assertThat(columnOf("author", "name")).containsEntry("DATA_TYPE", String.valueOf(Types.VARCHAR))
                .containsEntry("COLUMN_SIZE", "100").containsEntry("COLUMN_DEF", "'anonymous'");
        assertThat(columnOf("author", "id")).containsEntry("IS_AUTOINCREMENT", "NO");
        assertThat(columnOf("AUTHOR", "EMAIL")).containsEntry("COLUMN_NAME", "email")
                .containsEntry("DATA_TYPE", String.valueOf(Types.VARCHAR));
        assertThat(columnOf("review", "stars")).containsEntry("COLUMN_NAME", "Stars")
                .containsEntry("DATA_TYPE", String.valueOf(Types.SMALLINT));
        assertThat(column(this.metaData.getColumns(null, null, "book_title", null), "COLUMN_NAME"))
                .containsExactly("id", "title");
        assertThat(column(this.metaData.getColumns(null, null, "%", "title"), "TABLE_NAME"))
                .containsExactly("book", "book_title");
        assertThat(rows(this.metaData.getColumns(null, "other", "book", null))).isEmpty();

        assertThat(labels(this.metaData.getColumns(null, null, "book", null))).containsExactly("TABLE_CAT",
                "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "BUFFER_LENGTH",
                "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE", "REMARKS", "COLUMN_DEF", "SQL_DATA_TYPE",
                "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION", "IS_NULLABLE", "SCOPE_CATALOG",
                "SCOPE_SCHEMA", "SCOPE_TABLE", "SOURCE_DATA_TYPE", "IS_AUTOINCREMENT", "IS_GENERATEDCOLUMN");
    }

    @Test
    void columnValuesHaveTheirJdbcTypes() throws SQLException {
        try (ResultSet rs = this.metaData.getColumns(null, null, "book", "author_id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt("DATA_TYPE")).isEqualTo(Types.BIGINT);
            assertThat(rs.getInt("NULLABLE")).isEqualTo(DatabaseMetaData.columnNoNulls);
            assertThat(rs.getInt("ORDINAL_POSITION")).isEqualTo(2);
            assertThat(rs.getString("COLUMN_DEF")).isNull();
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void primaryKeys() throws SQLException {
        List<Map<String, String>> tag = rows(this.metaData.getPrimaryKeys(null, null, "tag"));
        // ordered by column name; KEY_SEQ is the position in the key
        assertThat(tag).extracting((row) -> row.get("COLUMN_NAME")).containsExactly("lang", "name");
        assertThat(tag).extracting((row) -> row.get("KEY_SEQ")).containsExactly("1", "2");
        assertThat(tag.get(0)).containsEntry("TABLE_NAME", "tag").containsEntry("TABLE_SCHEM", null)
                .containsEntry("PK_NAME", null);
        assertThat(column(this.metaData.getPrimaryKeys(null, "main", "BOOK"), "COLUMN_NAME")).containsExactly("id");
        assertThat(rows(this.metaData.getPrimaryKeys(null, null, "review"))).isEmpty();
        assertThat(rows(this.metaData.getPrimaryKeys(null, null, "missing"))).isEmpty();
        assertThat(column(this.metaData.getBestRowIdentifier(null, null, "tag", DatabaseMetaData.bestRowSession, true),
                "COLUMN_NAME")).containsExactly("lang", "name");
    }

    @Test
    void indexes() throws SQLException {
        List<Map<String, String>> book = rows(this.metaData.getIndexInfo(null, null, "book", false, true));
        assertThat(book).extracting((row) -> row.get("INDEX_NAME")).containsOnly("idx_book_title");
        assertThat(book).extracting((row) -> row.get("COLUMN_NAME")).containsExactly("title", "price");
        assertThat(book).extracting((row) -> row.get("ASC_OR_DESC")).containsExactly("D", "A");
        assertThat(book).extracting((row) -> row.get("ORDINAL_POSITION")).containsExactly("1", "2");
        assertThat(book.get(0)).containsEntry("TYPE", String.valueOf(DatabaseMetaData.tableIndexOther));
        try (ResultSet rs = this.metaData.getIndexInfo(null, null, "book", false, true)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean("NON_UNIQUE")).isTrue();
        }
        assertThat(rows(this.metaData.getIndexInfo(null, null, "book", true, true))).isEmpty();

        // UNIQUE and composite PRIMARY KEY constraints are indexes too
        try (ResultSet rs = this.metaData.getIndexInfo(null, null, "author", true, true)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean("NON_UNIQUE")).isFalse();
            assertThat(rs.getString("COLUMN_NAME")).isEqualTo("email");
            assertThat(rs.next()).isFalse();
        }
        assertThat(column(this.metaData.getIndexInfo(null, null, "tag", true, true), "COLUMN_NAME"))
                .containsExactly("lang", "name");
        assertThat(labels(this.metaData.getIndexInfo(null, null, "tag", true, true))).containsExactly("TABLE_CAT",
                "TABLE_SCHEM", "TABLE_NAME", "NON_UNIQUE", "INDEX_QUALIFIER", "INDEX_NAME", "TYPE",
                "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC", "CARDINALITY", "PAGES", "FILTER_CONDITION");
    }

    @Test
    void foreignKeys() throws SQLException {
        List<Map<String, String>> imported = rows(this.metaData.getImportedKeys(null, null, "book"));
        assertThat(imported).hasSize(1);
        assertThat(imported.get(0)).containsEntry("PKTABLE_SCHEM", null).containsEntry("PKTABLE_NAME", "author")
                .containsEntry("PKCOLUMN_NAME", "id").containsEntry("FKTABLE_NAME", "book")
                .containsEntry("FKCOLUMN_NAME", "author_id").containsEntry("KEY_SEQ", "1")
                .containsEntry("DELETE_RULE", String.valueOf(DatabaseMetaData.importedKeyCascade))
                .containsEntry("UPDATE_RULE", String.valueOf(DatabaseMetaData.importedKeyNoAction))
                .containsEntry("DEFERRABILITY", String.valueOf(DatabaseMetaData.importedKeyNotDeferrable));
        assertThat(imported.get(0).keySet()).containsExactly("PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME",
                "PKCOLUMN_NAME", "FKTABLE_CAT", "FKTABLE_SCHEM", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ",
                "UPDATE_RULE", "DELETE_RULE", "FK_NAME", "PK_NAME", "DEFERRABILITY");

        assertThat(rows(this.metaData.getExportedKeys(null, null, "author"))).isEqualTo(imported);
        assertThat(rows(this.metaData.getCrossReference(null, null, "author", null, null, "book")))
                .isEqualTo(imported);
        assertThat(rows(this.metaData.getCrossReference(null, null, "book", null, null, "author"))).isEmpty();
        assertThat(rows(this.metaData.getImportedKeys(null, null, "author"))).isEmpty();

        // REFERENCES without columns means the parent's primary key
        List<Map<String, String>> review = rows(this.metaData.getImportedKeys(null, null, "review"));
        assertThat(review).hasSize(1);
        assertThat(review.get(0)).containsEntry("PKTABLE_NAME", "book").containsEntry("PKCOLUMN_NAME", "id")
                .containsEntry("UPDATE_RULE", String.valueOf(DatabaseMetaData.importedKeySetNull));
        try (ResultSet rs = this.metaData.getExportedKeys(null, null, "book")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("FKTABLE_NAME")).isEqualTo("review");
            assertThat(rs.getShort("KEY_SEQ")).isEqualTo((short) 1);
            assertThat(rs.getShort("UPDATE_RULE")).isEqualTo((short) DatabaseMetaData.importedKeySetNull);
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void typeInfo() throws SQLException {
        List<Map<String, String>> types = rows(this.metaData.getTypeInfo());
        assertThat(types).extracting((row) -> row.get("TYPE_NAME")).contains("INTEGER", "REAL", "TEXT", "BLOB",
                "NULL");
        assertThat(types).extracting((row) -> Integer.parseInt(row.get("DATA_TYPE"))).isSorted();
        assertThat(types.get(0)).hasSize(18);
    }

    @Test
    void objectsTursoDoesNotHaveAreEmpty() throws SQLException {
        assertThat(rows(this.metaData.getProcedures(null, null, "%"))).isEmpty();
        assertThat(labels(this.metaData.getProcedureColumns(null, null, "%", "%"))).hasSize(20);
        assertThat(labels(this.metaData.getFunctions(null, null, "%"))).hasSize(6);
        assertThat(labels(this.metaData.getFunctionColumns(null, null, "%", "%"))).hasSize(17);
        assertThat(labels(this.metaData.getUDTs(null, null, "%", null))).hasSize(7);
        assertThat(labels(this.metaData.getAttributes(null, null, "%", "%"))).hasSize(21);
        assertThat(labels(this.metaData.getPseudoColumns(null, null, "%", "%"))).hasSize(12);
        assertThat(rows(this.metaData.getTablePrivileges(null, null, "%"))).isEmpty();
        assertThat(rows(this.metaData.getColumnPrivileges(null, null, "book", "%"))).isEmpty();
        assertThat(rows(this.metaData.getVersionColumns(null, null, "book"))).isEmpty();
        assertThat(rows(this.metaData.getSuperTypes(null, null, "%"))).isEmpty();
        assertThat(rows(this.metaData.getSuperTables(null, null, "%"))).isEmpty();
        assertThat(rows(this.metaData.getClientInfoProperties())).isEmpty();
    }

    @Test
    void readingMetadataWithAutocommitOffTakesNoWriteLock() throws SQLException {
        this.connection.setAutoCommit(false);
        assertThat(rows(this.metaData.getColumns(null, null, "book", null))).isNotEmpty();
        try (Connection other = this.dataSource.getConnection(); Statement statement = other.createStatement()) {
            statement.execute("INSERT INTO author (name) VALUES ('x')");
        }
        this.connection.commit();
    }

    @Test
    void wrapper() throws SQLException {
        assertThat(this.metaData.isWrapperFor(DatabaseMetaData.class)).isTrue();
        assertThat(this.metaData.unwrap(DatabaseMetaData.class)).isSameAs(this.metaData);
        assertThat(this.metaData.isWrapperFor(Connection.class)).isFalse();
        assertThatThrownBy(() -> this.metaData.unwrap(Connection.class)).isInstanceOf(SQLException.class);
    }

    @Test
    void declaredTypesMapToJdbcTypes() {
        assertThat(TursoDatabaseMetaData.sqlType(null)).isEqualTo(Types.NULL);
        assertThat(TursoDatabaseMetaData.sqlType("")).isEqualTo(Types.BLOB);
        assertThat(TursoDatabaseMetaData.sqlType("INTEGER")).isEqualTo(Types.INTEGER);
        assertThat(TursoDatabaseMetaData.sqlType("int")).isEqualTo(Types.INTEGER);
        assertThat(TursoDatabaseMetaData.sqlType("BIGINT")).isEqualTo(Types.BIGINT);
        assertThat(TursoDatabaseMetaData.sqlType("UNSIGNED BIG INT")).isEqualTo(Types.BIGINT);
        assertThat(TursoDatabaseMetaData.sqlType("SMALLINT")).isEqualTo(Types.SMALLINT);
        assertThat(TursoDatabaseMetaData.sqlType("TINYINT")).isEqualTo(Types.TINYINT);
        assertThat(TursoDatabaseMetaData.sqlType("boolean")).isEqualTo(Types.BOOLEAN);
        assertThat(TursoDatabaseMetaData.sqlType("DATE")).isEqualTo(Types.DATE);
        assertThat(TursoDatabaseMetaData.sqlType("DATETIME")).isEqualTo(Types.TIMESTAMP);
        assertThat(TursoDatabaseMetaData.sqlType("TIMESTAMP")).isEqualTo(Types.TIMESTAMP);
        assertThat(TursoDatabaseMetaData.sqlType("TIME")).isEqualTo(Types.TIME);
        assertThat(TursoDatabaseMetaData.sqlType("NUMERIC(10,2)")).isEqualTo(Types.NUMERIC);
        assertThat(TursoDatabaseMetaData.sqlType("DECIMAL (10, 2)")).isEqualTo(Types.DECIMAL);
        assertThat(TursoDatabaseMetaData.sqlType("REAL")).isEqualTo(Types.REAL);
        assertThat(TursoDatabaseMetaData.sqlType("FLOAT")).isEqualTo(Types.FLOAT);
        assertThat(TursoDatabaseMetaData.sqlType("DOUBLE PRECISION")).isEqualTo(Types.DOUBLE);
        assertThat(TursoDatabaseMetaData.sqlType("CHAR(20)")).isEqualTo(Types.CHAR);
        assertThat(TursoDatabaseMetaData.sqlType("VARCHAR(255)")).isEqualTo(Types.VARCHAR);
        assertThat(TursoDatabaseMetaData.sqlType("NVARCHAR(30)")).isEqualTo(Types.VARCHAR);
        assertThat(TursoDatabaseMetaData.sqlType("TEXT")).isEqualTo(Types.VARCHAR);
        assertThat(TursoDatabaseMetaData.sqlType("CLOB")).isEqualTo(Types.VARCHAR);
        assertThat(TursoDatabaseMetaData.sqlType("BLOB")).isEqualTo(Types.BLOB);
        // the rest by SQLite's affinity rules
        assertThat(TursoDatabaseMetaData.sqlType("MEGAINTEGER")).isEqualTo(Types.BIGINT);
        assertThat(TursoDatabaseMetaData.sqlType("VARYING TEXT")).isEqualTo(Types.VARCHAR);
        assertThat(TursoDatabaseMetaData.sqlType("TINYBLOB")).isEqualTo(Types.BLOB);
        assertThat(TursoDatabaseMetaData.sqlType("FLOATING")).isEqualTo(Types.DOUBLE);
        assertThat(TursoDatabaseMetaData.sqlType("MONEY")).isEqualTo(Types.NUMERIC);
    }

    @Test
    void patterns() {
        assertThat(TursoDatabaseMetaData.like(null, "anything")).isTrue();
        assertThat(TursoDatabaseMetaData.like("%", "")).isTrue();
        assertThat(TursoDatabaseMetaData.like("B_OK", "book")).isTrue();
        assertThat(TursoDatabaseMetaData.like("b%k", "book")).isTrue();
        assertThat(TursoDatabaseMetaData.like("b%x", "book")).isFalse();
        assertThat(TursoDatabaseMetaData.like("book\\_title", "book_title")).isTrue();
        assertThat(TursoDatabaseMetaData.like("book\\_title", "bookXtitle")).isFalse();
        assertThat(TursoDatabaseMetaData.like("a.c", "abc")).isFalse();
        assertThat(TursoDatabaseMetaData.like("100\\%", "100%")).isTrue();
    }
}
