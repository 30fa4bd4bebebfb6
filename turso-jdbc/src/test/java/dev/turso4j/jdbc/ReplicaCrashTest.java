package dev.turso4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turso4j.testing.SyncServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An application process killed (SIGKILL) in the middle of a pull and in the middle of a push, five
 * times each: after every kill the replica file passes {@code PRAGMA integrity_check}, keeps every
 * row whose commit was acknowledged, and converges with the server at its next sync.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ReplicaCrashTest {

    private static final int ROUNDS = 5;

    @TempDir
    Path dir;

    @Test
    void killedDuringPullsAndPushesLosesNothingAndConverges() throws Exception {
        try (SyncServer server = SyncServer.start(this.dir.resolve("server"))) {
            server.execute("CREATE TABLE acks (id TEXT PRIMARY KEY, payload TEXT)");
            Path replica = this.dir.resolve("replica.db");
            Set<String> acked = new HashSet<>();
            for (String mode : List.of("pull", "push")) {
                for (int round = 0; round < ROUNDS; round++) {
                    if (mode.equals("pull")) {
                        // Something sizeable for the worker's pulls to apply when it is killed.
                        server.execute("INSERT INTO acks (id, payload) SELECT 'server-" + round + "-' || value, "
                                + "hex(randomblob(100)) FROM generate_series(1, 20000)");
                    }
                    acked.addAll(killDuring(mode, round, replica, server.url()));
                    check(replica, server, acked, mode + " round " + round);
                }
            }
        }
    }

    /**
     * Starts a worker and kills it a random moment after a pull or push began: the first pull (which
     * applies the server's new rows, about 0.1 s of work), or one of the first three pushes.
     * @return the ids whose commits the worker acknowledged
     */
    private List<String> killDuring(String mode, int round, Path replica, String url) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process worker = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ReplicaCrashWorker.class.getName(), replica.toString(), url, mode, String.valueOf(round))
            .redirectErrorStream(true)
            .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            }
            catch (java.io.IOException ex) {
                // the worker is gone
            }
        });
        reader.start();
        List<String> acked = new ArrayList<>();
        int starts = 0;
        int killAfter = mode.equals("pull") ? 1 : ThreadLocalRandom.current().nextInt(1, 4);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (starts < killAfter && System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                continue;
            }
            if (line.startsWith("ACK ")) {
                acked.add(line.substring(4));
            }
            else if (line.equals(mode.toUpperCase())) {
                starts++;
            }
        }
        assertThat(starts).as("the worker reached its %s", mode).isEqualTo(killAfter);
        Thread.sleep(ThreadLocalRandom.current().nextInt(0, mode.equals("pull") ? 200 : 60));
        worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL
        reader.join(10_000);
        // Acknowledgements printed before the kill count too.
        for (String line : lines) {
            if (line.startsWith("ACK ")) {
                acked.add(line.substring(4));
            }
        }
        return acked;
    }

    private void check(Path replica, SyncServer server, Set<String> acked, String round) throws Exception {
        try (TursoDataSource dataSource = new TursoDataSource(
                TursoConfig.forPath(replica.toString()).withRemoteUrl(server.url()).withAuthToken(() -> "checker"))) {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            assertThat(jdbc.queryForObject("PRAGMA integrity_check", String.class)).as(round).isEqualTo("ok");
            Set<String> local = new HashSet<>(jdbc.queryForList("SELECT id FROM acks", String.class));
            assertThat(local).as("%s: acknowledged rows kept", round).containsAll(acked);
            dataSource.getReplica().sync();
            Set<String> afterSync = new HashSet<>(jdbc.queryForList("SELECT id FROM acks", String.class));
            long onServer = server.queryLong("SELECT count(*) FROM acks");
            assertThat(afterSync).as(round).containsAll(acked);
            assertThat((long) afterSync.size()).as("%s: converged", round).isEqualTo(onServer);
        }
    }
}
