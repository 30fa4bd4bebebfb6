package dev.turso4j.spring.boot.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.turso4j.jdbc.TursoReplica;
import dev.turso4j.spring.TursoTemplate;
import dev.turso4j.spring.boot.autoconfigure.TursoDataSourceAutoConfiguration;
import dev.turso4j.spring.boot.autoconfigure.TursoPooledDataSource;
import dev.turso4j.spring.boot.autoconfigure.TursoTemplateAutoConfiguration;
import dev.turso4j.spring.boot.autoconfigure.metrics.TursoMetricsAutoConfiguration;
import dev.turso4j.spring.health.TursoHealthIndicator;
import dev.turso4j.testing.FaultProxy;
import dev.turso4j.testing.FaultProxy.Fault;
import dev.turso4j.testing.SyncServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/**
 * Health and meters of a replica whose remote refuses pushes while pulls work (a read-only token):
 * not in sync, failures counted, the error shown without the token, all of it cleared once pushes
 * go through again; the same figures in health and meters.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TursoReplicaHealthTests {

    private static final String TOKEN = "tk-health-do-not-leak";

    @TempDir
    Path dir;

    private SyncServer server;

    private FaultProxy proxy;

    @BeforeEach
    void start() throws Exception {
        this.server = SyncServer.start(this.dir.resolve("server"));
        this.server.execute("CREATE TABLE items (id TEXT PRIMARY KEY, name TEXT)");
        this.proxy = FaultProxy.start(this.server.url());
    }

    @AfterEach
    void stop() throws Exception {
        this.proxy.close();
        this.server.close();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TursoDataSourceAutoConfiguration.class,
                    DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
                    TursoTemplateAutoConfiguration.class, HealthContributorAutoConfiguration.class,
                    TursoHealthContributorAutoConfiguration.class, MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                    TursoMetricsAutoConfiguration.class))
            .withPropertyValues("turso.database=" + this.dir.resolve("replica.db"), "turso.remote-url=" + this.proxy.url(),
                    "turso.auth-token=" + TOKEN, "turso.sync.stale-after=1s", "turso.sync.request-timeout=2s");
    }

    @Test
    void refusedPushesMakeTheReplicaStaleAndCountAsFailuresUntilTheyWorkAgain() {
        runner().run((context) -> {
            TursoTemplate turso = context.getBean(TursoTemplate.class);
            TursoReplica replica = context.getBean(TursoPooledDataSource.class).getTursoDataSource().getReplica();
            turso.sync();
            Map<String, Object> details = health(context).getDetails();
            assertThat(health(context).getStatus()).isEqualTo(Status.UP);
            assertThat(details).containsEntry("consecutiveSyncFailures", 0)
                .containsEntry("lastSyncError", null)
                .containsEntry("lastSuccessfulSync", details.get("lastSuccessfulPull"));

            this.proxy.inject(FaultProxy.Request::isPush, Fault.FORBIDDEN);
            turso.execute("INSERT INTO items VALUES ('a', 'stays local')");
            for (int i = 0; i < 3; i++) {
                assertThat(catchThrowable(turso::sync)).hasMessageContaining("403");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> health(context).getStatus().equals(TursoHealthIndicator.STALE_SYNC));
            Map<String, Object> stale = health(context).getDetails();
            assertThat(stale).containsEntry("consecutiveSyncFailures", 3).containsEntry("pendingChanges", 1L);
            assertThat((String) stale.get("lastSyncError")).contains("403").doesNotContain(TOKEN);
            // Pulls still work; the replica is in sync only as of its last push.
            assertThat(replica.history().getLastSuccessfulPull()).isAfter(replica.history().getLastSuccessfulSync());
            assertThat(replica.history().getLastSuccessfulSync()).isEqualTo(replica.history().getLastSuccessfulPush());
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get("turso.sync.failures.consecutive").gauge().value()).isEqualTo(3);
            assertThat(meters.get("turso.sync.age").gauge().value()).isGreaterThanOrEqualTo(1);
            assertThat(meters.get("turso.sync").tag("operation", "sync").tag("outcome", "failure").timer().count())
                .isEqualTo(3);

            this.proxy.heal();
            turso.sync();
            Map<String, Object> recovered = health(context).getDetails();
            assertThat(health(context).getStatus()).isEqualTo(Status.UP);
            assertThat(recovered).containsEntry("consecutiveSyncFailures", 0)
                .containsEntry("lastSyncError", null)
                .containsEntry("pendingChanges", 0L);
            assertThat(meters.get("turso.sync.failures.consecutive").gauge().value()).isZero();
            assertThat(replica.history().getLastError()).isNull();
        });
    }

    private static Health health(ApplicationContext context) {
        return ((HealthIndicator) context.getBean("tursoHealthContributor")).health(true);
    }
}
