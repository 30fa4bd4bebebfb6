package dev.turso4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Several threads on one file: no lost rows, no crash whatever the order of use and close, and no
 * core burnt while waiting for a lock.
 */
class ConcurrencyTest {

    @TempDir
    Path dir;

    @Test
    void eightThreadsOnEightPooledConnectionsLoseNoRow() throws Exception {
        try (TursoDataSource turso = new TursoDataSource("jdbc:turso:" + this.dir.resolve("c.db") + "?busy_timeout=30000")) {
            HikariConfig config = new HikariConfig();
            config.setDataSource(turso);
            config.setMaximumPoolSize(8);
            try (HikariDataSource pool = new HikariDataSource(config)) {
                JdbcTemplate jdbc = new JdbcTemplate(pool);
                jdbc.execute("CREATE TABLE r (thread INTEGER, n INTEGER)");
                ExecutorService threads = Executors.newFixedThreadPool(8);
                try {
                    List<Future<?>> done = new ArrayList<>();
                    for (int t = 0; t < 8; t++) {
                        int thread = t;
                        done.add(threads.submit(() -> {
                            for (int n = 0; n < 200; n++) {
                                jdbc.update("INSERT INTO r (thread, n) VALUES (?, ?)", thread, n);
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : done) {
                        f.get(2, TimeUnit.MINUTES);
                    }
                }
                finally {
                    stop(threads);
                }
                assertThat(jdbc.queryForObject("SELECT count(*) FROM r", Long.class)).isEqualTo(1600);
                assertThat(jdbc.queryForObject("SELECT count(DISTINCT thread * 1000 + n) FROM r", Long.class)).isEqualTo(1600);
            }
        }
    }

    @Test
    void closingFromAnotherThreadInAnyOrderNeverCrashes() throws Exception {
        try (TursoDataSource turso = new TursoDataSource("jdbc:turso:" + this.dir.resolve("x.db"))) {
            try (Connection c = turso.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE x (v)");
                s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) "
                        + "INSERT INTO x SELECT i FROM n");
            }
            ExecutorService closer = Executors.newSingleThreadExecutor();
            try {
                closeInEveryOrder(turso, closer);
            }
            finally {
                stop(closer);
            }
        }
    }

    private static void closeInEveryOrder(TursoDataSource turso, ExecutorService closer) throws Exception {
        for (int round = 0; round < 50; round++) {
            Connection c = turso.getConnection();
            PreparedStatement ps = c.prepareStatement("SELECT v FROM x");
            ps.setFetchSize(10);
            ResultSet rs = ps.executeQuery();
            CountDownLatch started = new CountDownLatch(1);
            int order = round % 3;
            Future<?> closing = closer.submit(() -> {
                started.await();
                if (order == 0) {
                    c.close();
                }
                else if (order == 1) {
                    ps.close();
                }
                else {
                    rs.close();
                }
                return null;
            });
            started.countDown();
            try {
                while (rs.next()) {
                    rs.getLong(1);
                }
            }
            catch (SQLException expected) {
                assertThat(expected.getMessage()).contains("closed");
            }
            closing.get(1, TimeUnit.MINUTES);
            c.close();
            c.close();
            ps.close();
            rs.close();
        }
    }

    private static void stop(ExecutorService executor) throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).as("the test's threads stop").isTrue();
    }

    @Test
    void waitingForALockSleepsInsteadOfSpinning() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (TursoDataSource turso = new TursoDataSource("jdbc:turso:" + this.dir.resolve("b.db") + "?busy_timeout=1500");
                Connection holder = turso.getConnection(); Connection waiter = turso.getConnection()) {
            holder.createStatement().execute("CREATE TABLE b (v)");
            holder.setAutoCommit(false);
            holder.createStatement().execute("INSERT INTO b VALUES (1)");
            AtomicLong cpu = new AtomicLong();
            AtomicLong wall = new AtomicLong();
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread thread = new Thread(() -> {
                long cpu0 = mx.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                try {
                    waiter.createStatement().execute("INSERT INTO b VALUES (2)");
                }
                catch (Throwable ex) {
                    outcome.set(ex);
                }
                cpu.set(mx.getCurrentThreadCpuTime() - cpu0);
                wall.set(System.nanoTime() - wall0);
            });
            thread.start();
            thread.join();
            holder.rollback();
            // The holder never lets go: BUSY after the timeout.
            assertThat(outcome.get()).as("the waiter's insert").isInstanceOf(SQLException.class)
                .satisfies((ex) -> assertThat(TursoErrorCode.of(ex)).isEqualTo(TursoErrorCode.BUSY));
            assertThat(wall.get()).isGreaterThan(1_400_000_000L);
            assertThat(cpu.get()).as("CPU time while waiting 1.5 s for a lock").isLessThan(150_000_000L);
        }
    }
}
