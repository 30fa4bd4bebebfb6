package dev.turso4j.samples.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turso4j.testing.SyncServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The sample as an embedded replica of a real sync server, watched through actuator: the turso health
 * entry with its details, the sync timer, and the stale-sync status while the server is away.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("replica")
class NotesReplicaTests {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    private static SyncServer server;

    @DynamicPropertySource
    static void replica(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("notes-replica");
        server = SyncServer.start(dir.resolve("server"));
        registry.add("turso.database", () -> dir.resolve("replica.db").toString());
        registry.add("turso.remote-url", server::url);
        registry.add("turso.sync.interval", () -> "200ms");
        registry.add("turso.sync.max-backoff", () -> "500ms");
        registry.add("turso.sync.stale-after", () -> "2s");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @LocalServerPort
    int port;

    private RestClient http() {
        return RestClient.builder()
            .baseUrl("http://127.0.0.1:" + this.port)
            .defaultStatusHandler((status) -> true, (request, response) -> { })
            .build();
    }

    private Map<String, Object> get(String path) {
        return http().get().uri(path).retrieve().body(JSON);
    }

    @Test
    void healthMetricsAndStaleSyncOverHttp() {
        http().post().uri("/notes").body(new NewNote("Replicated", "written on the replica", List.of("sync"))).retrieve()
            .toBodilessEntity();
        await().atMost(Duration.ofSeconds(20)).until(() -> server.queryLong("SELECT count(*) FROM notes") == 1);

        Map<String, Object> health = get("/actuator/health/turso");
        assertThat(health).containsEntry("status", "UP");
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) health.get("details");
        assertThat(details).containsEntry("mode", "replica")
            .containsEntry("remote", server.url())
            .containsKeys("lastSuccessfulSync", "lastSuccessfulPull", "lastSuccessfulPush", "pendingChanges",
                    "walSizeBytes", "revision", "engineVersion", "consecutiveSyncFailures")
            .containsEntry("lastSyncError", null);

        Map<String, Object> syncTimer = get("/actuator/metrics/turso.sync?tag=operation:sync&tag=outcome:success");
        assertThat(syncTimer.get("measurements").toString()).containsPattern("COUNT, value=[1-9]");
        assertThat(get("/actuator/metrics/turso.sync.pending.changes")).containsKey("measurements");
        assertThat(get("/actuator/metrics/turso.busy.waits")).containsKey("measurements");
        assertThat(get("/actuator/metrics/hikaricp.connections")).containsKey("measurements");

        server.stop();
        await().atMost(Duration.ofSeconds(20)).until(() -> "STALE_SYNC".equals(get("/actuator/health/turso").get("status")));
        assertThat(http().post().uri("/notes").body(new NewNote("Offline", "still works", List.of())).retrieve()
            .toBodilessEntity().getStatusCode().value()).isEqualTo(201);

        @SuppressWarnings("unchecked")
        Map<String, Object> failing = (Map<String, Object>) get("/actuator/health/turso").get("details");
        assertThat((Integer) failing.get("consecutiveSyncFailures")).isPositive();
        assertThat((String) failing.get("lastSyncError")).contains("could not connect");

        server.restart();
        await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(get("/actuator/health/turso").get("status")));
        @SuppressWarnings("unchecked")
        Map<String, Object> recovered = (Map<String, Object>) get("/actuator/health/turso").get("details");
        assertThat(recovered).containsEntry("consecutiveSyncFailures", 0).containsEntry("lastSyncError", null);
        await().atMost(Duration.ofSeconds(20)).until(() -> server.queryLong("SELECT count(*) FROM notes") == 2);
    }
}
