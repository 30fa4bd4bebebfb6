package dev.turso4j.benchmarks;

import dev.turso4j.jdbc.TursoErrorCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Workload 5: four threads, 80% point reads and 20% single-row updates in autocommit, over a pool of
 * four (template sides: one HikariCP pool of 4 shared by the threads; raw sides: one connection per
 * thread, statements prepared once). Every side waits for the write lock up to 60 s.
 *
 * <p>A stale-snapshot error (turso's BUSY_SNAPSHOT, which SQLite resolves inside the engine for an
 * autocommit statement) is retried here, and counted: the count goes to the report.
 */
@State(Scope.Benchmark)
@Threads(Data.MIXED_THREADS)
public class Mixed {

    @Param({ "turso4j-jdbc", "turso4j-template", "TursoTemplate", "xerial-jdbc", "xerial-template" })
    public String side;

    Fixture fx;

    /** Retries after BUSY_SNAPSHOT over the whole trial; written at tear-down for the suite's report. */
    final AtomicLong snapshotRetries = new AtomicLong();

    final AtomicLong threadIds = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        this.fx = new Fixture(this.side, "mixed", Databases.MIXED_BUSY_TIMEOUT, false);
        this.fx.setup((c) -> Databases.loadRows5(c, "point_rows", Data.rows5(Data.SEED_POINT, Data.POINT_ROWS)));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        try {
            String notes = "snapshot retries\t" + this.snapshotRetries.get() + "\n";
            if (this.fx.unpooled instanceof dev.turso4j.jdbc.TursoDataSource turso) {
                long[] busy = turso.getBusyCounters();
                notes += "busy waits\t" + busy[0] + "\nbusy timeouts\t" + busy[1] + "\n";
            }
            java.nio.file.Files.writeString(Databases.workDir().resolve("mixed-" + this.side + ".notes"), notes);
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        this.fx.close();
    }

    /** Per thread: its own connection and statements on the raw sides, its own random stream. */
    @State(Scope.Thread)
    public static class Worker {

        Connection conn;

        PreparedStatement read;

        PreparedStatement update;

        Data.Rng rng;

        @Setup(Level.Trial)
        public void setUp(Mixed shared) throws SQLException {
            this.rng = new Data.Rng(Data.SEED_MIXED + shared.threadIds.getAndIncrement());
            if (!shared.fx.side.pooled) {
                this.conn = shared.fx.unpooled.getConnection();
                this.read = this.conn.prepareStatement(Data.SQL_POINT);
                this.update = this.conn.prepareStatement(Data.SQL_UPDATE);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws SQLException {
            if (this.conn != null) {
                this.read.close();
                this.update.close();
                this.conn.close();
            }
        }
    }

    @Benchmark
    public Object readOrUpdate(Worker w) throws Exception {
        long id = 1 + w.rng.below(Data.POINT_ROWS);
        boolean write = w.rng.below(100) < Data.MIXED_UPDATE_PERCENT;
        if (this.fx.turso != null) {
            return retrying(() -> write ? (Object) this.fx.turso.execute(Data.SQL_UPDATE, id)
                    : this.fx.turso.query(Data.SQL_POINT, Fixture.ROW5, id).get(0));
        }
        if (w.conn == null) {
            return retrying(() -> write ? (Object) this.fx.jdbc.update(Data.SQL_UPDATE, id)
                    : this.fx.jdbc.queryForObject(Data.SQL_POINT, Fixture.ROW5, id));
        }
        return retrying(() -> {
            if (write) {
                w.update.setLong(1, id);
                return w.update.executeUpdate();
            }
            w.read.setLong(1, id);
            try (ResultSet rs = w.read.executeQuery()) {
                rs.next();
                return Fixture.row5(rs);
            }
        });
    }

    private Object retrying(Callable<Object> call) throws Exception {
        for (int attempt = 0;; attempt++) {
            try {
                return call.call();
            }
            catch (Exception ex) {
                if (attempt < 1000 && TursoErrorCode.of(ex) == TursoErrorCode.BUSY_SNAPSHOT) {
                    this.snapshotRetries.incrementAndGet();
                    continue;
                }
                throw ex;
            }
        }
    }
}
