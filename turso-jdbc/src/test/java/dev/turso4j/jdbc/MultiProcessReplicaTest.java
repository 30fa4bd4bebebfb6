package dev.turso4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turso4j.testing.SyncServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three JVM processes, each with its own replica file, write and sync through one server, and all
 * end with the same rows.
 */
class MultiProcessReplicaTest {

    private static final int WORKERS = 3;

    private static final int ROWS = 40;

    @TempDir
    Path dir;

    @Test
    void threeProcessesConvergeThroughOneServer() throws Exception {
        try (SyncServer server = SyncServer.start(this.dir.resolve("server"))) {
            server.execute("CREATE TABLE shared (id INTEGER PRIMARY KEY, worker INTEGER NOT NULL, n INTEGER NOT NULL)");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<Process> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                Path log = this.dir.resolve("worker-" + w + ".log");
                workers.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                        ReplicaWorker.class.getName(), this.dir.resolve("replica-" + w + ".db").toString(), server.url(),
                        String.valueOf(w), String.valueOf(ROWS), String.valueOf(WORKERS * ROWS))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start());
            }
            for (int w = 0; w < WORKERS; w++) {
                Process worker = workers.get(w);
                boolean finished = worker.waitFor(3, TimeUnit.MINUTES);
                if (!finished) {
                    worker.destroyForcibly();
                }
                String log = Files.readString(this.dir.resolve("worker-" + w + ".log"));
                assertThat(finished && worker.exitValue() == 0).as("worker %d:%n%s", w, log).isTrue();
            }
            assertThat(server.queryLong("SELECT count(*) FROM shared")).isEqualTo(WORKERS * ROWS);
            assertThat(server.queryLong("SELECT count(DISTINCT worker * 1000 + n) FROM shared")).isEqualTo(WORKERS * ROWS);
        }
    }
}
