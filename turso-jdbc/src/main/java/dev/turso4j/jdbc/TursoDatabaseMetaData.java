package dev.turso4j.jdbc;

import dev.turso4j.bridge.NativeLoader;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Describes a turso database the way Spring Boot, Flyway and Hibernate expect an SQLite database to
 * be described: the product name is {@code SQLite} and the version is the engine's
 * {@code sqlite_version()}.
 *
 * <p>There are no catalogs ({@code TABLE_CAT} is always null) and one schema, {@code main}. Catalog
 * queries read {@code sqlite_schema} and the table PRAGMAs and never begin a transaction, so reading
 * metadata with autocommit off does not take the write lock. Name patterns are matched here, case
 * insensitively like SQLite identifiers, with {@code %}, {@code _} and the escape {@code \}.
 *
 * <p>The engine keeps table names in lower case (even quoted ones) but column names as declared, and
 * keeps no length in declared types ({@code VARCHAR(100)} is {@code VARCHAR}); column sizes are read
 * back from the table's {@code CREATE TABLE} text.
 */
final class TursoDatabaseMetaData implements DatabaseMetaData {

    /**
     * Tables are reported without a schema (TABLE_SCHEM null, no schemas listed), as SQLite drivers
     * report them and as tools written for SQLite expect: Liquibase, for one, does not find its own
     * tables again when they come back in a schema. The engine's name for the database, {@code main},
     * is still accepted as a schema pattern.
     */
    private static final String SCHEMA = null;

    private static final String MAIN = "main";

    private static final String TABLE = "TABLE";

    private static final String VIEW = "VIEW";

    private static final String SYSTEM_TABLE = "SYSTEM TABLE";

    /** Reported when a declared type names no size: SQLite does not enforce one. */
    private static final int UNBOUNDED = 2_000_000_000;

    private static final Pattern AUTOINCREMENT = Pattern.compile("\\bAUTOINCREMENT\\b", Pattern.CASE_INSENSITIVE);

    private static final Pattern LEADING_NUMBER = Pattern.compile("^\\d{1,9}");

    private static final Pattern SIZE = Pattern.compile("\\(\\s*(\\d{1,9})\\s*(?:,\\s*(\\d{1,9})\\s*)?\\)");

    private final TursoConnection connection;

    private volatile String databaseVersion;

    TursoDatabaseMetaData(TursoConnection connection) {
        this.connection = connection;
    }

    // ---- product, driver and connection ----

    @Override public String getDatabaseProductName() { return "SQLite"; }

    @Override
    public String getDatabaseProductVersion() throws SQLException {
        String version = this.databaseVersion;
        if (version == null) {
            version = query("SELECT sqlite_version()", (rs) -> rs.getString(1)).get(0);
            this.databaseVersion = version;
        }
        return version;
    }

    @Override public int getDatabaseMajorVersion() throws SQLException { return versionPart(getDatabaseProductVersion(), 0); }
    @Override public int getDatabaseMinorVersion() throws SQLException { return versionPart(getDatabaseProductVersion(), 1); }
    @Override public String getDriverName() { return "turso4j"; }
    @Override public String getDriverVersion() { return NativeLoader.version(); }
    @Override public int getDriverMajorVersion() { return versionPart(getDriverVersion(), 0); }
    @Override public int getDriverMinorVersion() { return versionPart(getDriverVersion(), 1); }
    @Override public int getJDBCMajorVersion() { return 4; }
    @Override public int getJDBCMinorVersion() { return 3; }
    @Override public String getURL() { return this.connection.getDataSource().getConfig().toUrl(); }
    @Override public String getUserName() { return null; }
    @Override public boolean isReadOnly() throws SQLException { return this.connection.isReadOnly(); }
    @Override public Connection getConnection() { return this.connection; }

    /** @return the number at {@code index} of a dotted version ("3.50.4", "0.1.0-SNAPSHOT"), or 0 */
    static int versionPart(String version, int index) {
        String[] parts = (version != null) ? version.split("\\.") : new String[0];
        if (index >= parts.length) {
            return 0;
        }
        Matcher digits = LEADING_NUMBER.matcher(parts[index]);
        return digits.find() ? Integer.parseInt(digits.group()) : 0;
    }

    // ---- SQL dialect ----

    @Override public boolean allProceduresAreCallable() { return false; }
    @Override public boolean allTablesAreSelectable() { return true; }
    @Override public boolean nullsAreSortedHigh() { return false; }
    @Override public boolean nullsAreSortedLow() { return true; }
    @Override public boolean nullsAreSortedAtStart() { return false; }
    @Override public boolean nullsAreSortedAtEnd() { return false; }
    @Override public boolean usesLocalFiles() { return true; }
    @Override public boolean usesLocalFilePerTable() { return false; }
    // identifiers are case-insensitive and kept as written (the engine lower-cases table names only)
    @Override public boolean supportsMixedCaseIdentifiers() { return false; }
    @Override public boolean storesUpperCaseIdentifiers() { return false; }
    @Override public boolean storesLowerCaseIdentifiers() { return false; }
    @Override public boolean storesMixedCaseIdentifiers() { return true; }
    @Override public boolean supportsMixedCaseQuotedIdentifiers() { return false; }
    @Override public boolean storesUpperCaseQuotedIdentifiers() { return false; }
    @Override public boolean storesLowerCaseQuotedIdentifiers() { return false; }
    @Override public boolean storesMixedCaseQuotedIdentifiers() { return true; }
    @Override public String getIdentifierQuoteString() { return "\""; }

