package dev.turso4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.turso4j.bridge.Native;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JDBC misuse from many threads at once: random calls on shared connections, statements and result
 * sets, closed in any order, while others still use them. Every call must succeed or throw an
 * SQLException; nothing may hang, leak a native object or damage the database.
 *
 * <p>Seeded: a failure prints its seed; rerun it with {@code -Dturso4j.misuse.seed=<seed>}. The
 * thread interleaving is not reproducible, but the sequence of calls of each thread is.
 */
class ConcurrentMisuseTest {

    private static final int THREADS = 8;

    private static final int CALLS = 20_000;

    /** Calls stop being issued after this long, so a slow machine shortens the run instead of failing it. */
    private static final long ISSUE_MILLIS = 20_000;

    /** Threads not done this long after the last call was issued are taken for a deadlock. */
    private static final long FINISH_SECONDS = 60;

    private static final String SELECT = "SELECT id, v, n FROM t WHERE id > ? ORDER BY id";

    private static final String INSERT = "INSERT INTO t (v, n) VALUES (?, ?)";

    private static final String UPDATE = "UPDATE t SET n = n + 1 WHERE id = ?";

    private static final String DELETE = "DELETE FROM t WHERE id = ?";

    private static final String[] TEXTS = { "SELECT id, v, n FROM t ORDER BY id", "SELECT count(*) FROM t",
            "UPDATE t SET n = n - 1 WHERE id % 7 = 0", "INSERT INTO t (v, n) VALUES ('x', 1)",
            "UPDATE t SET n = 0 WHERE id = 1; UPDATE t SET n = 1 WHERE id = 2", "SELEC nothing",
            "SELECT * FROM missing" };

    @TempDir
    Path dir;

    private TursoDataSource dataSource;

    private final AtomicReferenceArray<Connection> connections = new AtomicReferenceArray<>(3);

    private final AtomicReferenceArray<Held> statements = new AtomicReferenceArray<>(6);

    private final AtomicReferenceArray<ResultSet> resultSets = new AtomicReferenceArray<>(6);

    /** Everything ever opened, closed at the end whatever state the run left it in. */
    private final Queue<AutoCloseable> opened = new ConcurrentLinkedQueue<>();

    private final Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();

    private final AtomicInteger sqlExceptions = new AtomicInteger();

    /** A shared statement and the number of parameters its SQL takes (-1: a plain statement). */
    private record Held(Statement statement, int parameters) {
    }

    @Test
    void randomCallsFromEightThreadsOnSharedObjectsFailOnlyWithSqlExceptions() throws Exception {
        long seed = Long.getLong("turso4j.misuse.seed", System.nanoTime());
        Native.ensureLoaded();
        long baseline = Native.liveObjects();
        this.dataSource = new TursoDataSource("jdbc:turso:" + this.dir.resolve("misuse.db") + "?busy_timeout=50");
        try (Connection c = this.dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, n INTEGER)");
            s.execute("WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 200) "
                    + "INSERT INTO t (v, n) SELECT 'v' || i, i FROM k");
        }

