package dev.turso4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A runaway query can be stopped: by its query timeout (JDBC, JdbcTemplate, a transaction timeout)
 * or by {@link Statement#cancel()} from another thread. It fails with SQLState 57014, releases its
 * locks, and leaves the connection usable.
 */
@Timeout(60)
class StoppingQueriesTest {

    /** Never ends on its own: counts an endless recursive sequence. */
    private static final String RUNAWAY = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
            + "SELECT count(*) FROM n";

    @TempDir
    Path dir;

    private TursoDataSource dataSource;

    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @BeforeEach
    void open() throws SQLException {
        this.dataSource = new TursoDataSource(TursoConfig.forPath(this.dir.resolve("q.db").toString())
            .withBusyTimeout(Duration.ofSeconds(20)));
        new JdbcTemplate(this.dataSource).execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
    }

    @AfterEach
    void close() throws InterruptedException {
        this.executor.shutdownNow();
        assertThat(this.executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        this.dataSource.close();
    }

    @Test
    void aQueryTimeoutStopsARunawayQueryAndTheConnectionGoesOn() throws SQLException {
        try (Connection c = this.dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(RUNAWAY)) {
            ps.setQueryTimeout(1);
            for (int run = 0; run < 2; run++) { // the second time from a statement that was interrupted
                assertThatThrownBy(ps::executeQuery).isInstanceOf(SQLTimeoutException.class)
                    .hasMessageContaining("query timeout of 1000 ms")
                    .satisfies((ex) -> assertThat(((SQLException) ex).getSQLState()).isEqualTo("57014"))
                    .satisfies((ex) -> assertThat(TursoErrorCode.of(ex)).isEqualTo(TursoErrorCode.INTERRUPT));
            }
            ps.setQueryTimeout(0);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 41 + 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
            assertThat(c.isValid(1)).isTrue();
        }
    }

    @Test
    void aTimeoutHoldsWhenTheEngineRepreparesTheStatement() throws SQLException {
        try (Connection c = this.dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(RUNAWAY)) {
            // A schema change by another connection makes the engine compile the statement again.
            new JdbcTemplate(this.dataSource).execute("CREATE TABLE changed (id INTEGER)");
            ps.setQueryTimeout(1);
            assertThatThrownBy(ps::executeQuery).isInstanceOf(SQLTimeoutException.class);
        }
    }

    @Test
    void aTimeoutAlsoBoundsTheWaitForALock() throws SQLException {
        try (Connection holder = this.dataSource.getConnection(); Connection waiter = this.dataSource.getConnection();
                Statement s = waiter.createStatement()) {
            holder.setAutoCommit(false);
            holder.createStatement().executeUpdate("INSERT INTO t (v) VALUES ('held')");
            s.setQueryTimeout(1);
            // The busy timeout is 20 s: only the query timeout can end this wait in time.
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t (v) VALUES ('waits')"))
                .isInstanceOf(SQLTimeoutException.class);
            holder.rollback();
        }
    }

    @Test
    void cancelFromAnotherThreadStopsARunningStatement() throws Exception {
        try (Connection c = this.dataSource.getConnection(); Statement s = c.createStatement()) {
            CountDownLatch starting = new CountDownLatch(1);
            Future<?> running = this.executor.submit(() -> {
                starting.countDown();
                return s.executeQuery(RUNAWAY);
            });
            starting.await();
            // A cancel before the execution began is a no-op, so keep asking until it ends.
            while (!running.isDone()) {
                s.cancel();
                Thread.sleep(20);
            }
            assertThatThrownBy(running::get).cause().isInstanceOf(SQLTimeoutException.class)
                .hasMessageContaining("cancelled");
            try (ResultSet rs = s.executeQuery("SELECT 7")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(7);
            }
            s.cancel(); // nothing runs: nothing happens
            try (ResultSet rs = s.executeQuery("SELECT 8")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void cancelStopsAScriptOfSeveralStatements() throws Exception {
        try (Connection c = this.dataSource.getConnection(); Statement s = c.createStatement()) {
            Future<?> running = this.executor.submit(() -> s.execute("INSERT INTO t (v) VALUES ('first'); " + RUNAWAY
                    + "; INSERT INTO t (v) VALUES ('never')"));
            while (!running.isDone()) {
                Thread.sleep(20);
                s.cancel();
            }
            assertThatThrownBy(running::get).cause().isInstanceOf(SQLTimeoutException.class)
                .hasMessageContaining("the script was cancelled");
            assertThat(new JdbcTemplate(this.dataSource).queryForList("SELECT v FROM t", String.class))
                .as("statements before the cancel ran, those after it did not").containsExactly("first");
        }
    }

    @Test
    void anInterruptedStatementRollsItsTransactionBackAndReleasesTheWriteLock() throws SQLException {
        try (Connection c = this.dataSource.getConnection(); Connection other = this.dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.createStatement().executeUpdate("INSERT INTO t (v) VALUES ('before')");
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(1);
                assertThatThrownBy(() -> s.executeQuery(RUNAWAY)).isInstanceOf(SQLTimeoutException.class)
                    .hasMessageContaining("the transaction was rolled back");
            }
            try (Statement s = other.createStatement()) {
                s.setQueryTimeout(5);
                assertThat(s.executeUpdate("INSERT INTO t (v) VALUES ('other')")).as("the write lock is free").isOne();
            }
            assertThatThrownBy(() -> c.createStatement().executeUpdate("INSERT INTO t (v) VALUES ('after')"))
                .as("no half transaction goes on").hasMessageContaining("call rollback()");
            assertThatThrownBy(c::commit).isInstanceOf(SQLTimeoutException.class).hasMessageContaining("nothing was committed");
            c.rollback();
            c.createStatement().executeUpdate("INSERT INTO t (v) VALUES ('next')");
            c.commit();
        }
        assertThat(new JdbcTemplate(this.dataSource).queryForList("SELECT v FROM t ORDER BY id", String.class))
            .containsExactly("other", "next");
    }

    @Test
    void springTranslatesTimeoutsFromJdbcTemplateAndTransactions() {
        JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
        jdbc.setQueryTimeout(1);
        assertThatThrownBy(() -> jdbc.queryForObject(RUNAWAY, Long.class)).isInstanceOf(QueryTimeoutException.class);

        JdbcTemplate plain = new JdbcTemplate(this.dataSource);
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
        transaction.setTimeout(1);
        assertThatThrownBy(() -> transaction.executeWithoutResult((status) -> {
            plain.update("INSERT INTO t (v) VALUES ('in transaction')");
            plain.queryForObject(RUNAWAY, Long.class);
        })).isInstanceOf(QueryTimeoutException.class);
        assertThat(plain.queryForObject("SELECT count(*) FROM t", Integer.class)).as("rolled back").isZero();
    }

    @Test
    void isValidHonoursItsTimeout() throws Exception {
        try (Connection c = this.dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(3);
            CompletableFuture<Throwable> busy = CompletableFuture.supplyAsync(() -> {
                try {
                    s.executeQuery(RUNAWAY);
                    return null;
                }
                catch (SQLException ex) {
                    return ex;
                }
            }, this.executor);
            Thread.sleep(200);
            // Another thread's statement holds the connection for 3 s; the check gives up after 1.
            assertThat(c.isValid(1)).isFalse();
            assertThat(busy.get(30, TimeUnit.SECONDS)).as("the query timeout ends the runaway query")
                .isInstanceOf(SQLTimeoutException.class);
            assertThat(c.isValid(1)).isTrue();
        }
    }

}