    /** SQLite keywords that SQL:2003 does not reserve. */
    @Override
    public String getSQLKeywords() {
        return "ABORT,ACTION,AFTER,ANALYZE,ATTACH,AUTOINCREMENT,BEFORE,CONFLICT,DATABASE,DEFERRABLE,DEFERRED,"
                + "DETACH,EXCLUSIVE,EXPLAIN,FAIL,GLOB,IF,IGNORE,IMMEDIATE,INDEX,INDEXED,INITIALLY,INSTEAD,ISNULL,"
                + "KEY,LIMIT,NOTNULL,NULLS,OFFSET,PLAN,PRAGMA,QUERY,RAISE,REGEXP,REINDEX,RENAME,REPLACE,RESTRICT,"
                + "ROWID,STRICT,TEMP,TEMPORARY,VACUUM,VIEW,VIRTUAL,WITHOUT";
    }

    @Override
    public String getNumericFunctions() {
        return "ABS,ACOS,ASIN,ATAN,ATAN2,CEILING,COS,DEGREES,EXP,FLOOR,LOG,LOG10,MOD,PI,POWER,RADIANS,RANDOM,"
                + "ROUND,SIGN,SIN,SQRT,TAN";
    }

    @Override
    public String getStringFunctions() {
        return "CHAR,CONCAT,CONCAT_WS,HEX,INSTR,LENGTH,LOWER,LTRIM,PRINTF,QUOTE,REPLACE,RTRIM,SOUNDEX,SUBSTR,"
                + "SUBSTRING,TRIM,UNHEX,UNICODE,UPPER";
    }

    @Override
    public String getSystemFunctions() {
        return "CHANGES,COALESCE,IFNULL,IIF,LAST_INSERT_ROWID,NULLIF,SQLITE_VERSION,TYPEOF";
    }

    @Override public String getTimeDateFunctions() { return "DATE,DATETIME,JULIANDAY,STRFTIME,TIME,TIMEDIFF,UNIXEPOCH"; }
    @Override public String getSearchStringEscape() { return "\\"; }
    @Override public String getExtraNameCharacters() { return ""; }
    @Override public boolean supportsAlterTableWithAddColumn() { return true; }
    @Override public boolean supportsAlterTableWithDropColumn() { return true; }
    @Override public boolean supportsColumnAliasing() { return true; }
    @Override public boolean nullPlusNonNullIsNull() { return true; }
    @Override public boolean supportsConvert() { return false; }
    @Override public boolean supportsConvert(int fromType, int toType) { return false; }
    @Override public boolean supportsTableCorrelationNames() { return true; }
    @Override public boolean supportsDifferentTableCorrelationNames() { return false; }
    @Override public boolean supportsExpressionsInOrderBy() { return true; }
    @Override public boolean supportsOrderByUnrelated() { return true; }
    @Override public boolean supportsGroupBy() { return true; }
    @Override public boolean supportsGroupByUnrelated() { return true; }
    @Override public boolean supportsGroupByBeyondSelect() { return true; }
    @Override public boolean supportsLikeEscapeClause() { return true; }
    @Override public boolean supportsNonNullableColumns() { return true; }
    @Override public boolean supportsMinimumSQLGrammar() { return true; }
    @Override public boolean supportsCoreSQLGrammar() { return false; }
    @Override public boolean supportsExtendedSQLGrammar() { return false; }
    @Override public boolean supportsANSI92EntryLevelSQL() { return true; }
    @Override public boolean supportsANSI92IntermediateSQL() { return false; }
    @Override public boolean supportsANSI92FullSQL() { return false; }
    @Override public boolean supportsIntegrityEnhancementFacility() { return false; }
    @Override public boolean supportsOuterJoins() { return true; }
    @Override public boolean supportsFullOuterJoins() { return true; }
    @Override public boolean supportsLimitedOuterJoins() { return true; }
    @Override public String getSchemaTerm() { return "schema"; }
    @Override public String getProcedureTerm() { return "procedure"; }
    @Override public String getCatalogTerm() { return "catalog"; }
    @Override public boolean isCatalogAtStart() { return true; }
    @Override public String getCatalogSeparator() { return "."; }
    @Override public boolean supportsSchemasInDataManipulation() { return false; }
    @Override public boolean supportsSchemasInProcedureCalls() { return false; }
    @Override public boolean supportsSchemasInTableDefinitions() { return false; }
    @Override public boolean supportsSchemasInIndexDefinitions() { return false; }
    @Override public boolean supportsSchemasInPrivilegeDefinitions() { return false; }
    @Override public boolean supportsCatalogsInDataManipulation() { return false; }
    @Override public boolean supportsCatalogsInProcedureCalls() { return false; }
    @Override public boolean supportsCatalogsInTableDefinitions() { return false; }
    @Override public boolean supportsCatalogsInIndexDefinitions() { return false; }
    @Override public boolean supportsCatalogsInPrivilegeDefinitions() { return false; }
    @Override public boolean supportsPositionedDelete() { return false; }
    @Override public boolean supportsPositionedUpdate() { return false; }
    @Override public boolean supportsSelectForUpdate() { return false; }
    @Override public boolean supportsStoredProcedures() { return false; }
    @Override public boolean supportsStoredFunctionsUsingCallSyntax() { return false; }
    @Override public boolean supportsSubqueriesInComparisons() { return true; }
    @Override public boolean supportsSubqueriesInExists() { return true; }
    @Override public boolean supportsSubqueriesInIns() { return true; }
    // the engine rejects "x > ALL (SELECT ...)" and "ANY"
    @Override public boolean supportsSubqueriesInQuantifieds() { return false; }
    @Override public boolean supportsCorrelatedSubqueries() { return true; }
    @Override public boolean supportsUnion() { return true; }
    @Override public boolean supportsUnionAll() { return true; }

