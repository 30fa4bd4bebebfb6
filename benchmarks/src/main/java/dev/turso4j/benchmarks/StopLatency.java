package dev.turso4j.benchmarks;

import dev.turso4j.jdbc.TursoConfig;
import dev.turso4j.jdbc.TursoDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Workload 10: how promptly a running scan stops. A join that no index can help (100,000 x
 * 100,000 rows, far longer than any round) runs on one thread; after 20 to 60 ms another thread
 * calls {@code cancel()}, and the time until the scanning thread holds its {@code SQLTimeoutException}
 * is one sample. Then the same scan with a 1 s query timeout: how far past it the statement ends.
 */
final class StopLatency {

    private static final int ROWS = 100_000;

    private static final String RUNAWAY_SCAN = "SELECT count(*) FROM stop_rows a, stop_rows b WHERE a.k + b.k < 0";

    private StopLatency() {
    }

    /** @return {@code cancel_count}, {@code cancel_p50_us}, ..., {@code timeout_overshoot_max_ms} */
    static Map<String, String> measure(Path dir, int cancels, int timeouts) throws Exception {
        Map<String, String> results = new LinkedHashMap<>();
        try (TursoDataSource turso = new TursoDataSource(TursoConfig.forPath(dir.resolve("stop.db").toString()));
                Connection c = turso.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE stop_rows (id INTEGER PRIMARY KEY, k INTEGER)");
            s.execute("INSERT INTO stop_rows (k) SELECT value % 1000 FROM generate_series(1, " + ROWS + ")");
            long[] latencies = new long[cancels];
            for (int i = 0; i < cancels; i++) {
                latencies[i] = cancelOnce(s);
            }
            Arrays.sort(latencies);
            results.put("cancel_count", String.valueOf(cancels));
            results.put("cancel_p50_us", String.valueOf(latencies[cancels / 2] / 1000));
            results.put("cancel_p90_us", String.valueOf(latencies[(int) (cancels * 0.9)] / 1000));
            results.put("cancel_max_us", String.valueOf(latencies[cancels - 1] / 1000));
            long worst = 0;
            s.setQueryTimeout(1);
            for (int i = 0; i < timeouts; i++) {
                long started = System.nanoTime();
                expectStopped(s);
                worst = Math.max(worst, (System.nanoTime() - started) / 1_000_000 - 1000);
            }
            results.put("timeout_count", String.valueOf(timeouts));
            results.put("timeout_overshoot_max_ms", String.valueOf(worst));
        }
        return results;
    }

    /** @return nanoseconds from the cancel() call to the scanning thread holding its exception */
    private static long cancelOnce(Statement s) throws Exception {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<Long> scan = CompletableFuture.supplyAsync(() -> {
            try {
                started.countDown();
                expectStopped(s);
                return System.nanoTime();
            }
            catch (SQLException ex) {
                throw new IllegalStateException(ex);
            }
        });
        started.await();
        // Well past the microseconds the statement needs to start executing.
        Thread.sleep(ThreadLocalRandom.current().nextInt(20, 61));
        long cancelledAt = System.nanoTime();
        s.cancel();
        return scan.get(30, java.util.concurrent.TimeUnit.SECONDS) - cancelledAt;
    }

    private static void expectStopped(Statement s) throws SQLException {
        try {
            s.executeQuery(RUNAWAY_SCAN).close();
            throw new IllegalStateException("the scan finished before it was stopped");
        }
        catch (SQLTimeoutException expected) {
            // stopped, as asked
        }
    }
}
