package dev.turso4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.turso4j.testing.FaultProxy;
import dev.turso4j.testing.FaultProxy.Fault;
import dev.turso4j.testing.SyncServer;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A replica behind a network that goes wrong, played by a {@link FaultProxy} in front of a real sync
 * server: every request is bounded by the sync timeouts, a failed sync leaves the local database as
 * it was, local work never waits on the network, and nothing the remote sends back (an echoed token,
 * megabytes of error page) reaches a message unfiltered.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplicaFaultTest {

    private static final String TOKEN = "tk-4c1d9e-do-not-leak";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    /** What a failed sync may take beyond its request timeout. */
    private static final Duration SLACK = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private SyncServer server;

    private FaultProxy proxy;

    private final List<AutoCloseable> opened = new ArrayList<>();

    private final ExecutorService background = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws Exception {
        this.server = SyncServer.start(this.dir.resolve("server"));
        this.server.execute("CREATE TABLE t (id TEXT PRIMARY KEY, note TEXT)", "INSERT INTO t VALUES ('seed', 'from the server')");
        this.proxy = FaultProxy.start(this.server.url());
    }

    @AfterEach
    void stop() throws Exception {
        this.background.shutdownNow();
        assertThat(this.background.awaitTermination(30, TimeUnit.SECONDS)).as("the test's threads stop").isTrue();
        Collections.reverse(this.opened);
        for (AutoCloseable c : this.opened) {
            c.close();
        }
        this.proxy.close();
        this.server.close();
    }

    @Test
    void aBlackHoledRemoteFailsTheSyncInTimeWhileLocalWorkGoesOn() throws Exception {
        TursoDataSource replica = replica("hole.db");
        this.proxy.inject((r) -> true, Fault.BLACK_HOLE);
        long started = System.nanoTime();
        Future<?> sync = this.background.submit(() -> {
            replica.getReplica().sync();
            return null;
        });
        // Meanwhile: new connections, writes and reads, as the application would.
        long slowest = 0;
        int writes = 0;
        while (!sync.isDone()) {
            long t = System.nanoTime();
            try (Connection c = replica.getConnection(); PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                insert.setString(1, "local-" + writes);
                insert.setString(2, "written while the remote hangs");
                insert.executeUpdate();
                count(c);
            }
            writes++;
            slowest = Math.max(slowest, System.nanoTime() - t);
        }
        SQLException failed = failure(sync);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(TursoErrorCode.of(failed)).isEqualTo(TursoErrorCode.SYNC);
        assertThat(failed.getMessage()).contains("request timeout");
        assertThat(took).isLessThan(REQUEST_TIMEOUT.plus(SLACK));
        assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofMillis(250));
        assertThat(writes).isGreaterThan(10);

        this.proxy.heal();
        replica.getReplica().sync();
        assertThat(this.server.queryLong("SELECT count(*) FROM t")).isEqualTo(writes + 1);
    }

    @Test
    void aSlowDripIsCutAtTheRequestTimeout() throws Exception {
        TursoDataSource replica = replica("drip.db");
        this.server.execute("INSERT INTO t VALUES ('later', 'pulled later')");
        this.proxy.inject(FaultProxy.Request::isPull, Fault.SLOW_DRIP);
        long started = System.nanoTime();
        SQLException failed = catchThrowableOfType(SQLException.class, () -> replica.getReplica().pull());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(TursoErrorCode.of(failed)).isEqualTo(TursoErrorCode.SYNC);
        assertThat(took).isLessThan(REQUEST_TIMEOUT.plus(SLACK));
        assertThat(count(replica)).isEqualTo(1);

        this.proxy.heal();
        assertThat(replica.getReplica().pull()).isTrue();
        assertThat(count(replica)).isEqualTo(2);
    }

    @Test
    void aConnectionResetHalfWayThroughAPullLeavesTheReplicaAsItWas() throws Exception {
        TursoDataSource replica = replica("reset.db");
        new JdbcTemplate(replica).update("INSERT INTO t VALUES ('mine', 'not pushed yet')");
        this.server.execute("INSERT INTO t VALUES ('theirs', 'on the server')");
        this.proxy.inject(FaultProxy.Request::isPull, Fault.RESET_MID_RESPONSE);
        SQLException failed = catchThrowableOfType(SQLException.class, () -> replica.getReplica().pull());
        assertThat(TursoErrorCode.of(failed)).isEqualTo(TursoErrorCode.SYNC);
        assertThat(ids(replica)).containsExactly("mine", "seed");
        assertThat(new JdbcTemplate(replica).queryForObject("PRAGMA integrity_check", String.class)).isEqualTo("ok");

        this.proxy.heal();
        replica.getReplica().sync();
        assertThat(ids(replica)).containsExactly("mine", "seed", "theirs");
        assertThat(this.server.queryLong("SELECT count(*) FROM t")).isEqualTo(3);
    }

    @Test
    void anErrorPageThatEchoesTheRequestNeverShowsTheToken() throws Exception {
        TursoDataSource replica = replica("echo.db");
        new JdbcTemplate(replica).update("INSERT INTO t VALUES ('mine', 'x')");
        this.proxy.inject(FaultProxy.Request::isPush, Fault.ECHO_HEADERS);
        SQLException failed = catchThrowableOfType(SQLException.class, () -> replica.getReplica().push());
        assertThat(TursoErrorCode.of(failed)).isEqualTo(TursoErrorCode.SYNC);
        assertThat(failed.getMessage()).contains("500").doesNotContain(TOKEN).doesNotContain("\r").doesNotContain("\n");
        assertThat(replica.getReplica().history().getLastError()).doesNotContain(TOKEN);
        assertThat(this.proxy.exchanges()).anyMatch((e) -> ("Bearer " + TOKEN).equals(e.authorization()));
    }

    @Test
    void aHugeErrorBodyIsReadOnlyAsFarAsNeeded() throws Exception {
        TursoDataSource replica = replica("huge.db");
        this.proxy.inject(FaultProxy.Request::isPull, Fault.HUGE_ERROR_BODY);
        long started = System.nanoTime();
        SQLException failed = catchThrowableOfType(SQLException.class, () -> replica.getReplica().pull());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(TursoErrorCode.of(failed)).isEqualTo(TursoErrorCode.SYNC);
        assertThat(failed.getMessage()).contains("500").hasSizeLessThan(700);
        assertThat(took).isLessThan(REQUEST_TIMEOUT);
    }

    @Test
    void pushesRefusedWhilePullsWorkAreFailuresAndTheReplicaIsNotInSync() throws Exception {
        TursoDataSource replica = replica("readonly.db");
        TursoReplica sync = replica.getReplica();
        TursoSyncHistory history = sync.history();
        sync.sync();
        var pushedAt = history.getLastSuccessfulPush();
        assertThat(history.getLastSuccessfulSync()).isNotNull();
        new JdbcTemplate(replica).update("INSERT INTO t VALUES ('mine', 'never leaves')");

        this.proxy.inject(FaultProxy.Request::isPush, Fault.FORBIDDEN);
        for (int i = 1; i <= 3; i++) {
            SQLException failed = catchThrowableOfType(SQLException.class, sync::sync);
            assertThat(failed.getMessage()).contains("403");
            assertThat(history.getConsecutiveFailures()).isEqualTo(i);
        }
        // Pulls go on, but the replica stays in sync only as of its last push.
        assertThat(history.getLastSuccessfulPull()).isAfter(pushedAt);
        assertThat(history.getLastSuccessfulSync()).isEqualTo(pushedAt);
        assertThat(history.getLastError()).contains("403");
        assertThat(sync.stats().pendingChanges()).isPositive();

        this.proxy.heal();
        sync.sync();
        assertThat(history.getConsecutiveFailures()).isZero();
        assertThat(history.getLastError()).isNull();
        assertThat(history.getLastSuccessfulSync()).isAfter(pushedAt);
        assertThat(this.server.queryLong("SELECT count(*) FROM t WHERE id = 'mine'")).isEqualTo(1);
    }

    @Test
    void aRemoteThatGoesAwayAndComesBack() throws Exception {
        TursoDataSource replica = replica("away.db");
        this.proxy.goAway();
        for (int i = 0; i < 3; i++) {
            new JdbcTemplate(replica).update("INSERT INTO t VALUES (?, 'offline')", "offline-" + i);
            long started = System.nanoTime();
            SQLException failed = catchThrowableOfType(SQLException.class, () -> replica.getReplica().sync());
            assertThat(failed.getMessage()).contains("could not connect");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(CONNECT_TIMEOUT);
        }
        assertThat(replica.getReplica().history().getConsecutiveFailures()).isEqualTo(3);

        this.proxy.comeBack();
        replica.getReplica().sync();
        assertThat(replica.getReplica().history().getConsecutiveFailures()).isZero();
        assertThat(this.server.queryLong("SELECT count(*) FROM t WHERE note = 'offline'")).isEqualTo(3);
    }

    @Test
    void connectingIsBoundedByTheConnectTimeout() throws Exception {
        TursoDataSource replica = replica("connect.db");
        this.proxy.stopAccepting();
        long started = System.nanoTime();
        SQLException failed = catchThrowableOfType(SQLException.class, () -> replica.getReplica().pull());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(failed.getMessage()).contains("connect timeout");
        assertThat(took).isBetween(CONNECT_TIMEOUT.minusMillis(100), CONNECT_TIMEOUT.plus(SLACK));
        this.proxy.comeBack();
        replica.getReplica().pull();
    }

    @Test
    void aTokenSupplierThatHangsFailsItsRequestInTime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Boolean> hang = Collections.synchronizedList(new ArrayList<>(List.of(false)));
        TursoDataSource replica = replica("hang.db", () -> {
            if (hang.get(0)) {
                try {
                    release.await();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
            return TOKEN;
        });
        hang.set(0, true);
        long started = System.nanoTime();
        SQLException failed = catchThrowableOfType(SQLException.class, () -> replica.getReplica().pull());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(TursoErrorCode.of(failed)).isEqualTo(TursoErrorCode.SYNC);
        assertThat(failed.getMessage()).contains("did not answer within");
        assertThat(took).isLessThan(REQUEST_TIMEOUT.plus(SLACK));
        // While it still hangs, the next request fails at once instead of piling up threads.
        SQLException again = catchThrowableOfType(SQLException.class, () -> replica.getReplica().pull());
        assertThat(again.getMessage()).contains("has not returned");

        hang.set(0, false);
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> replica.getReplica().pull());
    }

    @Test
    void tokensAreUnreachableOnceTheirRequestsAreDone() throws Exception {
        List<WeakReference<String>> issued = Collections.synchronizedList(new ArrayList<>());
        TursoDataSource replica = replica("weak.db", () -> {
            String token = new String(TOKEN.toCharArray());
            issued.add(new WeakReference<>(token));
            return token;
        });
        for (int i = 0; i < 200; i++) {
            replica.getReplica().sync();
        }
        assertThat(issued).hasSizeGreaterThan(400);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            System.gc();
            return issued.stream().allMatch((ref) -> ref.get() == null);
        });
    }

    @Test
    void aCheckpointWhileOfflineKeepsEveryUnpushedRowAcrossARestart() throws Exception {
        TursoConfig config = config("offline.db", () -> TOKEN);
        TursoDataSource replica = new TursoDataSource(config);
        this.proxy.goAway();
        try (Connection c = replica.getConnection(); PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
            for (int i = 0; i < 2000; i++) {
                insert.setString(1, "offline-" + i);
                insert.setString(2, "x".repeat(200));
                insert.executeUpdate();
            }
        }
        TursoSyncStats before = replica.getReplica().stats();
        replica.getReplica().checkpoint();
        TursoSyncStats after = replica.getReplica().stats();
        assertThat(after.walSizeBytes()).isLessThan(before.walSizeBytes());
        assertThat(after.pendingChanges()).isEqualTo(before.pendingChanges());
        replica.close();

        TursoDataSource restarted = track(new TursoDataSource(config));
        assertThat(count(restarted)).isEqualTo(2001);
        this.proxy.comeBack();
        restarted.getReplica().sync();
        assertThat(restarted.getReplica().stats().pendingChanges()).isZero();
        assertThat(this.server.queryLong("SELECT count(*) FROM t WHERE id LIKE 'offline-%'")).isEqualTo(2000);
    }

    // ---- helpers ----

    private TursoConfig config(String file, Supplier<String> tokens) {
        return TursoConfig.forPath(this.dir.resolve(file).toString())
            .withRemoteUrl(this.proxy.url())
            .withAuthToken(tokens)
            .withBusyTimeout(Duration.ofMillis(500))
            .withSyncConnectTimeout(CONNECT_TIMEOUT)
            .withSyncRequestTimeout(REQUEST_TIMEOUT);
    }

    private TursoDataSource replica(String file) throws SQLException {
        return replica(file, () -> TOKEN);
    }

    private TursoDataSource replica(String file, Supplier<String> tokens) throws SQLException {
        return track(new TursoDataSource(config(file, tokens)));
    }

    private <T extends AutoCloseable> T track(T resource) {
        this.opened.add(resource);
        return resource;
    }

    private static SQLException failure(Future<?> future) throws Exception {
        ExecutionException failed = catchThrowableOfType(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
        return (SQLException) failed.getCause();
    }

    private static long count(TursoDataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return count(c);
        }
    }

    private static long count(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> ids(TursoDataSource dataSource) {
        return new JdbcTemplate(dataSource).queryForList("SELECT id FROM t ORDER BY id", String.class);
    }
}