    // ---- limits: 0 means none, or unknown ----

    @Override public int getMaxBinaryLiteralLength() { return 0; }
    @Override public int getMaxCharLiteralLength() { return 0; }
    @Override public int getMaxColumnNameLength() { return 0; }
    @Override public int getMaxColumnsInGroupBy() { return 0; }
    @Override public int getMaxColumnsInIndex() { return 0; }
    @Override public int getMaxColumnsInOrderBy() { return 0; }
    @Override public int getMaxColumnsInSelect() { return 0; }
    @Override public int getMaxColumnsInTable() { return 0; }
    @Override public int getMaxConnections() { return 0; }
    @Override public int getMaxCursorNameLength() { return 0; }
    @Override public int getMaxIndexLength() { return 0; }
    @Override public int getMaxSchemaNameLength() { return 0; }
    @Override public int getMaxProcedureNameLength() { return 0; }
    @Override public int getMaxCatalogNameLength() { return 0; }
    @Override public int getMaxRowSize() { return 0; }
    @Override public boolean doesMaxRowSizeIncludeBlobs() { return false; }
    @Override public int getMaxStatementLength() { return 0; }
    @Override public int getMaxStatements() { return 0; }
    @Override public int getMaxTableNameLength() { return 0; }
    @Override public int getMaxTablesInSelect() { return 0; }
    @Override public int getMaxUserNameLength() { return 0; }
    @Override public long getMaxLogicalLobSize() { return 0; }

    // ---- transactions, result sets and statements (as TursoConnection implements them) ----

    @Override public int getDefaultTransactionIsolation() { return Connection.TRANSACTION_SERIALIZABLE; }
    @Override public boolean supportsTransactions() { return true; }
    // other levels are accepted by the connection but served by serializable, so only it is reported
    @Override public boolean supportsTransactionIsolationLevel(int level) { return level == Connection.TRANSACTION_SERIALIZABLE; }
    @Override public boolean supportsMultipleTransactions() { return true; }
    @Override public boolean supportsDataDefinitionAndDataManipulationTransactions() { return true; }
    @Override public boolean supportsDataManipulationTransactionsOnly() { return false; }
    @Override public boolean dataDefinitionCausesTransactionCommit() { return false; }
    @Override public boolean dataDefinitionIgnoredInTransactions() { return false; }
    @Override public boolean supportsOpenCursorsAcrossCommit() { return false; }
    @Override public boolean supportsOpenCursorsAcrossRollback() { return false; }
    @Override public boolean supportsOpenStatementsAcrossCommit() { return true; }
    @Override public boolean supportsOpenStatementsAcrossRollback() { return true; }
    @Override public boolean supportsSavepoints() { return true; }
    @Override public boolean supportsResultSetType(int type) { return type == ResultSet.TYPE_FORWARD_ONLY; }

    @Override
    public boolean supportsResultSetConcurrency(int type, int concurrency) {
        return type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY;
    }

    @Override public boolean supportsResultSetHoldability(int holdability) { return holdability == ResultSet.CLOSE_CURSORS_AT_COMMIT; }
    @Override public int getResultSetHoldability() { return ResultSet.CLOSE_CURSORS_AT_COMMIT; }
    @Override public boolean ownUpdatesAreVisible(int type) { return false; }
    @Override public boolean ownDeletesAreVisible(int type) { return false; }
    @Override public boolean ownInsertsAreVisible(int type) { return false; }
    @Override public boolean othersUpdatesAreVisible(int type) { return false; }
    @Override public boolean othersDeletesAreVisible(int type) { return false; }
    @Override public boolean othersInsertsAreVisible(int type) { return false; }
    @Override public boolean updatesAreDetected(int type) { return false; }
    @Override public boolean deletesAreDetected(int type) { return false; }
    @Override public boolean insertsAreDetected(int type) { return false; }
    @Override public boolean supportsMultipleResultSets() { return false; }
    @Override public boolean supportsMultipleOpenResults() { return false; }
    @Override public boolean supportsBatchUpdates() { return true; }
    @Override public boolean supportsNamedParameters() { return false; }
    @Override public boolean supportsGetGeneratedKeys() { return true; }
    @Override public boolean generatedKeyAlwaysReturned() { return false; }
    @Override public boolean supportsStatementPooling() { return false; }
    @Override public boolean supportsRefCursors() { return false; }
    @Override public boolean supportsSharding() { return false; }
    @Override public boolean autoCommitFailureClosesAllResultSets() { return false; }
    @Override public boolean locatorsUpdateCopy() { return false; }
    @Override public int getSQLStateType() { return DatabaseMetaData.sqlStateSQL; }
    @Override public RowIdLifetime getRowIdLifetime() { return RowIdLifetime.ROWID_UNSUPPORTED; }

