package dev.turso4j.benchmarks;

import dev.turso4j.jdbc.TursoConfig;
import dev.turso4j.jdbc.TursoDataSource;
import dev.turso4j.jdbc.TursoErrorCode;
import dev.turso4j.jdbc.TursoJournalMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Workload 12: {@code threads} writers, each on its own JDBC connection (from the unpooled data
 * source, as workload 5's raw sides; statements prepared once per thread), each committing small
 * read-write transactions in a loop: read a counter, write it back plus one, insert a ledger row,
 * commit. {@code hotPercent}% of the transactions work on one of {@link Data#CW_HOT_ROWS} shared
 * counters, the rest on a counter of the thread's own. A write conflict (SQLState 40001, MVCC
 * only) is rolled back and the transaction run again after TursoTemplate.inTransaction's default
 * back-off (5 ms, doubling per retry, jittered down to half), counted; with no back-off a retry
 * conflicts again while the winner waits for its fsync, and retries outnumber commits.
 *
 * <p>Timed as the native harness times {@code concurrent_throughput}: the writers run until told to
 * stop; this thread reads the shared commit counter at the iteration boundaries, so a writer
 * waiting for a lock cannot stretch an iteration. Runs in the suite's JVM (no JMH): the work is
 * fsync-bound, and the JIT is warm after the first point.
 */
final class ConcurrentWrites {

    /** The Java sides of workload 12. */
    static final List<String> SIDES = List.of("turso4j-mvcc", "turso4j-wal", "xerial-jdbc");

    /** Writers wait for the write lock as long as it takes (workload 5's timeout, on every side). */
    static final Duration BUSY_TIMEOUT = Databases.MIXED_BUSY_TIMEOUT;

    /** The first back-off after a conflict: TursoTemplate.inTransaction's default. */
    static final Duration RETRY_BACKOFF = Duration.ofMillis(5);

    /** TursoTemplate.inTransaction's default retry budget: transactions that needed more are counted. */
    static final int TEMPLATE_MAX_RETRIES = 5;

    private ConcurrentWrites() {
    }

    /**
     * What one run measured.
     * @param samples commits per second of each measured iteration
     * @param commits commits during the measured iterations
     * @param conflicts write conflicts (each rolled back and retried) during the measured iterations
     * @param overBudget transactions committed during the measured iterations after more than
     * {@link #TEMPLATE_MAX_RETRIES} retries (TursoTemplate.inTransaction would have given up)
     * @param busyWaits statements that waited for the lock during the measured iterations; -1 when
     * the driver does not count them (sqlite-jdbc: SQLite's busy handler waits inside the engine)
     * @param journalMode and {@code synchronous}: as the side's first connection reported them
     */
    record Outcome(double[] samples, long commits, long conflicts, long overBudget, long busyWaits, String journalMode,
            String synchronous) {
    }

    static DataSource open(String side, Path file) throws SQLException {
        return switch (side) {
            case "turso4j-mvcc" -> new TursoDataSource(TursoConfig.forPath(file.toString())
                .withJournalMode(TursoJournalMode.MVCC)
                .withBusyTimeout(BUSY_TIMEOUT));
            // The default: WAL, BEGIN IMMEDIATE. synchronous is the engine's default (FULL); nothing sets it.
            case "turso4j-wal" -> new TursoDataSource(TursoConfig.forPath(file.toString()).withBusyTimeout(BUSY_TIMEOUT));
            case "xerial-jdbc" -> {
                SQLiteConfig config = new SQLiteConfig();
                config.setJournalMode(SQLiteConfig.JournalMode.WAL);
                config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
                config.setBusyTimeout((int) BUSY_TIMEOUT.toMillis());
                config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
                SQLiteDataSource ds = new SQLiteDataSource(config);
                ds.setUrl("jdbc:sqlite:" + file);
                yield ds;
            }
            default -> throw new IllegalArgumentException("unknown side " + side);
        };
    }

    static Outcome measure(String side, Path dir, int threads, int hotPercent, int warmup, int iterations,
            Duration time) throws Exception {
        DataSource ds = open(side, dir.resolve("concurrent_writes.db"));
        try {
            String journalMode;
            String synchronous;
            try (Connection c = ds.getConnection()) {
                journalMode = scalar(c, "PRAGMA journal_mode");
                synchronous = scalar(c, "PRAGMA synchronous");
                String expected = side.equals("turso4j-mvcc") ? "mvcc" : "wal";
                if (!expected.equalsIgnoreCase(journalMode) || !"2".equals(synchronous)) {
                    throw new IllegalStateException(side + ": journal_mode " + journalMode + ", synchronous " + synchronous
                            + "; expected " + expected + " and 2 (FULL)");
                }
                setUp(c);
            }
            LongAdder commits = new LongAdder();
            LongAdder conflicts = new LongAdder();
            LongAdder overBudget = new LongAdder();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch ready = new CountDownLatch(threads);
            Writer[] writers = new Writer[threads];
            List<Thread> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                writers[t] = new Writer(ds, t, hotPercent, commits, conflicts, overBudget, ready, failure);
                Thread thread = new Thread(writers[t], "concurrent-writes-" + t);
                thread.start();
                running.add(thread);
            }
            double[] samples = new double[iterations];
            long[] before = new long[4];
            long[] end = new long[4];
            try {
                if (!ready.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("writers did not start");
                }
                Thread.sleep(time.toMillis() * warmup);
                before[0] = commits.sum();
                before[1] = conflicts.sum();
                before[2] = busyWaits(ds);
                before[3] = overBudget.sum();
                for (int i = 0; i < iterations; i++) {
                    long start = System.nanoTime();
                    long first = commits.sum();
                    Thread.sleep(time.toMillis());
                    long last = commits.sum();
                    samples[i] = (last - first) / ((System.nanoTime() - start) / 1e9);
                }
                end[0] = commits.sum();
                end[1] = conflicts.sum();
                end[2] = busyWaits(ds);
                end[3] = overBudget.sum();
            }
            finally {
                for (Writer w : writers) {
                    if (w != null) {
                        w.stop = true;
                    }
                }
                for (Thread thread : running) {
                    thread.join(120_000);
                    if (thread.isAlive()) {
                        throw new IllegalStateException(thread.getName() + " did not stop");
                    }
                }
            }
            if (failure.get() != null) {
                throw new IllegalStateException(side + " failed: " + failure.get(), failure.get());
            }
            check(ds, commits.sum());
            return new Outcome(samples, end[0] - before[0], end[1] - before[1], end[3] - before[3],
                    (before[2] < 0) ? -1 : end[2] - before[2],
                    journalMode, synchronous);
        }
        finally {
            Databases.close(ds);
        }
    }

    private static long busyWaits(DataSource ds) throws SQLException {
        return (ds instanceof TursoDataSource turso) ? turso.getBusyCounters()[0] : -1;
    }

    private static void setUp(Connection c) throws SQLException {
        Databases.execute(c, Data.CW_CREATE_COUNTERS);
        Databases.execute(c, Data.CW_CREATE_LEDGER);
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO counters (id, n) VALUES (?, 0)")) {
            for (int id = 1; id <= Data.CW_HOT_ROWS + Data.CW_MAX_THREADS * Data.CW_ROWS_PER_THREAD; id++) {
                insert.setLong(1, id);
                insert.executeUpdate();
            }
        }
        c.commit();
        c.setAutoCommit(true);
    }

    /** Every commit took its counter up by one and logged it: the counters sum to the ledger's rows. */
    private static void check(DataSource ds, long commits) throws SQLException {
        try (Connection c = ds.getConnection()) {
            long total = Long.parseLong(scalar(c, "SELECT sum(n) FROM counters"));
            long logged = Long.parseLong(scalar(c, "SELECT count(*) FROM ledger"));
            if (total != commits || logged != commits) {
                throw new IllegalStateException("counters sum to " + total + ", the ledger has " + logged
                        + " rows, writers committed " + commits);
            }
        }
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? String.valueOf(rs.getObject(1)) : null;
        }
    }

    static boolean isConflict(SQLException ex) {
        return TursoErrorCode.of(ex) == TursoErrorCode.BUSY_SNAPSHOT || "40001".equals(ex.getSQLState());
    }

    /** One writer thread: its own connection, statements prepared once. */
    static final class Writer implements Runnable {

        private final DataSource ds;

        private final int thread;

        private final int hotPercent;

        private final LongAdder commits;

        private final LongAdder conflicts;

        private final LongAdder overBudget;

        private final CountDownLatch ready;

        private final AtomicReference<Throwable> failure;

        volatile boolean stop;

        Writer(DataSource ds, int thread, int hotPercent, LongAdder commits, LongAdder conflicts, LongAdder overBudget,
                CountDownLatch ready, AtomicReference<Throwable> failure) {
            this.ds = ds;
            this.thread = thread;
            this.hotPercent = hotPercent;
            this.commits = commits;
            this.conflicts = conflicts;
            this.overBudget = overBudget;
            this.ready = ready;
            this.failure = failure;
        }

        @Override
        public void run() {
            boolean counted = false;
            try (Connection c = this.ds.getConnection();
                    PreparedStatement read = c.prepareStatement(Data.CW_SQL_READ);
                    PreparedStatement update = c.prepareStatement(Data.CW_SQL_UPDATE);
                    PreparedStatement log = c.prepareStatement(Data.CW_SQL_LOG)) {
                c.setAutoCommit(false);
                Data.Rng rng = new Data.Rng(Data.SEED_CONCURRENT + this.thread);
                this.ready.countDown();
                counted = true;
                for (long seq = 0; !this.stop && this.failure.get() == null; seq++) {
                    long counter = Data.cwCounter(rng, this.thread, this.hotPercent);
                    long ledgerId = Data.cwLedgerId(this.thread, seq);
                    for (int retry = 0;; retry++) {
                        try {
                            transaction(c, read, update, log, counter, ledgerId);
                            if (retry > TEMPLATE_MAX_RETRIES) {
                                this.overBudget.increment();
                            }
                            break;
                        }
                        catch (SQLException ex) {
                            if (retry >= 100_000 || !isConflict(ex)) {
                                throw ex;
                            }
                            this.conflicts.increment();
                            c.rollback();
                            backOff(retry);
                        }
                    }
                    this.commits.increment();
                }
            }
            catch (Throwable ex) {
                this.failure.compareAndSet(null, ex);
            }
            finally {
                if (!counted) {
                    this.ready.countDown();
                }
            }
        }

        /**
         * TursoTemplate.inTransaction's back-off: {@link #RETRY_BACKOFF} doubled per retry (here capped
         * at 32 times), a random point in its upper half.
         */
        static void backOff(int retry) throws InterruptedException {
            long full = RETRY_BACKOFF.toNanos() << Math.min(retry, 5);
            TimeUnit.NANOSECONDS.sleep(full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1));
        }

        /** Read the counter, write it back plus one, log the change, commit. */
        private static void transaction(Connection c, PreparedStatement read, PreparedStatement update,
                PreparedStatement log, long counter, long ledgerId) throws SQLException {
            long n;
            read.setLong(1, counter);
            try (ResultSet rs = read.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no counter " + counter);
                }
                n = rs.getLong(1);
            }
            update.setLong(1, n + 1);
            update.setLong(2, counter);
            update.executeUpdate();
            log.setLong(1, ledgerId);
            log.setLong(2, counter);
            log.setLong(3, n + 1);
            log.executeUpdate();
            c.commit();
        }
    }
}
