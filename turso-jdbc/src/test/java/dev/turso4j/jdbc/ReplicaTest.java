package dev.turso4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.turso4j.testing.FaultProxy;
import dev.turso4j.testing.SyncServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Embedded replicas against a real sync server ({@link SyncServer}, Turso's own {@code tursodb}):
 * bootstrap, push and pull through the JDBC API, two replicas converging, conflicts, a server that
 * dies and comes back, token rotation, misuse, checkpoints, offline starts, statistics, and what
 * application queries see while a pull holds the database.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReplicaTest {

    private static final String TOKEN = "tk-7f1c2e9a-do-not-leak";

    @TempDir
    Path dir;

    private SyncServer server;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void startServer() {
        this.server = SyncServer.start(this.dir.resolve("server"));
    }

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(this.opened);
        for (AutoCloseable c : this.opened) {
            c.close();
        }
        this.server.close();
    }

    // ---- bootstrap, push, pull ----

    @Test
    void bootstrapsFromTheSeededRemoteAndSyncsLocalWritesBack() throws Exception {
        this.server.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER)",
                "INSERT INTO items VALUES (1, 'apple', 3)", "INSERT INTO items VALUES (2, 'pear', 5)",
                "INSERT INTO items VALUES (3, 'plum', 7)");
        TursoDataSource replica = replica("a.db");
        JdbcTemplate jdbc = new JdbcTemplate(replica);
        assertThat(local(jdbc, "SELECT id, name, qty FROM items ORDER BY id")).containsExactly("1|apple|3", "2|pear|5",
                "3|plum|7");

        jdbc.update("INSERT INTO items VALUES (4, 'fig', 1)");
        jdbc.update("UPDATE items SET qty = qty + 1 WHERE id = 1");
        jdbc.update("DELETE FROM items WHERE id = 2");
        replica.unwrap(TursoReplica.class).sync();

        assertThat(remote("SELECT id, name, qty FROM items ORDER BY id")).containsExactly("1|apple|4", "3|plum|7",
                "4|fig|1");
        // The engine's bookkeeping tables stay local.
        assertThat(remote("SELECT name FROM sqlite_schema WHERE name LIKE 'turso_cdc%'")).isEmpty();
    }

    @Test
    void twoReplicasConvergeAfterSync() throws Exception {
        this.server.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, author TEXT)",
                "INSERT INTO notes VALUES (1, 'original', 'server')");
        TursoDataSource a = replica("a.db");
        TursoDataSource b = replica("b.db");
        new JdbcTemplate(a).update("INSERT INTO notes VALUES (10, 'a1', 'a')");
        new JdbcTemplate(b).update("INSERT INTO notes VALUES (20, 'b1', 'b')");
        new JdbcTemplate(b).execute("CREATE TABLE tags (note INTEGER, tag TEXT)");
        new JdbcTemplate(b).update("INSERT INTO tags VALUES (20, 'x')");

        a.unwrap(TursoReplica.class).sync();
        b.unwrap(TursoReplica.class).sync();
        a.unwrap(TursoReplica.class).sync();

        List<String> expected = List.of("1|original|server", "10|a1|a", "20|b1|b");
        String sql = "SELECT id, body, author FROM notes ORDER BY id";
        assertThat(local(new JdbcTemplate(a), sql)).isEqualTo(expected);
        assertThat(local(new JdbcTemplate(b), sql)).isEqualTo(expected);
        assertThat(remote(sql)).isEqualTo(expected);
        assertThat(local(new JdbcTemplate(a), "SELECT note, tag FROM tags")).containsExactly("20|x");
    }

    @Test
    void conflictingUpdatesResolveAsLastPushWins() throws Exception {
        this.server.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, author TEXT)",
                "INSERT INTO notes VALUES (1, 'original', 'server')", "INSERT INTO notes VALUES (2, 'two', 'server')",
                "INSERT INTO notes VALUES (3, 'three', 'server')");
        TursoDataSource a = replica("a.db");
        TursoDataSource b = replica("b.db");
        JdbcTemplate ja = new JdbcTemplate(a);
        JdbcTemplate jb = new JdbcTemplate(b);
        String sql = "SELECT id, body, author FROM notes ORDER BY id";

        // Same row, different columns: A sets both columns, B sets only body. A pushes first.
        ja.update("UPDATE notes SET body = 'from a', author = 'a' WHERE id = 1");
        jb.update("UPDATE notes SET body = 'from b' WHERE id = 1");
        // Update against delete: A deletes row 2, B updates it. Then the same new key on both sides.
        ja.update("DELETE FROM notes WHERE id = 2");
        jb.update("UPDATE notes SET body = 'two by b' WHERE id = 2");
        ja.update("INSERT INTO notes VALUES (4, 'four a', 'a')");
        jb.update("INSERT INTO notes VALUES (4, 'four b', 'b')");

        a.unwrap(TursoReplica.class).push();
        List<String> afterA = remote(sql);
        b.unwrap(TursoReplica.class).push();
        List<String> afterB = remote(sql);
        a.unwrap(TursoReplica.class).pull();
        b.unwrap(TursoReplica.class).pull();

        // Last push wins, column by column: B's update set only body, so A's author stays; A's delete
        // of row 2 stands (B's update finds no row); B's insert of key 4 replaces A's.
        assertThat(afterA).containsExactly("1|from a|a", "3|three|server", "4|four a|a");
        assertThat(afterB).containsExactly("1|from b|a", "3|three|server", "4|four b|b");
        assertThat(local(ja, sql)).isEqualTo(afterB);
        assertThat(local(jb, sql)).isEqualTo(afterB);
    }

    // ---- the server goes away ----

    @Test
    void aKilledServerLeavesLocalWorkIntactAndSyncCatchesUpAfterRestart() throws Exception {
        this.server.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, source TEXT NOT NULL, n INTEGER NOT NULL)");
        TursoDataSource replica = replica("k.db");
        HikariDataSource pool = pool(replica, 4);
        JdbcTemplate jdbc = new JdbcTemplate(pool);
        TursoReplica sync = replica.unwrap(TursoReplica.class);
        jdbc.update("INSERT INTO events (source, n) VALUES ('before', 0)");
        sync.sync();
        assertThat(this.server.queryLong("SELECT count(*) FROM events")).isEqualTo(1);

        this.server.kill();
        runConcurrently(4, (thread) -> {
            for (int n = 0; n < 25; n++) {
                jdbc.update("INSERT INTO events (source, n) VALUES (?, ?)", "offline-" + thread, n);
                assertThat(jdbc.queryForObject("SELECT count(*) FROM events WHERE source = ?", Long.class,
                        "offline-" + thread)).isEqualTo(n + 1);
            }
        });

        for (ThrowingRunnable op : List.<ThrowingRunnable>of(sync::sync, sync::push, sync::pull)) {
            SQLException failure = catchThrowableOfType(SQLException.class, op::run);
            assertThat((Throwable) failure).as("sync against a dead server").isNotNull();
            assertThat(TursoErrorCode.of(failure)).isEqualTo(TursoErrorCode.SYNC);
            assertThat(failure.getMessage()).contains("could not connect").doesNotContain(TOKEN);
        }
        // Still fine after failed syncs, on every pooled connection.
        runConcurrently(4, (thread) -> jdbc.update("INSERT INTO events (source, n) VALUES (?, 100)", "after-" + thread));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM events", Long.class)).isEqualTo(105);
        assertThat(sync.stats().pendingChanges()).isGreaterThan(0);

        this.server.restart();
        try (Connection c = pool.getConnection()) {
            c.unwrap(TursoConnection.class).sync();
        }
        assertThat(this.server.queryLong("SELECT count(*) FROM events")).isEqualTo(105);
        assertThat(remote("SELECT id, source, n FROM events ORDER BY id"))
            .isEqualTo(local(jdbc, "SELECT id, source, n FROM events ORDER BY id"));
        assertThat(sync.stats().pendingChanges()).isZero();
        // Every pooled connection still works, held at the same time.
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                held.add(pool.getConnection());
            }
            for (Connection c : held) {
                assertThat(count(c, "SELECT count(*) FROM events")).isEqualTo(105);
            }
        }
        finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }

    @Test
    void aPushWhoseAnswerIsLostIsNotAppliedTwice() throws Exception {
        this.server.execute("CREATE TABLE log (id INTEGER PRIMARY KEY, v TEXT)", "CREATE TABLE counter (n INTEGER)",
                "INSERT INTO counter VALUES (0)");
        try (FaultProxy proxy = FaultProxy.start(this.server.url())) {
            TursoDataSource replica = replica("lost.db", proxy.url(), () -> TOKEN);
            JdbcTemplate jdbc = new JdbcTemplate(replica);
            TursoReplica sync = replica.unwrap(TursoReplica.class);
            for (int i = 0; i < 50; i++) {
                jdbc.update("INSERT INTO log (v) VALUES (?)", "row " + i);
                jdbc.update("UPDATE counter SET n = n + 1");
            }
            // The server applies the push, but the answer never reaches the replica.
            proxy.dropNextAnswer((r) -> r.path().startsWith("/v2/pipeline") && r.bodyText().contains("INSERT"));
            SQLException failure = catchThrowableOfType(SQLException.class, sync::push);
            assertThat((Throwable) failure).as("a push whose answer is lost fails").isNotNull();
            assertThat(TursoErrorCode.of(failure)).isEqualTo(TursoErrorCode.SYNC);
            assertThat(proxy.exchanges()).anyMatch((e) -> !e.answered());
            assertThat(this.server.queryLong("SELECT count(*) FROM log")).isEqualTo(50);
            assertThat(sync.stats().pendingChanges()).isGreaterThan(0);

            sync.push();
            assertThat(this.server.queryLong("SELECT count(*) FROM log")).isEqualTo(50);
            assertThat(this.server.queryLong("SELECT n FROM counter")).isEqualTo(50);
            assertThat(sync.stats().pendingChanges()).isZero();
        }
    }

    // ---- tokens ----

    @Test
    void theTokenSupplierIsAskedForEveryRequestAndARotatedTokenIsUsed() throws Exception {
        this.server.execute("CREATE TABLE t (x INTEGER)");
        AtomicReference<String> token = new AtomicReference<>("token-1");
        AtomicInteger calls = new AtomicInteger();
        try (FaultProxy proxy = FaultProxy.start(this.server.url())) {
            TursoDataSource replica = replica("tok.db", proxy.url(), () -> {
                calls.incrementAndGet();
                return token.get();
            });
            JdbcTemplate jdbc = new JdbcTemplate(replica);
            TursoReplica sync = replica.unwrap(TursoReplica.class);
            int bootstrapRequests = proxy.exchanges().size();
            assertThat(bootstrapRequests).isPositive();
            assertThat(calls.get()).isEqualTo(bootstrapRequests);

            jdbc.update("INSERT INTO t VALUES (1)");
            sync.sync();
            int before = proxy.exchanges().size();
            assertThat(proxy.exchanges()).allMatch((e) -> "Bearer token-1".equals(e.authorization()));
            assertThat(calls.get()).isEqualTo(before);

            token.set("token-2");
            jdbc.update("INSERT INTO t VALUES (2)");
            sync.sync();
            List<FaultProxy.Exchange> after = proxy.exchanges().subList(before, proxy.exchanges().size());
            assertThat(after).isNotEmpty().allMatch((e) -> "Bearer token-2".equals(e.authorization()));
            assertThat(calls.get()).isEqualTo(proxy.exchanges().size());
            assertThat(this.server.queryLong("SELECT count(*) FROM t")).isEqualTo(2);
        }
    }

    @Test
    void aFailingTokenSupplierFailsTheSyncWithoutLeakingItsMessage() throws Exception {
        this.server.execute("CREATE TABLE t (x INTEGER)");
        AtomicReference<Supplier<String>> behaviour = new AtomicReference<>(() -> TOKEN);
        TursoDataSource replica = replica("fail.db", this.server.url(), () -> behaviour.get().get());
        TursoReplica sync = replica.unwrap(TursoReplica.class);

        behaviour.set(() -> {
            throw new IllegalStateException("vault says no: " + TOKEN);
        });
        SQLException thrown = catchThrowableOfType(SQLException.class, sync::pull);
        assertThat((Throwable) thrown).as("a supplier that throws fails the pull").isNotNull();
        assertThat(TursoErrorCode.of(thrown)).isEqualTo(TursoErrorCode.SYNC);
        assertThat(thrown.getMessage()).contains("auth token").doesNotContain(TOKEN).doesNotContain("vault");

        behaviour.set(() -> null);
        SQLException none = catchThrowableOfType(SQLException.class, sync::pull);
        // A null token fails the request (it does not mean "send no token").
        assertThat((Throwable) none).as("a supplier that returns null fails the pull").isNotNull();
        assertThat(TursoErrorCode.of(none)).isEqualTo(TursoErrorCode.SYNC);
        assertThat(none.getMessage()).contains("no token");

        behaviour.set(() -> TOKEN);
        new JdbcTemplate(replica).update("INSERT INTO t VALUES (1)");
        sync.sync();
        assertThat(this.server.queryLong("SELECT count(*) FROM t")).isEqualTo(1);
        assertThat(replica.getConfig().toString()).doesNotContain(TOKEN);
        assertThat(replica.toString()).doesNotContain(TOKEN);
    }

    // ---- misuse ----

    @Test
    void syncOperationsAreRefusedInsideATransactionAndWithoutARemote() throws Exception {
        this.server.execute("CREATE TABLE t (x INTEGER)");
        TursoDataSource replica = replica("m.db");
        try (TursoConnection c = replica.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO t VALUES (1)");
            }
            for (ThrowingRunnable op : List.<ThrowingRunnable>of(c::sync, c::pull, c::push, c::checkpoint)) {
                assertThatThrownBy(op::run).isInstanceOf(SQLException.class)
                    .satisfies((ex) -> assertThat(TursoErrorCode.of(ex)).isEqualTo(TursoErrorCode.MISUSE))
                    .hasMessageContaining("transaction");
            }
            c.commit();
            c.setAutoCommit(true);
            // BEGIN in SQL with autocommit on is a transaction too.
            try (Statement s = c.createStatement()) {
                s.execute("BEGIN");
                assertThatThrownBy(c::pull).satisfies((ex) -> assertThat(TursoErrorCode.of(ex)).isEqualTo(TursoErrorCode.MISUSE));
                s.execute("COMMIT");
            }
            c.sync();
        }
        assertThat(this.server.queryLong("SELECT count(*) FROM t")).isEqualTo(1);

        try (TursoDataSource local = new TursoDataSource(TursoConfig.forPath(this.dir.resolve("local.db").toString()));
                TursoConnection c = local.getConnection()) {
            assertThat(local.getReplica()).isNull();
            assertThat(local.isWrapperFor(TursoReplica.class)).isFalse();
            assertThatThrownBy(() -> local.unwrap(TursoReplica.class))
                .satisfies((ex) -> assertThat(TursoErrorCode.of(ex)).isEqualTo(TursoErrorCode.MISUSE));
            for (ThrowingRunnable op : List.<ThrowingRunnable>of(c::sync, c::pull, c::push, c::checkpoint)) {
                assertThatThrownBy(op::run).isInstanceOf(SQLException.class)
                    .satisfies((ex) -> assertThat(TursoErrorCode.of(ex)).isEqualTo(TursoErrorCode.MISUSE))
                    .hasMessageContaining("no remote");
            }
        }
    }

    @Test
    void pullAndPushWaitForAnotherConnectionsWriteTransactionWithinTheBusyTimeout() throws Exception {
        this.server.execute("CREATE TABLE t (x INTEGER)");
        TursoDataSource a = replica("a.db");
        TursoDataSource b = replica("b.db");
        new JdbcTemplate(b).update("INSERT INTO t VALUES (1)");
        b.unwrap(TursoReplica.class).push();
        TursoReplica sync = a.unwrap(TursoReplica.class);
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (TursoConnection holder = a.getConnection(); Statement s = holder.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.executeUpdate("INSERT INTO t VALUES (2)");
            Future<Boolean> pull = background.submit(sync::pull);
            // The pull cannot apply while the transaction is open: it keeps waiting...
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3)).until(() -> !pull.isDone());
            s.execute("COMMIT");
            // ...and goes through once it ends.
            assertThat(pull.get(10, TimeUnit.SECONDS)).isTrue();

            s.execute("BEGIN IMMEDIATE");
            s.executeUpdate("INSERT INTO t VALUES (3)");
            Future<?> push = background.submit(() -> {
                sync.push();
                return null;
            });
            s.execute("COMMIT");
            push.get(10, TimeUnit.SECONDS);
        }
        finally {
            stop(background);
        }
        sync.push();
        assertThat(local(new JdbcTemplate(a), "SELECT x FROM t ORDER BY x")).containsExactly("1", "2", "3");
        assertThat(remote("SELECT x FROM t ORDER BY x")).containsExactly("1", "2", "3");

        // Past the busy timeout the pull gives up with BUSY, not SYNC: the remote is fine.
        TursoDataSource impatient = this.track(new TursoDataSource(config("c.db", this.server.url(), () -> TOKEN)
            .withBusyTimeout(Duration.ofMillis(300))));
        new JdbcTemplate(b).update("INSERT INTO t VALUES (4)");
        b.unwrap(TursoReplica.class).push();
        try (TursoConnection holder = impatient.getConnection(); Statement s = holder.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.executeUpdate("INSERT INTO t VALUES (5)");
            long started = System.nanoTime();
            SQLException busy = catchThrowableOfType(SQLException.class, () -> impatient.unwrap(TursoReplica.class).pull());
            long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertThat((Throwable) busy).as("a pull past the busy timeout fails").isNotNull();
            assertThat(TursoErrorCode.of(busy)).isEqualTo(TursoErrorCode.BUSY);
            assertThat(waited).as("waited the busy timeout (300 ms) first").isGreaterThanOrEqualTo(250);
            s.execute("COMMIT");
        }
        impatient.unwrap(TursoReplica.class).sync();
        assertThat(remote("SELECT x FROM t ORDER BY x")).containsExactly("1", "2", "3", "4", "5");
    }

    // ---- checkpoint, offline start, stats ----

    @Test
    void checkpointShrinksTheWal() throws Exception {
        this.server.execute("CREATE TABLE big (id INTEGER PRIMARY KEY, payload TEXT)");
        TursoDataSource replica = replica("w.db");
        TursoReplica sync = replica.unwrap(TursoReplica.class);
        insertRows(replica, "big", 2000, 200);
        sync.push();
        long before = sync.stats().walSizeBytes();
        sync.checkpoint();
        long after = sync.stats().walSizeBytes();
        assertThat(before).isGreaterThan(after);
        assertThat(new JdbcTemplate(replica).queryForObject("SELECT count(*) FROM big", Long.class)).isEqualTo(2000);
        // Checkpointing with unpushed changes keeps them pending.
        insertRows(replica, "big", 10, 10);
        sync.checkpoint();
        assertThat(sync.stats().pendingChanges()).isPositive();
        sync.push();
        assertThat(this.server.queryLong("SELECT count(*) FROM big")).isEqualTo(2010);
    }

    @Test
    void aBootstrappedReplicaStartsOfflineButANewOneNeedsTheServer() throws Exception {
        this.server.execute("CREATE TABLE t (x INTEGER)", "INSERT INTO t VALUES (1)");
        TursoConfig config = config("off.db", this.server.url(), () -> TOKEN);
        try (TursoDataSource first = new TursoDataSource(config)) {
            new JdbcTemplate(first).update("INSERT INTO t VALUES (2)");
            first.unwrap(TursoReplica.class).sync();
        }
        this.server.stop();

        try (TursoDataSource again = new TursoDataSource(config)) {
            JdbcTemplate jdbc = new JdbcTemplate(again);
            assertThat(local(jdbc, "SELECT x FROM t ORDER BY x")).containsExactly("1", "2");
            jdbc.update("INSERT INTO t VALUES (3)");
            assertThat(local(jdbc, "SELECT x FROM t ORDER BY x")).containsExactly("1", "2", "3");
            assertThat(TursoErrorCode.of(catchThrowableOfType(SQLException.class, () -> again.unwrap(TursoReplica.class).push())))
                .isEqualTo(TursoErrorCode.SYNC);
        }

        SQLException fresh = catchThrowableOfType(SQLException.class,
                () -> new TursoDataSource(config("new.db", this.server.url(), () -> TOKEN)).close());
        assertThat((Throwable) fresh).as("a new replica cannot bootstrap without the server").isNotNull();
        assertThat(fresh.getMessage()).contains("new.db").contains("could not connect").doesNotContain(TOKEN);
        assertThat(TursoErrorCode.of(fresh)).isEqualTo(TursoErrorCode.SYNC);

        // Without bootstrap a new file opens with the server down, and holds none of the remote's
        // tables (only the engine's own bookkeeping) until a pull.
        TursoConfig unbootstrapped = config("nobootstrap.db", this.server.url(), () -> TOKEN).withBootstrapIfEmpty(false);
        try (TursoDataSource empty = new TursoDataSource(unbootstrapped)) {
            JdbcTemplate jdbc = new JdbcTemplate(empty);
            assertThat(local(jdbc, "SELECT name FROM sqlite_schema WHERE type = 'table'")).doesNotContain("t")
                .allMatch((name) -> name.startsWith("sqlite_") || name.startsWith("turso_") || name.startsWith("__turso_"));
            assertThatThrownBy(() -> jdbc.queryForList("SELECT x FROM t")).hasStackTraceContaining("no such table");
        }

        this.server.restart();
        try (TursoDataSource again = new TursoDataSource(config)) {
            again.unwrap(TursoReplica.class).sync();
        }
        assertThat(remote("SELECT x FROM t ORDER BY x")).containsExactly("1", "2", "3");
    }

    @Test
    void statsFollowWritesPushesAndPulls() throws Exception {
        this.server.execute("CREATE TABLE t (x INTEGER)");
        TursoDataSource replica = replica("s.db");
        TursoReplica sync = replica.unwrap(TursoReplica.class);
        TursoSyncStats fresh = sync.stats();
        assertThat(fresh.pendingChanges()).isZero();
        assertThat(fresh.lastPush()).isNull();
        assertThat(fresh.bytesReceived()).isPositive();

        new JdbcTemplate(replica).update("INSERT INTO t VALUES (1)");
        new JdbcTemplate(replica).update("INSERT INTO t VALUES (2)");
        TursoSyncStats written = sync.stats();
        assertThat(written.pendingChanges()).isGreaterThan(0);
        assertThat(written.walSizeBytes()).isGreaterThan(fresh.walSizeBytes());

        Instant beforePush = Instant.now().minusSeconds(1);
        sync.push();
        TursoSyncStats pushed = sync.stats();
        assertThat(pushed.pendingChanges()).isZero();
        assertThat(pushed.lastPush()).isNotNull().isBetween(beforePush, Instant.now().plusSeconds(1));
        assertThat(pushed.bytesSent()).isGreaterThan(written.bytesSent());

        Instant beforePull = Instant.now().minusSeconds(1);
        this.server.execute("INSERT INTO t VALUES (3)");
        assertThat(sync.pull()).isTrue();
        TursoSyncStats pulled = sync.stats();
        assertThat(pulled.lastPull()).isNotNull().isBetween(beforePull, Instant.now().plusSeconds(1));
        assertThat(pulled.bytesReceived()).isGreaterThan(pushed.bytesReceived());
        assertThat(pulled.pendingChanges()).isZero();
        assertThat(pulled.revision()).isNotNull().isNotEqualTo(fresh.revision());
        assertThat(sync.pull()).as("nothing new on the server").isFalse();
    }

    // ---- pulls against application traffic ----

    @Test
    void applicationQueriesWaitOutAPullInsteadOfFailing() throws Exception {
        this.server.execute("CREATE TABLE big (id INTEGER PRIMARY KEY, payload TEXT)",
                "CREATE TABLE app (id INTEGER PRIMARY KEY, v INTEGER)");
        TursoDataSource writer = replica("writer.db");
        TursoDataSource reader = replica("reader.db");
        HikariDataSource pool = pool(reader, 4);
        JdbcTemplate jdbc = new JdbcTemplate(pool);
        TursoReplica readerSync = reader.unwrap(TursoReplica.class);
        long[] countersBefore = reader.getBusyCounters();

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong queries = new AtomicLong();
        AtomicLong writes = new AtomicLong();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                boolean writes1 = t == 0;
                running.add(threads.submit(() -> {
                    while (!stop.get()) {
                        try {
                            if (writes1) {
                                jdbc.update("INSERT INTO app (v) VALUES (?)", writes.incrementAndGet());
                            }
                            else {
                                jdbc.queryForObject("SELECT count(*) FROM big", Long.class);
                                queries.incrementAndGet();
                            }
                        }
                        catch (Throwable ex) {
                            errors.add(ex);
                        }
                    }
                    return null;
                }));
            }
            for (int round = 0; round < 3; round++) {
                insertRows(writer, "big", 5000, 100);
                writer.unwrap(TursoReplica.class).push();
                assertThat(readerSync.pull()).isTrue();
            }
            stop.set(true);
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        finally {
            stop.set(true);
            stop(threads);
        }
        long[] countersAfter = reader.getBusyCounters();
        assertThat(queries.get()).as("reads ran during the pulls").isPositive();
        assertThat(writes.get()).as("writes ran during the pulls").isPositive();
        assertThat(countersAfter[1] - countersBefore[1]).as("busy timeouts").isZero();
        assertThat(errors).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM big", Long.class)).isEqualTo(15000);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM app", Long.class)).isEqualTo(writes.get());
        readerSync.push();
        assertThat(this.server.queryLong("SELECT count(*) FROM app")).isEqualTo(writes.get());
    }

    @Test
    void aResultSetLeftOpenDelaysThePullButFailsNoOtherStatement() throws Exception {
        this.server.execute("CREATE TABLE big (id INTEGER PRIMARY KEY, payload TEXT)");
        TursoDataSource writer = replica("slow-writer.db");
        TursoDataSource reader = track(new TursoDataSource(config("slow-reader.db", this.server.url(), () -> TOKEN)
            .withBusyTimeout(Duration.ofSeconds(10))));
        insertRows(writer, "big", 2000, 10);
        writer.unwrap(TursoReplica.class).push();
        reader.unwrap(TursoReplica.class).pull();
        insertRows(writer, "big", 1000, 10);
        writer.unwrap(TursoReplica.class).push();
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (TursoConnection slow = reader.getConnection(); Statement cursor = slow.createStatement()) {
            // A slow reader: one row at a time, its execution still in progress.
            cursor.setFetchSize(1);
            ResultSet open = cursor.executeQuery("SELECT id FROM big");
            open.next();
            Future<Boolean> pull = background.submit(() -> reader.unwrap(TursoReplica.class).pull());
            // Meanwhile other connections read as usual, the rows from before the pull: none queues
            // behind the pending pull (which waits for the open result set, so a query queued behind
            // it would end in BUSY after the 10 s busy timeout).
            List<String> outcomes = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (System.nanoTime() < until) {
                try (TursoConnection c = reader.getConnection()) {
                    assertThat(count(c, "SELECT count(*) FROM big")).as("rows before the pull").isEqualTo(2000);
                    outcomes.add("ok");
                }
                catch (SQLException ex) {
                    outcomes.add(String.valueOf(TursoErrorCode.of(ex)));
                }
            }
            assertThat(pull.isDone()).as("the pull waits for the open result set").isFalse();
            open.close();
            assertThat(pull.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(outcomes).isNotEmpty().allMatch("ok"::equals);
            assertThat(count(slow, "SELECT count(*) FROM big")).isEqualTo(3000);
        }
        finally {
            stop(background);
        }
    }

    @Test
    void applicationQueriesGoOnWhileAPullDownloads() throws Exception {
        this.server.execute("CREATE TABLE t (x INTEGER)", "INSERT INTO t VALUES (1)");
        try (FaultProxy proxy = FaultProxy.start(this.server.url())) {
            TursoDataSource replica = track(new TursoDataSource(config("slow.db", proxy.url(), () -> TOKEN)
                .withBusyTimeout(Duration.ofMillis(500))));
            for (boolean newConnectionEachTime : new boolean[] { false, true }) {
                this.server.execute("INSERT INTO t VALUES (2)");
                // The download takes 1.5 s, three times the busy timeout: a pull that held the
                // database while downloading would make queries fail with BUSY.
                proxy.delay((r) -> r.path().startsWith("/pull-updates"), Duration.ofMillis(1500));
                ExecutorService background = Executors.newSingleThreadExecutor();
                try (TursoConnection held = replica.getConnection()) {
                    Future<Boolean> pull = background.submit(() -> replica.unwrap(TursoReplica.class).pull());
                    List<String> outcomes = new ArrayList<>();
                    while (!pull.isDone()) {
                        try (TursoConnection c = newConnectionEachTime ? replica.getConnection() : null) {
                            count((c != null) ? c : held, "SELECT count(*) FROM t");
                            outcomes.add("ok");
                        }
                        catch (SQLException ex) {
                            outcomes.add(String.valueOf(TursoErrorCode.of(ex)));
                        }
                    }
                    assertThat(pull.get(10, TimeUnit.SECONDS)).isTrue();
                    assertThat(outcomes).as(newConnectionEachTime ? "getConnection() + query" : "query on a held connection")
                        .isNotEmpty()
                        .allMatch("ok"::equals);
                }
                finally {
                    stop(background);
                    proxy.delay((r) -> false, Duration.ZERO);
                }
            }
            assertThat(new JdbcTemplate(replica).queryForObject("SELECT count(*) FROM t", Long.class)).isEqualTo(3);
        }
    }

    // ---- helpers ----

    @FunctionalInterface
    interface ThrowingRunnable {

        void run() throws Exception;
    }

    @FunctionalInterface
    interface PerThread {

        void run(int thread) throws Exception;
    }

    private TursoConfig config(String file, String url, Supplier<String> token) {
        return TursoConfig.forPath(this.dir.resolve(file).toString()).withRemoteUrl(url).withAuthToken(token);
    }

    private TursoDataSource replica(String file) throws SQLException {
        return replica(file, this.server.url(), () -> TOKEN);
    }

    private TursoDataSource replica(String file, String url, Supplier<String> token) throws SQLException {
        return track(new TursoDataSource(config(file, url, token)));
    }

    private <T extends AutoCloseable> T track(T resource) {
        this.opened.add(resource);
        return resource;
    }

    private HikariDataSource pool(DataSource dataSource, int size) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(dataSource);
        config.setMaximumPoolSize(size);
        HikariDataSource pool = new HikariDataSource(config);
        this.opened.add(pool);
        return pool;
    }

    private static void insertRows(DataSource dataSource, String table, int rows, int payload) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (payload) VALUES (?)")) {
                for (int i = 0; i < rows; i++) {
                    ps.setString(1, "p".repeat(payload));
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
    }

    private static void runConcurrently(int threads, PerThread body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    body.run(thread);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            stop(pool);
        }
    }

    private static void stop(ExecutorService executor) throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).as("the test's threads stop").isTrue();
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> local(JdbcTemplate jdbc, String sql) {
        return jdbc.queryForList(sql).stream().map(ReplicaTest::line).toList();
    }

    private List<String> remote(String sql) {
        return this.server.query(sql).stream().map(ReplicaTest::line).toList();
    }

    private static String line(Map<String, Object> row) {
        return row.values().stream().map(String::valueOf).collect(Collectors.joining("|"));
    }
}
