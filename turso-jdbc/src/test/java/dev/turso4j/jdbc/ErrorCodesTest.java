package dev.turso4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every error code comes from a real failure, as the standard JDBC subclass with a SQLState that
 * Spring translates, and {@link TursoErrorCode#of} finds it through Spring's wrappers.
 */
class ErrorCodesTest {

    @TempDir
    Path dir;

    private TursoDataSource dataSource;

    private JdbcTemplate jdbc;

    @BeforeEach
    void open() throws SQLException {
        this.dataSource = new TursoDataSource(TursoConfig.forPath(this.dir.resolve("e.db").toString())
            .withBusyTimeout(java.time.Duration.ofMillis(200)));
        this.jdbc = new JdbcTemplate(this.dataSource);
        this.jdbc.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, email TEXT UNIQUE, n INTEGER NOT NULL CHECK (n >= 0))");
    }

    @AfterEach
    void close() {
        this.dataSource.close();
    }

    @Test
    void constraintViolationsBecomeDuplicateKeyAndDataIntegrityExceptions() {
        this.jdbc.update("INSERT INTO t (email, n) VALUES (?, ?)", "a@x", 1);
        assertThatThrownBy(() -> this.jdbc.update("INSERT INTO t (email, n) VALUES (?, ?)", "a@x", 1))
            .isInstanceOf(DuplicateKeyException.class)
            .hasRootCauseInstanceOf(SQLIntegrityConstraintViolationException.class)
            .satisfies((ex) -> assertThat(TursoErrorCode.of(ex)).isEqualTo(TursoErrorCode.CONSTRAINT))
            .hasMessageNotContaining("a@x");
        assertThatThrownBy(() -> this.jdbc.update("INSERT INTO t (email, n) VALUES (?, ?)", "b@x", -1))
            .isInstanceOf(DataIntegrityViolationException.class)
            .isNotInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> this.jdbc.update("INSERT INTO t (email) VALUES (?)", "c@x"))
            .isInstanceOf(DataIntegrityViolationException.class)
            .satisfies((ex) -> assertThat(((SQLException) ex.getCause()).getSQLState()).isEqualTo("23502"));
    }

    @Test
    void sqlErrorsAreBadGrammarAndNameTheSql() {
        assertThatThrownBy(() -> this.jdbc.queryForList("SELEC 1")).isInstanceOf(BadSqlGrammarException.class)
            .hasMessageContaining("SELEC 1")
            .satisfies((ex) -> assertThat(TursoErrorCode.of(ex)).isEqualTo(TursoErrorCode.ERROR));
        assertThatThrownBy(() -> this.jdbc.queryForList("SELECT * FROM missing WHERE id = ?", 42))
            .isInstanceOf(BadSqlGrammarException.class)
            .hasRootCauseInstanceOf(SQLSyntaxErrorException.class);
    }

    @Test
    void aLockHeldByAnotherConnectionIsBusyAfterTheTimeout() throws SQLException {
        try (Connection holder = this.dataSource.getConnection()) {
            holder.setAutoCommit(false);
            holder.createStatement().executeUpdate("INSERT INTO t (email, n) VALUES ('h', 1)");
            long start = System.nanoTime();
            assertThatThrownBy(() -> this.jdbc.update("INSERT INTO t (email, n) VALUES ('w', 1)"))
                .isInstanceOf(CannotAcquireLockException.class)
                .hasRootCauseInstanceOf(SQLTransactionRollbackException.class)
                .satisfies((ex) -> assertThat(TursoErrorCode.of(ex)).isEqualTo(TursoErrorCode.BUSY));
            assertThat(System.nanoTime() - start).as("waited the busy timeout").isGreaterThan(150_000_000L);
            holder.rollback();
        }
        assertThat(this.dataSource.getBusyCounters()[1]).isEqualTo(1);
    }

    @Test
    void parametersThatDoNotFitAreProgrammingErrorsCaughtBeforeAnythingRuns() throws SQLException {
        try (Connection c = this.dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO t (email, n) VALUES (?, ?)")) {
            ps.setString(1, "a@x");
            assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class)
                .hasMessageContaining("statement has 2 parameters, 1 bound (parameter 2 is not set)")
                .satisfies((ex) -> assertThat(((SQLException) ex).getSQLState()).isEqualTo("07001"))
                .satisfies((ex) -> assertThat(TursoErrorCode.of(ex)).isEqualTo(TursoErrorCode.INVALID_PARAM));
            assertThatThrownBy(() -> ps.setInt(3, 1)).hasMessageContaining("2 parameters expected, index 3 given")
                .satisfies((ex) -> assertThat(((SQLException) ex).getSQLState()).isEqualTo("07009"));
            assertThatThrownBy(() -> ps.setInt(0, 1)).hasMessageContaining("indexes start at 1");
            assertThatThrownBy(() -> ps.setObject(2, new Object())).hasMessageContaining("parameter 2")
                .hasMessageContaining("java.lang.Object").hasMessageContaining("supported: String")
                .satisfies((ex) -> assertThat(((SQLException) ex).getSQLState()).isEqualTo("07006"));
            ps.setNull(2, java.sql.Types.INTEGER);
            assertThatThrownBy(ps::executeUpdate).as("NULL was bound explicitly, so the constraint decides")
                .isInstanceOf(SQLIntegrityConstraintViolationException.class);
        }
        try (Connection c = this.dataSource.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM t WHERE id = ?")).as("a plain statement cannot bind")
                .hasMessageContaining("statement has 1 parameter, 0 bound")
                .satisfies((ex) -> assertThat(((SQLException) ex).getSQLState()).isEqualTo("07001"));
        }
        assertThatThrownBy(() -> this.jdbc.update("INSERT INTO t (email, n) VALUES (?, ?)", "b@x"))
            .as("Spring translates it as a programming error, not a constraint violation")
            .isInstanceOf(BadSqlGrammarException.class).isNotInstanceOf(DataIntegrityViolationException.class)
            .hasMessageNotContaining("b@x");
        assertThatThrownBy(() -> this.jdbc.queryForList("SELECT ?", 1, 2, 3)).isInstanceOf(BadSqlGrammarException.class)
            .hasRootCauseMessage("1 parameter expected, index 2 given");
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM t", Integer.class)).as("nothing ran").isZero();
    }

    @Test
    void theConstraintKindComesFromTheEngine() {
        this.jdbc.execute("PRAGMA foreign_keys = ON");
        this.jdbc.execute("CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER NOT NULL REFERENCES t (id))");
        this.jdbc.update("INSERT INTO t (id, email, n) VALUES (1, 'a@x', 1)");
        assertThat(constraintState("INSERT INTO t (id, email, n) VALUES (1, 'b@x', 1)")).as("primary key").isEqualTo("23505");
        assertThat(constraintState("INSERT INTO t (email, n) VALUES ('a@x', 1)")).as("unique").isEqualTo("23505");
        assertThat(constraintState("INSERT INTO t (email, n) VALUES ('c@x', NULL)")).as("not null").isEqualTo("23502");
        assertThat(constraintState("INSERT INTO t (email, n) VALUES ('c@x', -1)")).as("check").isEqualTo("23514");
        assertThat(constraintState("INSERT INTO child (parent) VALUES (42)")).as("foreign key").isEqualTo("23503");
    }

    private String constraintState(String sql) {
        try (Connection c = this.dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("PRAGMA foreign_keys = ON");
            s.executeUpdate(sql);
            throw new AssertionError("no constraint failed: " + sql);
        }
        catch (SQLIntegrityConstraintViolationException ex) {
            return ex.getSQLState();
        }
        catch (SQLException ex) {
            throw new AssertionError(ex);
        }
    }

    @Test
    void theNativeAndJavaCodeTablesAreTheSame() {
        dev.turso4j.bridge.Native.ensureLoaded();
        String[] tables = dev.turso4j.bridge.Native.errorTables().split(";");
        assertThat(tables[0].split(",")).containsExactly(java.util.Arrays.stream(TursoErrorCode.values())
            .map(Enum::name).toArray(String[]::new));
        assertThat(tables[1].split(",")).containsExactly(java.util.Arrays.stream(Errors.Detail.values())
            .map(Enum::name).toArray(String[]::new));
    }

    @Test
    void unsupportedFeaturesCarryACode() throws SQLException {
        try (Connection c = this.dataSource.getConnection()) {
            assertThatThrownBy(c::createBlob).isInstanceOf(java.sql.SQLFeatureNotSupportedException.class)
                .satisfies((ex) -> assertThat(TursoErrorCode.of(ex)).isEqualTo(TursoErrorCode.MISUSE));
        }
    }

    @Test
    void useAfterCloseIsMisuse() throws SQLException {
        Connection c = this.dataSource.getConnection();
        Statement s = c.createStatement();
        c.close();
        assertThatThrownBy(() -> s.executeQuery("SELECT 1"))
            .satisfies((ex) -> assertThat(TursoErrorCode.of(ex)).isEqualTo(TursoErrorCode.MISUSE));
    }

    @Test
    void writesToAReadOnlyDatabaseAreReadonly() throws SQLException {
        // A file already open in this JVM shares the engine's first open options, so use another.
        String path = this.dir.resolve("ro.db").toString();
        try (TursoDataSource writable = new TursoDataSource(TursoConfig.forPath(path))) {
            new JdbcTemplate(writable).execute("CREATE TABLE t (email TEXT, n INTEGER)");
        }
        try (TursoDataSource readOnly = new TursoDataSource(TursoConfig.forPath(path).withReadOnly(true));
                Connection c = readOnly.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t (email, n) VALUES ('r', 1)"))
                .satisfies((ex) -> assertThat(TursoErrorCode.of(ex)).isEqualTo(TursoErrorCode.READONLY));
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsCorruptAndBreaksTheConnection() throws Exception {
        Path garbage = this.dir.resolve("garbage.db");
        byte[] junk = new byte[8192];
        java.util.Arrays.fill(junk, (byte) 0x5A);
        Files.write(garbage, junk);
        SQLException failure = null;
        try (TursoDataSource ds = new TursoDataSource("jdbc:turso:" + garbage);
                Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeQuery("SELECT * FROM sqlite_schema").next();
        }
        catch (SQLException ex) {
            failure = ex;
        }
        assertThat((Throwable) failure).isInstanceOf(SQLNonTransientConnectionException.class);
        assertThat(failure.getSQLState()).startsWith("08");
        assertThat(TursoErrorCode.of(failure)).isEqualTo(TursoErrorCode.CORRUPT);
    }

    @Test
    void ofFindsTheCodeAnywhereInAChainOrNowhere() {
        SQLException busy = Errors.create(TursoErrorCode.BUSY, "database is locked", null);
        DataAccessException wrapped = new CannotAcquireLockException("x", new RuntimeException(busy));
        assertThat(TursoErrorCode.of(wrapped)).isEqualTo(TursoErrorCode.BUSY);
        SQLException next = new SQLException("outer");
        next.setNextException(busy);
        assertThat(TursoErrorCode.of(next)).isEqualTo(TursoErrorCode.BUSY);
        assertThat(TursoErrorCode.of(new IllegalStateException())).isNull();
        assertThat(TursoErrorCode.of(null)).isNull();
    }
}
