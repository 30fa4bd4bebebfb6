package dev.turso4j.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.turso4j.jdbc.TursoConfig;
import dev.turso4j.jdbc.TursoDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Workload 9, as a child process: local point selects and single-row inserts through a HikariCP pool
 * of 4 while a sync hangs on a remote that accepts connections and never answers (a black hole),
 * beside the same workload with no sync running. Prints {@code hang <key> <value>} lines: latency
 * percentiles in microseconds per phase and operation, how long the hung sync took to fail, and the
 * request timeout it had.
 *
 * <p>Arguments: {@code <server url> <work dir> <request timeout ms>}.
 */
public final class SyncHangMain {

    private static final int ROWS = 10_000;

    private SyncHangMain() {
    }

    public static void main(String[] args) throws Exception {
        String server = args[0];
        Path dir = Path.of(args[1]);
        Duration requestTimeout = Duration.ofMillis(Long.parseLong(args[2]));
        try (BlackHoleSwitch remote = new BlackHoleSwitch(server);
                TursoDataSource turso = new TursoDataSource(TursoConfig.forPath(dir.resolve("hang.db").toString())
                    .withRemoteUrl(remote.url())
                    .withAuthToken(() -> "t")
                    .withSyncRequestTimeout(requestTimeout));
                HikariDataSource pool = pool(turso)) {
            try (Connection c = pool.getConnection()) {
                Databases.execute(c, "CREATE TABLE hang_rows (id INTEGER PRIMARY KEY, name TEXT)");
                Databases.execute(c, "INSERT INTO hang_rows (name) SELECT 'row ' || value FROM generate_series(1, " + ROWS + ")");
            }
            turso.getReplica().sync();
            // Warm-up, then the same amount of work idle and while the sync hangs.
            measure(pool, Duration.ofSeconds(2), null);
            Latencies idle = measure(pool, requestTimeout, null);
            remote.blackHole();
            long started = System.nanoTime();
            CompletableFuture<Long> hung = CompletableFuture.supplyAsync(() -> {
                try {
                    turso.getReplica().sync();
                    return -1L;
                }
                catch (SQLException ex) {
                    return System.nanoTime() - started;
                }
            });
            Latencies hanging = measure(pool, null, hung);
            long failedAfter = hung.get();
            idle.print("idle");
            hanging.print("hang");
            System.out.println("hang\tsync_failed_after_ms\t" + ((failedAfter < 0) ? "never" : failedAfter / 1_000_000));
            System.out.println("hang\trequest_timeout_ms\t" + requestTimeout.toMillis());
            System.out.println("hang\tbusy_timeout_ms\t" + turso.getConfig().getBusyTimeout().toMillis());
        }
    }

    private static HikariDataSource pool(TursoDataSource turso) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(turso);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(4);
        return new HikariDataSource(config);
    }

    /** Alternates a point select and an insert, each on a connection borrowed from the pool, for a while or until {@code until} completes. */
    private static Latencies measure(HikariDataSource pool, Duration duration, CompletableFuture<?> until) throws SQLException {
        Latencies latencies = new Latencies();
        long end = (duration != null) ? System.nanoTime() + duration.toNanos() : Long.MAX_VALUE;
        while (System.nanoTime() < end && (until == null || !until.isDone())) {
            long t0 = System.nanoTime();
            try (Connection c = pool.getConnection(); PreparedStatement select = c.prepareStatement("SELECT name FROM hang_rows WHERE id = ?")) {
                select.setLong(1, ThreadLocalRandom.current().nextLong(1, ROWS + 1));
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                }
            }
            long t1 = System.nanoTime();
            try (Connection c = pool.getConnection(); PreparedStatement insert = c.prepareStatement("INSERT INTO hang_rows (name) VALUES (?)")) {
                insert.setString(1, "written meanwhile");
                insert.executeUpdate();
            }
            long t2 = System.nanoTime();
            latencies.add(t1 - t0, t2 - t1);
        }
        return latencies;
    }

    private static final class Latencies {

        private long[] selects = new long[1024];

        private long[] inserts = new long[1024];

        private int count;

        void add(long select, long insert) {
            if (this.count == this.selects.length) {
                this.selects = Arrays.copyOf(this.selects, this.count * 2);
                this.inserts = Arrays.copyOf(this.inserts, this.count * 2);
            }
            this.selects[this.count] = select;
            this.inserts[this.count] = insert;
            this.count++;
        }

        void print(String phase) {
            print(phase, "select", Arrays.copyOf(this.selects, this.count));
            print(phase, "insert", Arrays.copyOf(this.inserts, this.count));
        }

        private static void print(String phase, String op, long[] nanos) {
            Arrays.sort(nanos);
            System.out.printf("hang\t%s_%s_count\t%d%n", phase, op, nanos.length);
            System.out.printf("hang\t%s_%s_p50_us\t%d%n", phase, op, nanos[nanos.length / 2] / 1000);
            System.out.printf("hang\t%s_%s_p99_us\t%d%n", phase, op, nanos[(int) (nanos.length * 0.99)] / 1000);
            System.out.printf("hang\t%s_%s_max_us\t%d%n", phase, op, nanos[nanos.length - 1] / 1000);
        }
    }

    /**
     * A TCP relay to the sync server that can turn into a black hole: from then on it accepts
     * connections and reads requests but never answers.
     */
    private static final class BlackHoleSwitch implements AutoCloseable {

        private final ServerSocket listener;

        private final InetSocketAddress target;

        private volatile boolean blackHole;

        BlackHoleSwitch(String serverUrl) throws IOException {
            java.net.URI uri = java.net.URI.create(serverUrl);
            this.target = new InetSocketAddress(uri.getHost(), uri.getPort());
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            daemon(() -> {
                while (!this.listener.isClosed()) {
                    try {
                        Socket client = this.listener.accept();
                        daemon(() -> relay(client));
                    }
                    catch (IOException ex) {
                        return;
                    }
                }
            });
        }

        String url() {
            return "http://127.0.0.1:" + this.listener.getLocalPort();
        }

        void blackHole() {
            this.blackHole = true;
        }

        private void relay(Socket client) {
            try (client) {
                if (this.blackHole) {
                    client.getInputStream().transferTo(OutputStream.nullOutputStream());
                    return;
                }
                try (Socket server = new Socket(this.target.getAddress(), this.target.getPort())) {
                    daemon(() -> pump(server, client));
                    pump(client, server);
                }
            }
            catch (IOException ex) {
                // a side went away
            }
        }

        private void pump(Socket from, Socket to) {
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                byte[] buffer = new byte[16384];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (!this.blackHole) { // a black hole swallows what comes, on open connections too
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            }
            catch (IOException ex) {
                // a side went away
            }
        }

        private static void daemon(Runnable body) {
            Thread thread = new Thread(body, "black-hole-switch");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            this.listener.close();
        }
    }
}