    // ---- schemas and tables ----

    @Override
    public ResultSet getCatalogs() throws SQLException {
        return result(List.of("TABLE_CAT"), List.of());
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        return getSchemas(null, null);
    }

    @Override
    public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
        return result(List.of("TABLE_SCHEM", "TABLE_CATALOG"), List.of());
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        List<Object[]> rows = List.of(new Object[] { SYSTEM_TABLE }, new Object[] { TABLE }, new Object[] { VIEW });
        return result(List.of("TABLE_TYPE"), rows);
    }

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types)
            throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (Table table : tables(catalog, schemaPattern, tableNamePattern)) {
            if (types == null || Arrays.stream(types).anyMatch(table.type()::equalsIgnoreCase)) {
                rows.add(new Object[] { null, SCHEMA, table.name(), table.type(), null, null, null, null, null, null });
            }
        }
        return result(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS", "TYPE_CAT",
                "TYPE_SCHEM", "TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION"), rows);
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern,
            String columnNamePattern) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (Table table : tables(catalog, schemaPattern, tableNamePattern)) {
            List<Column> columns = columns(table.name());
            for (Column column : columns) {
                if (like(columnNamePattern, column.name())) {
                    rows.add(columnRow(table, column, columns));
                }
            }
        }
        return result(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME",
                "COLUMN_SIZE", "BUFFER_LENGTH", "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE", "REMARKS",
                "COLUMN_DEF", "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION",
                "IS_NULLABLE", "SCOPE_CATALOG", "SCOPE_SCHEMA", "SCOPE_TABLE", "SOURCE_DATA_TYPE",
                "IS_AUTOINCREMENT", "IS_GENERATEDCOLUMN"), rows);
    }

    private static Object[] columnRow(Table table, Column column, List<Column> columns) {
        boolean rowid = column.pk() == 1 && columns.stream().filter((c) -> c.pk() > 0).count() == 1
                && "INTEGER".equalsIgnoreCase(column.type());
        // an INTEGER PRIMARY KEY is the 64-bit rowid; other INTEGER columns report their declared type
        int type = rowid ? Types.BIGINT : sqlType(column.type());
        Integer[] size = declaredSize(table.sql(), column);
        boolean text = type == Types.CHAR || type == Types.VARCHAR;
        boolean integer = type == Types.INTEGER || type == Types.BIGINT || type == Types.SMALLINT
                || type == Types.TINYINT;
        Integer columnSize = (size[0] != null) ? size[0] : UNBOUNDED;
        Integer digits = (size[1] != null) ? size[1] : (integer ? 0 : null);
        boolean autoIncrement = rowid && table.sql() != null && AUTOINCREMENT.matcher(table.sql()).find();
        return new Object[] { null, SCHEMA, table.name(), column.name(), type, typeName(column.type()),
                columnSize, null, digits, 10, column.notNull() ? columnNoNulls : columnNullable, null,
                column.defaultValue(), null, null, text ? columnSize : null, column.cid() + 1,
                column.notNull() ? "NO" : "YES", null, null, null, null, autoIncrement ? "YES" : "NO",
                column.generated() ? "YES" : "NO" };
    }

    /** @return {size, scale} of a column, each null when not declared */
    private static Integer[] declaredSize(String tableSql, Column column) {
        Matcher inType = SIZE.matcher(column.type());
        Matcher size = inType.find() ? inType : findDeclaration(tableSql, column);
        if (size == null) {
            return new Integer[2];
        }
        return new Integer[] { Integer.valueOf(size.group(1)),
                (size.group(2) != null) ? Integer.valueOf(size.group(2)) : null };
    }

    /** Finds {@code name TYPE (size[, scale])} in the table's SQL: the engine drops sizes from declared types. */
    private static Matcher findDeclaration(String tableSql, Column column) {
        if (tableSql == null || column.type().isBlank()) {
            return null;
        }
        String name = Pattern.quote(column.name());
        String quoted = Pattern.quote(column.name().replace("\"", "\"\""));
        String type = Arrays.stream(column.type().trim().split("\\s+")).map(Pattern::quote)
                .collect(Collectors.joining("\\s+"));
        Pattern declaration = Pattern.compile("(?:^|[(,])\\s*(?:\"" + quoted + "\"|`" + name + "`|\\[" + name + "]|"
                + name + ")\\s+" + type + "\\s*" + SIZE.pattern(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        Matcher matcher = declaration.matcher(tableSql);
        return matcher.find() ? matcher : null;
    }

    /** The declared type without its size; BLOB, the affinity, for none. */
    private static String typeName(String declaredType) {
        int size = declaredType.indexOf('(');
        String name = ((size >= 0) ? declaredType.substring(0, size) : declaredType).trim();
        return name.isEmpty() ? "BLOB" : name;
    }

    /**
     * Maps a declared column type to {@link Types}: well-known names exactly, others by SQLite's
     * type affinity rules. Sizes such as {@code (10,2)} are ignored.
     * @param declaredType the declared type; {@code null} for an expression (no declared type)
     * @return the JDBC type; {@link Types#NULL} for {@code null}, {@link Types#BLOB} for no type
     */
    static int sqlType(String declaredType) {
        if (declaredType == null) {
            return Types.NULL;
        }
        String type = declaredType.toUpperCase(Locale.ROOT);
        int size = type.indexOf('(');
        type = ((size >= 0) ? type.substring(0, size) : type).trim().replaceAll("\\s+", " ");
        return switch (type) {
            case "", "BLOB" -> Types.BLOB;
            case "INT", "INTEGER", "MEDIUMINT" -> Types.INTEGER;
            case "BIGINT", "INT8", "UNSIGNED BIG INT" -> Types.BIGINT;
            case "SMALLINT", "INT2" -> Types.SMALLINT;
            case "TINYINT" -> Types.TINYINT;
            case "BOOLEAN", "BOOL" -> Types.BOOLEAN;
            case "DATE" -> Types.DATE;
            case "DATETIME", "TIMESTAMP" -> Types.TIMESTAMP;
            case "TIME" -> Types.TIME;
            case "NUMERIC" -> Types.NUMERIC;
            case "DECIMAL" -> Types.DECIMAL;
            case "REAL" -> Types.REAL;
            case "FLOAT" -> Types.FLOAT;
            case "DOUBLE", "DOUBLE PRECISION" -> Types.DOUBLE;
            case "CHAR", "CHARACTER", "NCHAR", "NATIVE CHARACTER" -> Types.CHAR;
            case "VARCHAR", "NVARCHAR", "VARYING CHARACTER", "CHARACTER VARYING", "TEXT", "CLOB" -> Types.VARCHAR;
            default -> affinityType(type);
        };
    }

    /** The rules of SQLite's "Determination Of Column Affinity", in their order. */
    private static int affinityType(String type) {
        if (type.contains("INT")) {
            return Types.BIGINT;
        }
        if (type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT")) {
            return Types.VARCHAR;
        }
        if (type.contains("BLOB")) {
            return Types.BLOB;
        }
        if (type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB")) {
            return Types.DOUBLE;
        }
        return Types.NUMERIC;
    }

    // ---- keys and indexes ----

    @Override
    public ResultSet getPrimaryKeys(String catalog, String schema, String tableName) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        Table table = table(catalog, schema, tableName);
        if (table != null) {
            columns(table.name()).stream().filter((c) -> c.pk() > 0).sorted(Comparator.comparing(Column::name))
                    .forEach((c) -> rows.add(new Object[] { null, SCHEMA, table.name(), c.name(), (short) c.pk(),
                            null }));
        }
        return result(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"), rows);
    }

    /** The primary key columns; SQLite's rowid is not reported. */
    @Override
    public ResultSet getBestRowIdentifier(String catalog, String schema, String tableName, int scope, boolean nullable)
            throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        Table table = table(catalog, schema, tableName);
        if (table != null) {
            columns(table.name()).stream().filter((c) -> c.pk() > 0).sorted(Comparator.comparingInt(Column::pk))
                    .forEach((c) -> rows.add(new Object[] { (short) bestRowSession, c.name(), sqlType(c.type()),
                            typeName(c.type()), declaredSize(table.sql(), c)[0], null, null,
                            (short) bestRowNotPseudo }));
        }
        return result(List.of("SCOPE", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "BUFFER_LENGTH",
                "DECIMAL_DIGITS", "PSEUDO_COLUMN"), rows);
    }

    @Override
    public ResultSet getIndexInfo(String catalog, String schema, String tableName, boolean unique, boolean approximate)
            throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        Table table = table(catalog, schema, tableName);
        if (table != null) {
            for (Index index : indexes(table.name())) {
                if (unique && !index.unique()) {
                    continue;
                }
                for (IndexColumn column : indexColumns(index.name())) {
                    rows.add(new Object[] { null, SCHEMA, table.name(), !index.unique(), null, index.name(),
                            tableIndexOther, (short) (column.seqno() + 1), column.name(),
                            column.descending() ? "D" : "A", 0L, 0L, null });
                }
            }
        }
        rows.sort(Comparator.comparing((Object[] row) -> (Boolean) row[3])
                .thenComparing((row) -> (String) row[5]).thenComparing((row) -> (Short) row[7]));
        return result(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "NON_UNIQUE", "INDEX_QUALIFIER",
                "INDEX_NAME", "TYPE", "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC", "CARDINALITY", "PAGES",
                "FILTER_CONDITION"), rows);
    }

    @Override
    public ResultSet getImportedKeys(String catalog, String schema, String tableName) throws SQLException {
        Table table = table(catalog, schema, tableName);
        List<Object[]> rows = (table != null) ? keyRows(table, null, tables()) : new ArrayList<>();
        return keys(rows, 2);
    }

    @Override
    public ResultSet getExportedKeys(String catalog, String schema, String tableName) throws SQLException {
        Table parent = table(catalog, schema, tableName);
        List<Object[]> rows = new ArrayList<>();
        if (parent != null) {
            List<Table> tables = tables();
            for (Table child : tables) {
                if (!VIEW.equals(child.type())) {
                    rows.addAll(keyRows(child, parent, tables));
                }
            }
        }
        return keys(rows, 6);
    }

    @Override
    public ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable,
            String foreignCatalog, String foreignSchema, String foreignTable) throws SQLException {
        Table parent = table(parentCatalog, parentSchema, parentTable);
        Table child = table(foreignCatalog, foreignSchema, foreignTable);
        List<Object[]> rows = (parent != null && child != null) ? keyRows(child, parent, List.of(parent))
                : new ArrayList<>();
        return keys(rows, 6);
    }

    /**
     * Rows of the foreign keys of {@code child}, those referencing {@code parent} or all of them.
     * Column 14 holds the key's id for sorting; {@link #keys} drops it.
     */
    private List<Object[]> keyRows(Table child, Table parent, List<Table> tables) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (ForeignKey key : foreignKeys(child.name())) {
            if (parent != null && !parent.name().equalsIgnoreCase(key.table())) {
                continue;
            }
            // the key names its parent as written; report the name the schema stores
            String parentName = tables.stream().map(Table::name).filter(key.table()::equalsIgnoreCase).findFirst()
                    .orElse(key.table());
            String parentColumn = key.to();
            if (parentColumn == null || parentColumn.isEmpty()) {
                // "REFERENCES parent" without columns means the parent's primary key
                parentColumn = columns(parentName).stream().filter((c) -> c.pk() == key.seq() + 1).map(Column::name)
                        .findFirst().orElse(null);
            }
            rows.add(new Object[] { null, SCHEMA, parentName, parentColumn, null, SCHEMA, child.name(), key.from(),
                    (short) (key.seq() + 1), rule(key.onUpdate()), rule(key.onDelete()), null, null,
                    (short) importedKeyNotDeferrable, key.id() });
        }
        return rows;
    }

    /**
     * Sorts by the table in {@code tableColumn}, then by key and KEY_SEQ: the rows of one key stay
     * together, as readers that start a new key at KEY_SEQ 1 expect (keys have no names to group by).
     */
    private static ResultSet keys(List<Object[]> rows, int tableColumn) throws SQLException {
        rows.sort(Comparator.comparing((Object[] row) -> (String) row[tableColumn], String.CASE_INSENSITIVE_ORDER)
                .thenComparing((row) -> (Integer) row[14]).thenComparing((row) -> (Short) row[8]));
        List<Object[]> trimmed = rows.stream().map((row) -> Arrays.copyOf(row, 14)).toList();
        return result(List.of("PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_CAT",
                "FKTABLE_SCHEM", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ", "UPDATE_RULE", "DELETE_RULE", "FK_NAME",
                "PK_NAME", "DEFERRABILITY"), trimmed);
    }

    private static short rule(String action) {
        int rule = switch ((action != null) ? action.toUpperCase(Locale.ROOT) : "") {
            case "CASCADE" -> importedKeyCascade;
            case "RESTRICT" -> importedKeyRestrict;
            case "SET NULL" -> importedKeySetNull;
            case "SET DEFAULT" -> importedKeySetDefault;
            default -> importedKeyNoAction;
        };
        return (short) rule;
    }

    // ---- types ----

    @Override
    public ResultSet getTypeInfo() throws SQLException {
        List<Object[]> rows = new ArrayList<>(List.of(
                typeRow("NULL", Types.NULL, 0, null, null),
                typeRow("INTEGER", Types.INTEGER, 19, null, null),
                typeRow("BIGINT", Types.BIGINT, 19, null, null),
                typeRow("SMALLINT", Types.SMALLINT, 19, null, null),
                typeRow("TINYINT", Types.TINYINT, 19, null, null),
                typeRow("BOOLEAN", Types.BOOLEAN, 1, null, null),
                typeRow("REAL", Types.REAL, 15, null, null),
                typeRow("DOUBLE", Types.DOUBLE, 15, null, null),
                typeRow("FLOAT", Types.FLOAT, 15, null, null),
                typeRow("NUMERIC", Types.NUMERIC, 15, null, "precision,scale"),
                typeRow("DECIMAL", Types.DECIMAL, 15, null, "precision,scale"),
                typeRow("TEXT", Types.VARCHAR, UNBOUNDED, "'", null),
                typeRow("VARCHAR", Types.VARCHAR, UNBOUNDED, "'", "length"),
                typeRow("CHAR", Types.CHAR, UNBOUNDED, "'", "length"),
                typeRow("DATE", Types.DATE, 10, "'", null),
                typeRow("TIME", Types.TIME, 18, "'", null),
                typeRow("TIMESTAMP", Types.TIMESTAMP, 29, "'", null),
                typeRow("BLOB", Types.BLOB, UNBOUNDED, "X'", null)));
        rows.sort(Comparator.comparing((row) -> (Integer) row[1]));
        return result(List.of("TYPE_NAME", "DATA_TYPE", "PRECISION", "LITERAL_PREFIX", "LITERAL_SUFFIX",
                "CREATE_PARAMS", "NULLABLE", "CASE_SENSITIVE", "SEARCHABLE", "UNSIGNED_ATTRIBUTE", "FIXED_PREC_SCALE",
                "AUTO_INCREMENT", "LOCAL_TYPE_NAME", "MINIMUM_SCALE", "MAXIMUM_SCALE", "SQL_DATA_TYPE",
                "SQL_DATETIME_SUB", "NUM_PREC_RADIX"), rows);
    }

    private static Object[] typeRow(String name, int type, int precision, String literalPrefix, String createParams) {
        boolean text = "'".equals(literalPrefix);
        boolean scaled = type == Types.NUMERIC || type == Types.DECIMAL;
        return new Object[] { name, type, precision, literalPrefix, (literalPrefix != null) ? "'" : null,
                createParams, (short) typeNullable, text, (short) typeSearchable, false, false,
                type == Types.INTEGER, null, (short) 0, (short) (scaled ? precision : 0), null, null, 10 };
    }

    // ---- objects turso does not have: empty results ----

    @Override
    public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern)
            throws SQLException {
        return empty("PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "RESERVED1", "RESERVED2", "RESERVED3",
                "REMARKS", "PROCEDURE_TYPE", "SPECIFIC_NAME");
    }

    @Override
    public ResultSet getProcedureColumns(String catalog, String schemaPattern, String procedureNamePattern,
            String columnNamePattern) throws SQLException {
        return empty("PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "COLUMN_NAME", "COLUMN_TYPE", "DATA_TYPE",
                "TYPE_NAME", "PRECISION", "LENGTH", "SCALE", "RADIX", "NULLABLE", "REMARKS", "COLUMN_DEF",
                "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION", "IS_NULLABLE",
                "SPECIFIC_NAME");
    }

    @Override
    public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern)
            throws SQLException {
        return empty("FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "REMARKS", "FUNCTION_TYPE", "SPECIFIC_NAME");
    }

    @Override
    public ResultSet getFunctionColumns(String catalog, String schemaPattern, String functionNamePattern,
            String columnNamePattern) throws SQLException {
        return empty("FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "COLUMN_NAME", "COLUMN_TYPE", "DATA_TYPE",
                "TYPE_NAME", "PRECISION", "LENGTH", "SCALE", "RADIX", "NULLABLE", "REMARKS", "CHAR_OCTET_LENGTH",
                "ORDINAL_POSITION", "IS_NULLABLE", "SPECIFIC_NAME");
    }

    @Override
    public ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern)
            throws SQLException {
        return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "GRANTOR", "GRANTEE", "PRIVILEGE",
                "IS_GRANTABLE");
    }

    @Override
    public ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern)
            throws SQLException {
        return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "GRANTOR", "GRANTEE", "PRIVILEGE", "IS_GRANTABLE");
    }

    @Override
    public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
        return empty("SCOPE", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "BUFFER_LENGTH",
                "DECIMAL_DIGITS", "PSEUDO_COLUMN");
    }

    @Override
    public ResultSet getPseudoColumns(String catalog, String schemaPattern, String tableNamePattern,
            String columnNamePattern) throws SQLException {
        return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "COLUMN_SIZE",
                "DECIMAL_DIGITS", "NUM_PREC_RADIX", "COLUMN_USAGE", "REMARKS", "CHAR_OCTET_LENGTH", "IS_NULLABLE");
    }

    @Override
    public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types)
            throws SQLException {
        return empty("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "CLASS_NAME", "DATA_TYPE", "REMARKS", "BASE_TYPE");
    }

    @Override
    public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern) throws SQLException {
        return empty("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SUPERTYPE_CAT", "SUPERTYPE_SCHEM", "SUPERTYPE_NAME");
    }

    @Override
    public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern)
            throws SQLException {
        return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "SUPERTABLE_NAME");
    }

    @Override
    public ResultSet getAttributes(String catalog, String schemaPattern, String typeNamePattern,
            String attributeNamePattern) throws SQLException {
        return empty("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "ATTR_NAME", "DATA_TYPE", "ATTR_TYPE_NAME", "ATTR_SIZE",
                "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE", "REMARKS", "ATTR_DEF", "SQL_DATA_TYPE",
                "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION", "IS_NULLABLE", "SCOPE_CATALOG",
                "SCOPE_SCHEMA", "SCOPE_TABLE", "SOURCE_DATA_TYPE");
    }

    /** Client info is free-form on the connection; no property is predefined. */
    @Override
    public ResultSet getClientInfoProperties() throws SQLException {
        return empty("NAME", "MAX_LEN", "DEFAULT_VALUE", "DESCRIPTION");
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

    // ---- reading the schema ----

    private record Table(String name, String type, String sql) {
    }

    /** {@code hidden}: 1 for a hidden column of a virtual table, 2 or 3 for a generated column. */
    private record Column(int cid, String name, String type, boolean notNull, String defaultValue, int pk,
            int hidden) {

        boolean generated() {
            return this.hidden == 2 || this.hidden == 3;
        }
    }

    private record Index(String name, boolean unique) {
    }

    /** {@code key}: false for the rowid that index_xinfo lists after the key columns. */
    private record IndexColumn(int seqno, String name, boolean descending, boolean key) {
    }

    private record ForeignKey(int id, int seq, String table, String from, String to, String onUpdate,
            String onDelete) {
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /**
     * Runs a query of ours outside transaction control: with autocommit off it must not begin the
     * (write-locking) transaction the application's next statement would.
     */
    private <T> List<T> query(String sql, RowMapper<T> mapper) throws SQLException {
        try (TursoPreparedStatement statement = new TursoPreparedStatement(this.connection, sql, null);
                ResultSet rs = statement.executeQueryWithoutTransaction()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
            return rows;
        }
    }

    /** Every table and view of {@code main}, ordered by JDBC table type and name. */
    private List<Table> tables() throws SQLException {
        List<Table> tables = query("SELECT name, type, sql FROM sqlite_schema WHERE type IN ('table', 'view')",
                (rs) -> new Table(rs.getString(1), tableType(rs.getString(1), rs.getString(2)), rs.getString(3)));
        tables.sort(Comparator.comparing(Table::type).thenComparing(Table::name, String.CASE_INSENSITIVE_ORDER));
        return tables;
    }

    private List<Table> tables(String catalog, String schemaPattern, String tableNamePattern) throws SQLException {
        if (!inMain(catalog, schemaPattern)) {
            return List.of();
        }
        return tables().stream().filter((t) -> like(tableNamePattern, t.name())).toList();
    }

    /** The table or view of that name (not a pattern; any case), or null. */
    private Table table(String catalog, String schema, String name) throws SQLException {
        if (name == null || !inMain(catalog, schema)) {
            return null;
        }
        return tables().stream().filter((t) -> t.name().equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    /** The engine's own tables are system tables, so validators that ask for TABLE never see them. */
    private static String tableType(String name, String type) {
        if ("view".equalsIgnoreCase(type)) {
            return VIEW;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        boolean system = lower.startsWith("sqlite_") || lower.startsWith("__turso_internal_")
                || lower.startsWith("turso_cdc") || lower.startsWith("turso_sync_");
        return system ? SYSTEM_TABLE : TABLE;
    }

    /** Columns in declaration order; hidden columns of virtual tables are left out. */
    private List<Column> columns(String table) throws SQLException {
        List<Column> columns = query("PRAGMA table_xinfo(" + quote(table) + ")",
                (rs) -> new Column(rs.getInt(1), rs.getString(2), Objects.toString(rs.getString(3), ""),
                        rs.getInt(4) != 0, rs.getString(5), rs.getInt(6), rs.getInt(7)));
        columns.removeIf((c) -> c.hidden() == 1);
        return columns;
    }

    private List<Index> indexes(String table) throws SQLException {
        return query("PRAGMA index_list(" + quote(table) + ")", (rs) -> new Index(rs.getString(2), rs.getInt(3) != 0));
    }

    /** Key columns only (index_xinfo also lists the rowid an index carries). */
    private List<IndexColumn> indexColumns(String index) throws SQLException {
        List<IndexColumn> columns = query("PRAGMA index_xinfo(" + quote(index) + ")",
                (rs) -> new IndexColumn(rs.getInt(1), rs.getString(3), rs.getInt(4) != 0, rs.getInt(6) != 0));
        columns.removeIf((c) -> !c.key());
        return columns;
    }

    private List<ForeignKey> foreignKeys(String table) throws SQLException {
        return query("PRAGMA foreign_key_list(" + quote(table) + ")", (rs) -> new ForeignKey(rs.getInt(1),
                rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)));
    }

    /** PRAGMA arguments must be identifiers: the engine finds nothing for a string literal. */
    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    // ---- patterns and results ----

    /** Whether objects of the {@code main} schema (which has no catalog) match these arguments. */
    private static boolean inMain(String catalog, String schemaPattern) {
        boolean catalogMatches = catalog == null || catalog.isEmpty();
        boolean schemaMatches = schemaPattern == null || schemaPattern.isEmpty() || like(schemaPattern, MAIN);
        return catalogMatches && schemaMatches;
    }

    /**
     * Matches a JDBC metadata pattern: {@code %} any run, {@code _} one character, {@code \} escapes
     * the next character; case insensitive, like SQLite identifiers.
     * @param pattern the pattern, or null to match everything
     */
    static boolean like(String pattern, String value) {
        if (pattern == null) {
            return true;
        }
        if (value == null) {
            return false;
        }
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                literal.append(pattern.charAt(++i));
            }
            else if (c == '%' || c == '_') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append((c == '%') ? ".*" : ".");
            }
            else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        int flags = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL;
        return Pattern.compile(regex.toString(), flags).matcher(value).matches();
    }

    private static ResultSet empty(String... columns) throws SQLException {
        return result(List.of(columns), List.of());
    }

    private static ResultSet result(List<String> columns, List<Object[]> rows) throws SQLException {
        return TursoResultSet.ofRows(columns, rows);
    }
}
