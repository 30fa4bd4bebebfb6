package dev.turso4j.jdbc;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * MVCC mode ({@code journal_mode=mvcc}): concurrent writers, conflicts, what the mode refuses, and
 * durability when the process is killed during concurrent commits.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MvccTest {

    @TempDir
    Path dir;

    private TursoDataSource open(String file, String options) throws SQLException {
        return new TursoDataSource("jdbc:turso:" + this.dir.resolve(file) + options);
    }

    private static String journalMode(TursoDataSource dataSource) {
        return new JdbcTemplate(dataSource).queryForObject("PRAGMA journal_mode", String.class);
    }

    @Test
    void theModeConvertsTheFileAndBackKeepingEveryRow() throws SQLException {
        try (TursoDataSource wal = open("modes.db", "")) {
            assertThat(wal.getJournalMode()).isEqualTo(TursoJournalMode.WAL);
            new JdbcTemplate(wal).execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            new JdbcTemplate(wal).update("INSERT INTO t (v) VALUES ('written in wal')");
        }
        try (TursoDataSource mvcc = open("modes.db", "?journal_mode=mvcc")) {
            assertThat(mvcc.getJournalMode()).isEqualTo(TursoJournalMode.MVCC);
            assertThat(journalMode(mvcc)).isEqualTo("mvcc");
            new JdbcTemplate(mvcc).update("INSERT INTO t (v) VALUES ('written in mvcc')");
        }
        try (TursoDataSource reopened = open("modes.db", "")) {
            assertThat(reopened.getJournalMode()).as("the file keeps its mode").isEqualTo(TursoJournalMode.MVCC);
        }
        try (TursoDataSource back = open("modes.db", "?journal_mode=wal")) {
            assertThat(journalMode(back)).isEqualTo("wal");
            JdbcTemplate jdbc = new JdbcTemplate(back);
            assertThat(jdbc.queryForList("SELECT v FROM t ORDER BY id", String.class))
                .containsExactly("written in wal", "written in mvcc");
            assertThat(jdbc.queryForObject("PRAGMA integrity_check", String.class)).isEqualTo("ok");
        }
    }

    @Test
    void writersOfDifferentRowsRunSideBySide() throws SQLException {
        try (TursoDataSource dataSource = open("side.db", "?journal_mode=mvcc");
                Connection first = dataSource.getConnection(); Connection second = dataSource.getConnection()) {
            new JdbcTemplate(dataSource).execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)");
            new JdbcTemplate(dataSource).update("INSERT INTO t VALUES (1, 0), (2, 0)");
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            // Both transactions hold uncommitted writes at once: in WAL mode the second would wait for the lock.
            update(first, "UPDATE t SET v = 1 WHERE id = 1");
            update(second, "UPDATE t SET v = 2 WHERE id = 2");
            first.commit();
            second.commit();
            assertThat(new JdbcTemplate(dataSource).queryForList("SELECT v FROM t ORDER BY id", Integer.class)).containsExactly(1, 2);
        }
    }

    private static void update(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    @Test
    void aWriteConflictIs40001AndTheTransactionMustBeRolledBack() throws SQLException {
        try (TursoDataSource dataSource = open("conflict.db", "?journal_mode=mvcc");
                Connection first = dataSource.getConnection(); Connection second = dataSource.getConnection()) {
            new JdbcTemplate(dataSource).execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)");
            new JdbcTemplate(dataSource).update("INSERT INTO t VALUES (1, 0)");
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            update(first, "UPDATE t SET v = v + 1 WHERE id = 1");
            SQLTransactionRollbackException conflict = org.junit.jupiter.api.Assertions.assertThrows(
                    SQLTransactionRollbackException.class, () -> update(second, "UPDATE t SET v = v + 10 WHERE id = 1"));
            assertThat(conflict.getSQLState()).isEqualTo("40001");
            assertThat(TursoErrorCode.of(conflict)).isEqualTo(TursoErrorCode.BUSY_SNAPSHOT);
            assertThat(conflict.getMessage()).contains("conflict");
            assertThat(dataSource.getWriteConflicts()).isEqualTo(1);

            assertThatExceptionOfType(SQLException.class).isThrownBy(() -> update(second, "UPDATE t SET v = 99"))
                .withMessageContaining("rolled back by a write conflict").withMessageContaining("call rollback()");
            assertThatExceptionOfType(SQLTransactionRollbackException.class).isThrownBy(second::commit)
                .withMessageContaining("nothing was committed");
            second.rollback();

            first.commit();
            update(second, "UPDATE t SET v = v + 10 WHERE id = 1");
            second.commit();
            assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT v FROM t", Integer.class)).isEqualTo(11);
        }
    }

    @Test
    void readModifyWriteTransactionsRetriedOnConflictEndExact() throws Exception {
        int threads = 8;
        int transactions = 100;
        try (TursoDataSource dataSource = open("counters.db", "?journal_mode=mvcc")) {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            jdbc.execute("CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
            jdbc.update("INSERT INTO counters VALUES (1, 0), (2, 0), (3, 0)");
            AtomicInteger conflicts = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    try (Connection connection = dataSource.getConnection()) {
                        connection.setAutoCommit(false);
                        for (int i = 0; i < transactions; i++) {
                            long counter = 1 + ThreadLocalRandom.current().nextInt(3);
                            while (true) {
                                try {
                                    long n;
                                    try (var read = connection.prepareStatement("SELECT n FROM counters WHERE id = ?")) {
                                        read.setLong(1, counter);
                                        try (var rs = read.executeQuery()) {
                                            rs.next();
                                            n = rs.getLong(1);
                                        }
                                    }
                                    try (var write = connection.prepareStatement("UPDATE counters SET n = ? WHERE id = ?")) {
                                        write.setLong(1, n + 1);
                                        write.setLong(2, counter);
                                        write.executeUpdate();
                                    }
                                    connection.commit();
                                    break;
                                }
                                catch (SQLTransactionRollbackException conflict) {
                                    conflicts.incrementAndGet();
                                    connection.rollback();
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertThat(jdbc.queryForObject("SELECT sum(n) FROM counters", Long.class)).isEqualTo((long) threads * transactions);
            assertThat(conflicts.get()).as("conflicts happened and were retried").isPositive();
        }
    }

    @Test
    void whatMvccCannotDoIsAClearError() throws SQLException {
        try (TursoDataSource dataSource = open("limits.db", "?journal_mode=mvcc");
                Connection connection = dataSource.getConnection()) {
            update(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            update(connection, "CREATE INDEX t_v ON t (v)");
            assertThatExceptionOfType(SQLException.class).isThrownBy(() -> update(connection, "REINDEX t_v"))
                .withMessageContaining("REINDEX is not supported in MVCC mode");
            assertThatExceptionOfType(SQLException.class)
                .isThrownBy(() -> update(connection, "CREATE VIRTUAL TABLE series USING generate_series"))
                .withMessageContaining("Virtual tables are not supported in MVCC mode");
        }
        assertThatExceptionOfType(SQLException.class)
            .isThrownBy(() -> new TursoDataSource(TursoConfig.forPath(this.dir.resolve("replica.db").toString())
                .withJournalMode(TursoJournalMode.MVCC)
                .withRemoteUrl("http://127.0.0.1:9")))
            .withMessageContaining("journal_mode=mvcc is not supported for an embedded replica");
        assertThatExceptionOfType(SQLException.class).isThrownBy(() -> open("bad.db", "?journal_mode=delete"))
            .withMessageContaining("expected wal or mvcc");
    }

    @Test
    void killedDuringConcurrentCommitsLosesNoAcknowledgedCommit() throws Exception {
        Path file = this.dir.resolve("crash.db");
        try (TursoDataSource dataSource = new TursoDataSource("jdbc:turso:" + file + "?journal_mode=mvcc")) {
            new JdbcTemplate(dataSource).execute("CREATE TABLE acks (id TEXT PRIMARY KEY, payload TEXT)");
        }
        Set<String> acked = new HashSet<>();
        for (int round = 0; round < 5; round++) {
            acked.addAll(killWhileCommitting(file, round));
            try (TursoDataSource dataSource = new TursoDataSource("jdbc:turso:" + file)) {
                JdbcTemplate jdbc = new JdbcTemplate(dataSource);
                assertThat(dataSource.getJournalMode()).isEqualTo(TursoJournalMode.MVCC);
                assertThat(jdbc.queryForObject("PRAGMA integrity_check", String.class)).as("round %d", round).isEqualTo("ok");
                assertThat(new HashSet<>(jdbc.queryForList("SELECT id FROM acks", String.class)))
                    .as("round %d: acknowledged commits kept", round).containsAll(acked);
            }
        }
        assertThat(acked).hasSizeGreaterThan(50);
    }

    /** Lets a worker commit for a random moment after its first acknowledgement, then kills it. */
    private List<String> killWhileCommitting(Path file, int round) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process worker = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                MvccCrashWorker.class.getName(), file.toString(), String.valueOf(round))
            .redirectErrorStream(true)
            .start();
        List<String> acked = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstAck = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("ACK ")) {
                        acked.add(line.substring(4));
                        firstAck.countDown();
                    }
                }
            }
            catch (java.io.IOException ex) {
                // the worker is gone
            }
        });
        reader.start();
        try {
            assertThat(firstAck.await(60, TimeUnit.SECONDS)).as("round %d: the worker committed", round).isTrue();
            Thread.sleep(ThreadLocalRandom.current().nextInt(50, 400));
        }
        finally {
            worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL
            reader.join(10_000);
        }
        return new ArrayList<>(acked);
    }
}
