package dev.turso4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turso4j.testing.SyncServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test sync server itself: it starts, runs SQL sent over HTTP, keeps its data over a restart, and the
 * driver's sync client (turso 0.8.3) can bootstrap from it, push to it and pull from it.
 */
class SyncServerTest {

    @TempDir
    Path dir;

    @Test
    void sqlOverHttpRoundTripsEveryValueType() {
        try (SyncServer server = SyncServer.startInMemory(this.dir)) {
            assertThat(server.url()).startsWith("http://127.0.0.1:");
            server.execute("CREATE TABLE v (i INTEGER, r REAL, t TEXT, b BLOB, n)");
            server.executeWith("INSERT INTO v VALUES (?, ?, ?, ?, ?)", 9_007_199_254_740_993L, 1.5, "é \"q\"\n",
                    new byte[] { 0, 1, (byte) 255 }, null);
            List<Map<String, Object>> rows = server.query("SELECT * FROM v");
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0)).containsEntry("i", 9_007_199_254_740_993L)
                .containsEntry("r", 1.5)
                .containsEntry("t", "é \"q\"\n")
                .containsEntry("n", null);
            assertThat((byte[]) rows.get(0).get("b")).containsExactly(0, 1, 255);
            assertThat(server.queryLong("SELECT count(*) FROM v WHERE i > ?", 0)).isEqualTo(1);
            assertThatThrownBy(() -> server.query("SELECT * FROM missing")).hasMessageContaining("no such table");
        }
    }

    @Test
    void dataSurvivesARestartOnTheSamePort() {
        try (SyncServer server = SyncServer.start(this.dir)) {
            int port = server.port();
            server.execute("CREATE TABLE k (x INTEGER)", "INSERT INTO k VALUES (1)", "INSERT INTO k VALUES (2)");
            server.restart();
            assertThat(server.port()).isEqualTo(port);
            assertThat(server.queryLong("SELECT sum(x) FROM k")).isEqualTo(3);
            server.kill();
            assertThat(server.isRunning()).isFalse();
            server.restart();
            assertThat(server.queryLong("SELECT sum(x) FROM k")).isEqualTo(3);
        }
        assertThat(this.dir.resolve("server.db")).exists();
        assertThat(this.dir.resolve("tursodb-sync-server.log")).exists();
    }

    @Test
    void theDriversSyncClientBootstrapsPushesAndPulls() throws Exception {
        try (SyncServer server = SyncServer.start(this.dir.resolve("server"))) {
            server.execute("CREATE TABLE s (id INTEGER PRIMARY KEY, v TEXT)", "INSERT INTO s VALUES (1, 'seed')");
            TursoConfig a = TursoConfig.forPath(this.dir.resolve("a.db").toString()).withRemoteUrl(server.url())
                .withAuthToken(() -> "t");
            TursoConfig b = TursoConfig.forPath(this.dir.resolve("b.db").toString()).withRemoteUrl(server.url())
                .withAuthToken(() -> "t");
            try (TursoDataSource first = new TursoDataSource(a); TursoDataSource second = new TursoDataSource(b)) {
                assertThat(count(first, "SELECT count(*) FROM s")).isEqualTo(1);
                try (Connection c = first.getConnection(); Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO s VALUES (2, 'from a')");
                }
                first.unwrap(TursoReplica.class).push();
                assertThat(server.queryLong("SELECT count(*) FROM s")).isEqualTo(2);
                assertThat(second.unwrap(TursoReplica.class).pull()).isTrue();
                assertThat(count(second, "SELECT count(*) FROM s")).isEqualTo(2);
            }
        }
        assertThat(Files.exists(this.dir.resolve("a.db-info"))).isTrue();
    }

    private static long count(TursoDataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