        AtomicInteger callsLeft = new AtomicInteger(CALLS);
        long stopIssuingAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ISSUE_MILLIS);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS, (task) -> {
            Thread thread = new Thread(task, "misuse");
            thread.setDaemon(true); // a deadlocked run fails the test and must not keep the JVM alive
            return thread;
        });
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(seed + t);
            done.add(threads.submit(() -> {
                while (System.nanoTime() < stopIssuingAt && callsLeft.getAndDecrement() > 0) {
                    call(random);
                }
            }));
        }
        try {
            long finishBy = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ISSUE_MILLIS)
                    + TimeUnit.SECONDS.toNanos(FINISH_SECONDS);
            for (Future<?> thread : done) {
                try {
                    thread.get(Math.max(0, finishBy - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
                catch (TimeoutException ex) {
                    fail("seed " + seed + ": threads still running " + FINISH_SECONDS + " s after the last call was "
                            + "issued (deadlock?)\n" + threadDump());
                }
            }
        }
        finally {
            threads.shutdownNow();
            threads.awaitTermination(30, TimeUnit.SECONDS);
        }
        assertThat(threads.isTerminated()).as("seed %d: the test's threads stop", seed).isTrue();
        int issued = CALLS - Math.max(callsLeft.get(), 0);
        System.out.printf("seed %d: %d calls by %d threads, %d SQLExceptions%n", seed, issued, THREADS,
                this.sqlExceptions.get());

        List<AutoCloseable> all = new ArrayList<>(this.opened);
        Collections.shuffle(all, new Random(seed));
        for (AutoCloseable closeable : all) {
            try {
                closeable.close();
            }
            catch (SQLException expected) {
                // closing may report the rollback it did; the object must still end closed
            }
            catch (Throwable ex) {
                this.unexpected.add(ex);
            }
        }
        assertNothingUnexpected(seed);
        for (AutoCloseable closeable : all) {
            assertThat(isClosed(closeable)).as("seed %d: %s closed", seed, closeable).isTrue();
        }

        try (Connection c = this.dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as("seed %d", seed).isEqualTo("ok");
            }
            s.executeUpdate("INSERT INTO t (v, n) VALUES ('after', 0)");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM t WHERE v = 'after'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
        }
        this.dataSource.close();
        // Everything was closed explicitly: no native object may be left for the Cleaner to find.
        assertThat(Native.liveObjects()).as("seed %d: native objects alive after closing everything", seed)
            .isLessThanOrEqualTo(baseline);
    }

    private void assertNothingUnexpected(long seed) {
        if (this.unexpected.isEmpty()) {
            return;
        }
        StringWriter traces = new StringWriter();
        PrintWriter out = new PrintWriter(traces);
        out.printf("seed %d (rerun with -Dturso4j.misuse.seed=%d): %d calls threw something other than an "
                + "SQLException; one of each kind:%n", seed, seed, this.unexpected.size());
        Map<String, Throwable> kinds = new LinkedHashMap<>();
        for (Throwable ex : this.unexpected) {
            StackTraceElement[] stack = ex.getStackTrace();
            kinds.putIfAbsent(ex.getClass().getName() + ((stack.length > 0) ? " at " + stack[0] : ""), ex);
        }
        kinds.values().forEach((ex) -> ex.printStackTrace(out));
        out.flush();
        fail(traces.toString());
    }

    private static boolean isClosed(AutoCloseable closeable) throws SQLException {
        if (closeable instanceof Connection c) {
            return c.isClosed();
        }
        return (closeable instanceof Statement s) ? s.isClosed() : ((ResultSet) closeable).isClosed();
    }

    private static String threadDump() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().equals("misuse")) {
                dump.append(thread).append(" ").append(thread.getState()).append('\n');
                for (StackTraceElement frame : stack) {
                    dump.append("    at ").append(frame).append('\n');
                }
            }
        });
        return dump.toString();
    }

    /** One random call; an SQLException is an allowed answer, anything else is recorded. */
    private void call(Random random) {
        try {
            switch (random.nextInt(10)) {
                case 0 -> onConnection(random);
                case 1, 2 -> newStatement(random);
                case 3, 4, 5 -> onStatement(random);
                default -> onResultSet(random);
            }
        }
        catch (SQLException expected) {
            this.sqlExceptions.incrementAndGet();
        }
        catch (Throwable ex) {
            this.unexpected.add(ex);
        }
    }

    private Connection connection(Random random) throws SQLException {
        int slot = random.nextInt(this.connections.length());
        Connection c = this.connections.get(slot);
        if (c == null || (c.isClosed() && random.nextInt(4) == 0)) {
            Connection fresh = open(this.dataSource.getConnection());
            if (this.connections.compareAndSet(slot, c, fresh)) {
                return fresh;
            }
            fresh.close();
            return this.connections.get(slot);
        }
        return c;
    }

    private <T extends AutoCloseable> T open(T closeable) {
        this.opened.add(closeable);
        return closeable;
    }

    private void onConnection(Random random) throws SQLException {
        Connection c = connection(random);
        switch (random.nextInt(9)) {
            case 0 -> c.close();
            case 1 -> c.setAutoCommit(random.nextBoolean());
            case 2 -> c.commit();
            case 3 -> c.rollback();
            case 4 -> {
                Savepoint savepoint = c.setSavepoint();
                if (random.nextBoolean()) {
                    c.rollback(savepoint);
                }
                else {
                    c.releaseSavepoint(savepoint);
                }
            }
            case 5 -> {
                try (ResultSet tables = c.getMetaData().getTables(null, null, "%", null)) {
                    while (tables.next()) {
                        tables.getString("TABLE_NAME");
                    }
                }
            }
            case 6 -> c.isValid(0);
            case 7 -> c.setReadOnly(random.nextBoolean());
            default -> c.getAutoCommit();
        }
    }

    private void newStatement(Random random) throws SQLException {
        Connection c = connection(random);
        Held held = switch (random.nextInt(6)) {
            case 0 -> new Held(open(c.createStatement()), -1);
            case 1 -> new Held(open(c.prepareStatement(SELECT)), 1);
            case 2 -> new Held(open(c.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)), 2);
            case 3 -> new Held(open(c.prepareStatement(INSERT)), 2);
            case 4 -> new Held(open(c.prepareStatement(UPDATE)), 1);
            default -> new Held(open(c.prepareStatement(random.nextBoolean() ? DELETE : "SELEC " + random.nextInt())), 1);
        };
        int slot = random.nextInt(this.statements.length());
        Held previous = this.statements.getAndSet(slot, held);
        if (previous != null && random.nextBoolean()) {
            previous.statement().close();
        }
    }

    private void onStatement(Random random) throws SQLException {
        Held held = this.statements.get(random.nextInt(this.statements.length()));
        if (held == null) {
            newStatement(random);
            return;
        }
        Statement s = held.statement();
        switch (random.nextInt(14)) {
            case 0 -> s.close();
            case 1, 2, 3 -> keep(random, execute(random, held) ? s.getResultSet() : null);
            case 12 -> s.cancel(); // whatever another thread runs on it, if anything
            case 13 -> s.setQueryTimeout(random.nextInt(2));
            case 4 -> {
                if (s instanceof PreparedStatement ps) {
                    bind(random, ps, held.parameters());
                    ps.addBatch();
                    bind(random, ps, held.parameters());
                    ps.addBatch();
                }
                else {
                    s.addBatch(TEXTS[2 + random.nextInt(2)]);
                }
                s.executeBatch();
            }
            case 5 -> keep(random, s.getGeneratedKeys());
            case 6 -> keep(random, s.getResultSet());
            case 7 -> {
                if (s instanceof PreparedStatement ps) {
                    ps.clearParameters();
                }
                else {
                    s.clearBatch();
                }
            }
            case 8 -> {
                ResultSetMetaData meta = (s instanceof PreparedStatement ps) ? ps.getMetaData() : null;
                if (meta != null) {
                    meta.getColumnCount();
                    meta.getColumnName(1);
                }
            }
            case 9 -> s.setFetchSize(random.nextInt(4));
            case 10 -> s.setMaxRows(random.nextInt(3) * 50);
            default -> {
                if (random.nextInt(4) == 0) {
                    s.closeOnCompletion();
                }
                s.getUpdateCount();
                s.getConnection().getAutoCommit();
            }
        }
    }

    /** @return whether the execution gave a result set */
    private boolean execute(Random random, Held held) throws SQLException {
        Statement s = held.statement();
        if (s instanceof PreparedStatement ps) {
            bind(random, ps, held.parameters());
            return switch (random.nextInt(3)) {
                case 0 -> ps.execute();
                case 1 -> {
                    ps.executeUpdate();
                    yield false;
                }
                default -> executedQuery(ps.executeQuery());
            };
        }
        String sql = TEXTS[random.nextInt(TEXTS.length)];
        return switch (random.nextInt(3)) {
            case 0 -> s.execute(sql);
            case 1 -> {
                s.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS);
                yield false;
            }
            default -> executedQuery(s.executeQuery(sql));
        };
    }

    private static boolean executedQuery(ResultSet rs) {
        if (rs == null) {
            throw new AssertionError("executeQuery() returned null");
        }
        return true;
    }

    private static void bind(Random random, PreparedStatement ps, int parameters) throws SQLException {
        for (int i = 1; i <= parameters; i++) {
            switch (random.nextInt(3)) {
                case 0 -> ps.setInt(i, random.nextInt(220));
                case 1 -> ps.setString(i, "s" + random.nextInt(50));
                default -> ps.setLong(i, random.nextInt(220));
            }
        }
    }

    private void keep(Random random, ResultSet rs) {
        if (rs != null) {
            this.resultSets.set(random.nextInt(this.resultSets.length()), open(rs));
        }
    }

    private void onResultSet(Random random) throws SQLException {
        ResultSet rs = this.resultSets.get(random.nextInt(this.resultSets.length()));
        if (rs == null) {
            Held held = this.statements.get(random.nextInt(this.statements.length()));
            if (held != null) {
                keep(random, held.statement().getResultSet());
            }
            return;
        }
        switch (random.nextInt(12)) {
            case 0 -> rs.close();
            case 1, 2, 3 -> rs.next();
            case 4 -> rs.getInt(1);
            case 5 -> rs.getString(1 + random.nextInt(3));
            case 6 -> rs.getObject(random.nextInt(4));
            case 7 -> rs.getLong("id");
            case 8 -> {
                ResultSetMetaData meta = rs.getMetaData();
                meta.getColumnTypeName(1 + random.nextInt(Math.max(1, meta.getColumnCount())));
            }
            case 9 -> {
                rs.getBytes(1);
                rs.wasNull();
            }
            case 10 -> {
                rs.getRow();
                rs.isBeforeFirst();
                rs.isAfterLast();
            }
            default -> {
                while (rs.next()) {
                    rs.getDouble(1);
                }
            }
        }
    }
}
