package dev.turso4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDBC behaviours frameworks rely on, through raw JDBC.
 */
class JdbcBehaviourTest {

    @TempDir
    Path dir;

    private TursoDataSource dataSource;

    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        this.dataSource = new TursoDataSource("jdbc:turso:" + this.dir.resolve("app.db") + "?busy_timeout=2000");
        this.connection = this.dataSource.getConnection();
        execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, age INTEGER)");
    }

    @AfterEach
    void close() throws SQLException {
        this.connection.close();
        this.dataSource.close();
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = this.connection.createStatement()) {
            s.execute(sql);
        }
    }

    private long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void driverManagerFindsTheDriverAndParsesOptions() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:turso::memory:?busy_timeout=10")) {
            assertThat(c).isInstanceOf(TursoConnection.class);
            assertThat(((TursoConnection) c).getDataSource().getConfig().getBusyTimeout().toMillis()).isEqualTo(10);
        }
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:turso::memory:?busy_timout=10"))
            .hasMessageContaining("unknown turso URL option 'busy_timout'");
        assertThat(new TursoDriver().acceptsURL("jdbc:sqlite:x.db")).isFalse();

        TursoConfig sync = TursoConfig.fromUrl("jdbc:turso:app.db?sync_connect_timeout=700&sync_request_timeout=1500", null);
        assertThat(sync.getSyncConnectTimeout()).isEqualTo(Duration.ofMillis(700));
        assertThat(sync.getSyncRequestTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(TursoConfig.forPath("app.db").getSyncRequestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> TursoConfig.fromUrl("jdbc:turso:app.db?sync_request_timeout=0", null))
            .hasMessageContaining("sync_request_timeout").hasMessageContaining("must be positive");
        assertThatThrownBy(() -> TursoConfig.fromUrl("jdbc:turso:app.db?sync_connect_timeout=soon", null))
            .hasMessageContaining("sync_connect_timeout").hasMessageContaining("milliseconds");
    }

    @Test
    void preparedStatementRunsAgainWithNewParameters() throws SQLException {
        try (PreparedStatement insert = this.connection.prepareStatement("INSERT INTO person (name, age) VALUES (?, ?)")) {
            for (int i = 0; i < 5; i++) {
                insert.setString(1, "p" + i);
                insert.setInt(2, i);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
        }
        try (PreparedStatement select = this.connection.prepareStatement("SELECT name FROM person WHERE age >= ? ORDER BY age")) {
            for (int min = 0; min < 5; min++) {
                select.setInt(1, min);
                List<String> names = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
                assertThat(names).hasSize(5 - min).first().isEqualTo("p" + min);
            }
        }
    }

    @Test
    void batchIsAllOrNothingAndReportsCounts() throws SQLException {
        try (PreparedStatement insert = this.connection.prepareStatement("INSERT INTO person (name) VALUES (?)")) {
            for (String name : new String[] { "a", "b", "c" }) {
                insert.setString(1, name);
                insert.addBatch();
            }
            assertThat(insert.executeBatch()).containsExactly(1, 1, 1);
            for (String name : new String[] { "d", "a", "e" }) {
                insert.setString(1, name);
                insert.addBatch();
            }
            assertThatThrownBy(insert::executeBatch).isInstanceOfSatisfying(BatchUpdateException.class,
                    (ex) -> assertThat(ex.getUpdateCounts()).containsExactly(1));
            assertThat(insert.executeBatch()).as("a failed batch is forgotten").isEmpty();
        }
        assertThat(count(this.connection, "person")).as("the failed autocommit batch rolled back whole").isEqualTo(3);
        this.connection.setAutoCommit(false);
        try (Statement s = this.connection.createStatement()) {
            s.addBatch("INSERT INTO person (name) VALUES ('x')");
            s.addBatch("INSERT INTO person (name) VALUES ('x')");
            assertThatThrownBy(s::executeBatch).isInstanceOf(BatchUpdateException.class);
        }
        this.connection.rollback();
        this.connection.setAutoCommit(true);
        assertThat(count(this.connection, "person")).isEqualTo(3);
    }

    @Test
    void generatedKeysComeFromReturningForSingleRowsBatchesAndNamedColumns() throws SQLException {
        try (PreparedStatement insert = this.connection.prepareStatement("INSERT INTO person (name) VALUES (?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, "first");
            assertThat(insert.executeUpdate()).isEqualTo(1);
            try (ResultSet keys = insert.getGeneratedKeys()) {
                assertThat(keys.next()).isTrue();
                assertThat(keys.getLong(1)).isEqualTo(1);
                assertThat(keys.next()).isFalse();
            }
            insert.setString(1, "second");
            insert.addBatch();
            insert.setString(1, "third");
            insert.addBatch();
            assertThat(insert.executeBatch()).containsExactly(1, 1);
            List<Long> ids = new ArrayList<>();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                while (keys.next()) {
                    ids.add(keys.getLong(1));
                }
            }
            assertThat(ids).containsExactly(2L, 3L);
        }
        try (PreparedStatement insert = this.connection.prepareStatement("INSERT INTO person (name, age) VALUES (?, 30);",
                new String[] { "id", "name" })) {
            insert.setString(1, "named");
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                assertThat(keys.getLong("id")).isEqualTo(4);
                assertThat(keys.getString("name")).isEqualTo("named");
            }
        }
        try (Statement s = this.connection.createStatement()) {
            s.executeUpdate("INSERT INTO person (name) VALUES ('plain')", Statement.RETURN_GENERATED_KEYS);
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                assertThat(keys.getLong(1)).isEqualTo(5);
            }
        }
        assertThat(this.connection.getMetaData().supportsGetGeneratedKeys()).isTrue();
    }

    @Test
    void transactionsCommitRollBackAndKeepSavepoints() throws SQLException {
        this.connection.setAutoCommit(false);
        execute("INSERT INTO person (name) VALUES ('kept')");
        Savepoint savepoint = this.connection.setSavepoint("before_drop");
        execute("INSERT INTO person (name) VALUES ('dropped')");
        this.connection.rollback(savepoint);
        this.connection.releaseSavepoint(savepoint);
        this.connection.commit();
        execute("INSERT INTO person (name) VALUES ('rolled back')");
        this.connection.rollback();
        this.connection.setAutoCommit(true);
        try (Statement s = this.connection.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM person")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("kept");
            assertThat(rs.next()).isFalse();
        }
        assertThat(this.connection.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
    }

    @Test
    void readWriteTransactionsTakeTheWriteLockAtBeginAndReadOnlyOnesDoNot() throws Exception {
        try (Connection writer = this.dataSource.getConnection(); Connection reader = this.dataSource.getConnection();
                Connection other = this.dataSource.getConnection()) {
            writer.setAutoCommit(false);
            writer.createStatement().executeUpdate("INSERT INTO person (name) VALUES ('w')");
            reader.setReadOnly(true);
            reader.setAutoCommit(false);
            assertThat(count(reader, "person")).as("a DEFERRED reader does not wait for the writer").isZero();
            reader.commit();
            other.setAutoCommit(false);
            long[] countersBefore = this.dataSource.getBusyCounters();
            ExecutorService background = Executors.newSingleThreadExecutor();
            try {
                Future<Long> pending = background.submit(() -> count(other, "person"));
                // An IMMEDIATE transaction waits for the write lock: the driver counts the wait...
                await().atMost(Duration.ofSeconds(5))
                    .until(() -> this.dataSource.getBusyCounters()[0] > countersBefore[0]);
                assertThat(pending.isDone()).as("an IMMEDIATE transaction waits for the write lock").isFalse();
                writer.commit();
                // ...and its transaction begins after the writer's commit, so it sees the row a DEFERRED
                // reader did not.
                assertThat(pending.get(5, TimeUnit.SECONDS)).isEqualTo(1);
            }
            finally {
                background.shutdownNow();
                assertThat(background.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(this.dataSource.getBusyCounters()[1]).as("no busy timeout").isEqualTo(countersBefore[1]);
            other.commit();
        }
    }

    @Test
    void openCursorsCloseAtCommitSoCommitSucceeds() throws SQLException {
        execute("INSERT INTO person (name) VALUES ('a'), ('b'), ('c')");
        this.connection.setAutoCommit(false);
        Statement s = this.connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM person");
        rs.next();
        execute("INSERT INTO person (name) VALUES ('d')");
        this.connection.commit();
        assertThat(rs.isClosed()).isTrue();
        this.connection.setAutoCommit(true);
        assertThat(count(this.connection, "person")).isEqualTo(4);
    }

    @Test
    void scriptsRunEveryStatementAndPreparedStatementsRefuseThem() throws SQLException {
        try (Statement s = this.connection.createStatement()) {
            assertThat(s.execute("INSERT INTO person (name) VALUES ('a;b'); INSERT INTO person (name) VALUES ('c');")).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(2);
        }
        assertThat(count(this.connection, "person")).isEqualTo(2);
        assertThatThrownBy(() -> this.connection.prepareStatement("SELECT 1; SELECT 2"))
            .hasMessageContaining("holds 2 statements");
    }

    @Test
    void resultSetMetaDataHonoursAliasesAndDeclaredTypes() throws SQLException {
        execute("INSERT INTO person (name, age) VALUES ('a', 3)");
        try (Statement s = this.connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT id AS person_id, name, age * 1.5 AS half FROM person")) {
            ResultSetMetaData md = rs.getMetaData();
            assertThat(md.getColumnCount()).isEqualTo(3);
            assertThat(md.getColumnLabel(1)).isEqualTo("person_id");
            assertThat(md.getColumnType(2)).isEqualTo(Types.VARCHAR);
            rs.next();
            assertThat(rs.getMetaData().getColumnType(3)).isEqualTo(Types.DOUBLE);
            assertThat(rs.getInt("PERSON_ID")).isEqualTo(1);
        }
    }

    @Test
    void connectionBasicsWorkAndUnsupportedFeaturesSaySo() throws Exception {
        assertThat(this.connection.isValid(1)).isTrue();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            this.connection.setNetworkTimeout(executor, 1234);
            assertThat(this.connection.getNetworkTimeout()).isEqualTo(1234);
        }
        finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(this.connection.unwrap(TursoConnection.class)).isSameAs(this.connection);
        assertThat(this.connection.isWrapperFor(TursoConnection.class)).isTrue();
        assertThat(this.dataSource.unwrap(TursoDataSource.class)).isSameAs(this.dataSource);
        assertThatThrownBy(() -> this.connection.prepareCall("x")).isInstanceOf(SQLFeatureNotSupportedException.class);
        assertThatThrownBy(() -> this.connection.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE,
                ResultSet.CONCUR_READ_ONLY)).isInstanceOf(SQLFeatureNotSupportedException.class);
        assertThatThrownBy(() -> this.connection.createBlob()).isInstanceOf(SQLFeatureNotSupportedException.class);
        try (Statement s = this.connection.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThatThrownBy(rs::previous).isInstanceOf(SQLFeatureNotSupportedException.class);
            assertThatThrownBy(() -> rs.updateInt(1, 2)).isInstanceOf(SQLFeatureNotSupportedException.class);
            s.setQueryTimeout(5);
            assertThat(s.getQueryTimeout()).isEqualTo(5);
            assertThatThrownBy(() -> s.setQueryTimeout(-1)).isInstanceOf(SQLException.class);
        }
        this.connection.close();
        assertThat(this.connection.isValid(1)).isFalse();
        this.connection.close();
        assertThatThrownBy(() -> this.connection.createStatement()).isInstanceOf(SQLException.class)
            .hasMessageContaining("closed");
    }

    @Test
    void maxRowsAndSmallFetchSizesStillReadEverything() throws SQLException {
        execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
                + "INSERT INTO person (name, age) SELECT 'p' || i, i FROM n");
        try (Statement s = this.connection.createStatement()) {
            s.setFetchSize(7);
            long sum = 0;
            try (ResultSet rs = s.executeQuery("SELECT age FROM person")) {
                while (rs.next()) {
                    sum += rs.getLong(1);
                }
            }
            assertThat(sum).isEqualTo(500_500);
            s.setMaxRows(10);
            int rows = 0;
            try (ResultSet rs = s.executeQuery("SELECT age FROM person")) {
                while (rs.next()) {
                    rows++;
                }
            }
            assertThat(rows).isEqualTo(10);
        }
    }
}
