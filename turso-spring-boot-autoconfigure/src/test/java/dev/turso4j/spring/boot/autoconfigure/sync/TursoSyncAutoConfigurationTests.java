package dev.turso4j.spring.boot.autoconfigure.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turso4j.jdbc.TursoConfig;
import dev.turso4j.jdbc.TursoErrorCode;
import dev.turso4j.jdbc.TursoReplica;
import dev.turso4j.spring.TursoAuthTokenProvider;
import dev.turso4j.spring.TursoTemplate;
import dev.turso4j.spring.boot.autoconfigure.TursoDataSourceAutoConfiguration;
import dev.turso4j.spring.boot.autoconfigure.TursoPooledDataSource;
import dev.turso4j.spring.boot.autoconfigure.TursoTemplateAutoConfiguration;
import dev.turso4j.spring.sync.TursoRowidKeyCheck;
import dev.turso4j.spring.sync.TursoRowidKeysException;
import dev.turso4j.spring.sync.TursoSyncScheduler;
import dev.turso4j.testing.SyncServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Embedded replicas configured from {@code turso.*}, against a real sync server on loopback.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TursoSyncAutoConfigurationTests {

    @TempDir
    Path dir;

    private SyncServer server;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TursoDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
                JdbcTemplateAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
                TursoTemplateAutoConfiguration.class, TursoSyncAutoConfiguration.class));

    @BeforeEach
    void startServer() {
        this.server = SyncServer.start(this.dir.resolve("server"));
        this.server.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)", "INSERT INTO items VALUES (1, 'seeded')");
    }

    @AfterEach
    void stopServer() {
        this.server.close();
    }

    private ApplicationContextRunner replica(String file, String... properties) {
        return this.runner.withPropertyValues("turso.database=" + this.dir.resolve(file), "turso.remote-url=" + this.server.url(),
                "turso.auth-token=test-token").withPropertyValues(properties);
    }

    @Test
    void localDatabasesHaveNoScheduler() {
        this.runner.run((context) -> assertThat(context).doesNotHaveBean(TursoSyncScheduler.class));
    }

    @Test
    void bootstrapsThenSyncsPeriodicallyBothWays() {
        replica("a.db", "turso.sync.interval=200ms").run((context) -> {
            TursoTemplate turso = context.getBean(TursoTemplate.class);
            assertThat(turso.query("SELECT name FROM items").rows()).extracting((r) -> r.get("name")).containsExactly("seeded");
            turso.execute("INSERT INTO items VALUES (2, 'local')");
            await().atMost(Duration.ofSeconds(20)).until(() -> this.server.queryLong("SELECT count(*) FROM items") == 2);
            this.server.execute("INSERT INTO items VALUES (3, 'remote')");
            await().atMost(Duration.ofSeconds(20))
                .until(() -> turso.query("SELECT count(*) AS n FROM items").rows().get(0).get("n").equals(3L));
        });
    }

    @Test
    void twoApplicationsConvergeThroughTheServer() {
        replica("one.db", "turso.sync.interval=200ms").run((one) -> replica("two.db", "turso.sync.interval=200ms").run((two) -> {
            one.getBean(TursoTemplate.class).execute("INSERT INTO items VALUES (10, 'from one')");
            two.getBean(TursoTemplate.class).execute("INSERT INTO items VALUES (20, 'from two')");
            for (var context : new org.springframework.context.ApplicationContext[] { one, two }) {
                TursoTemplate turso = context.getBean(TursoTemplate.class);
                await().atMost(Duration.ofSeconds(30))
                    .until(() -> turso.query("SELECT count(*) AS n FROM items").rows().get(0).get("n").equals(3L));
            }
        }));
    }

    @Test
    void aFinalPushAtShutdownSendsWhatIsLeft() {
        replica("final.db").run((context) -> {
            assertThat(context).hasSingleBean(TursoSyncScheduler.class);
            context.getBean(TursoTemplate.class).execute("INSERT INTO items VALUES (4, 'written just before shutdown')");
            assertThat(this.server.queryLong("SELECT count(*) FROM items")).isEqualTo(1);
        });
        assertThat(this.server.queryLong("SELECT count(*) FROM items WHERE id = 4")).isEqualTo(1);
    }

    @Test
    void theTokenProviderIsAskedForEveryRequest() {
        AtomicInteger calls = new AtomicInteger();
        replica("token.db").withBean(TursoAuthTokenProvider.class, () -> () -> "rotating-" + calls.incrementAndGet())
            .run((context) -> {
                int afterStart = calls.get();
                TursoTemplate turso = context.getBean(TursoTemplate.class);
                turso.sync();
                turso.sync();
                assertThat(calls.get()).isGreaterThan(afterStart + 1);
            });
    }

    @Test
    void syncIsRefusedInsideASpringTransaction() {
        replica("tx.db").run((context) -> {
            TursoTemplate turso = context.getBean(TursoTemplate.class);
            TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
            tx.executeWithoutResult((status) -> {
                turso.execute("INSERT INTO items VALUES (5, 'in tx')");
                try {
                    turso.sync();
                    throw new AssertionError("sync inside a transaction must be refused");
                }
                catch (RuntimeException ex) {
                    assertThat(TursoErrorCode.of(ex)).isEqualTo(TursoErrorCode.MISUSE);
                }
            });
        });
    }

    @Test
    void checkpointsWhenTheWalPassesTheThreshold() {
        replica("wal.db", "turso.sync.interval=200ms", "turso.sync.checkpoint-threshold=1KB").run((context) -> {
            TursoReplica replica = context.getBean(TursoPooledDataSource.class).getTursoDataSource().getReplica();
            TursoTemplate turso = context.getBean(TursoTemplate.class);
            for (int i = 0; i < 200; i++) {
                turso.execute("INSERT INTO items (name) VALUES (?)", "row " + i);
            }
            long grown = replica.stats().walSizeBytes();
            assertThat(grown).isGreaterThan(1024);
            await().atMost(Duration.ofSeconds(20)).until(() -> replica.stats().walSizeBytes() < grown);
        });
    }

    @Test
    void syncTimeoutsReachTheReplica() {
        replica("timeouts.db", "turso.sync.connect-timeout=700ms", "turso.sync.request-timeout=1500ms").run((context) -> {
            TursoConfig config = context.getBean(TursoPooledDataSource.class).getTursoDataSource().getConfig();
            assertThat(config.getSyncConnectTimeout()).isEqualTo(Duration.ofMillis(700));
            assertThat(config.getSyncRequestTimeout()).isEqualTo(Duration.ofMillis(1500));
        });
    }

    @Test
    void aSyncDurationThatIsNotPositiveFailsTheStartUpNamingTheProperty() {
        for (String property : new String[] { "turso.sync.interval=0s", "turso.sync.request-timeout=-1s",
                "turso.sync.connect-timeout=0ms", "turso.sync.max-backoff=0s", "turso.sync.stale-after=0s" }) {
            replica("invalid.db", property).run((context) -> {
                assertThat(context).hasFailed();
                // The property, its value, the reason (TursoFailureAnalyzers.InvalidProperty explains it).
                BindException failure = findCause(context.getStartupFailure(), BindException.class);
                assertThat(failure).as(property).isNotNull();
                assertThat(failure.getProperty().getName().toString()).isEqualTo(property.substring(0, property.indexOf('=')));
                assertThat(failure).hasStackTraceContaining("must be a positive duration");
            });
        }
    }

    @Test
    void checkpointsWhileTheRemoteIsDown() {
        replica("offline-wal.db", "turso.sync.interval=200ms", "turso.sync.max-backoff=300ms",
                "turso.sync.checkpoint-threshold=1KB").run((context) -> {
            TursoReplica replica = context.getBean(TursoPooledDataSource.class).getTursoDataSource().getReplica();
            TursoTemplate turso = context.getBean(TursoTemplate.class);
            this.server.stop();
            await().atMost(Duration.ofSeconds(20)).until(() -> replica.history().getConsecutiveFailures() > 0);
            for (int i = 0; i < 200; i++) {
                turso.execute("INSERT INTO items (name) VALUES (?)", "offline " + i);
            }
            long grown = replica.stats().walSizeBytes();
            await().atMost(Duration.ofSeconds(20)).until(() -> replica.stats().walSizeBytes() < grown);
            assertThat(replica.stats().pendingChanges()).isEqualTo(200);
            this.server.restart();
            await().atMost(Duration.ofSeconds(30))
                .until(() -> this.server.queryLong("SELECT count(*) FROM items WHERE name LIKE 'offline%'") == 200);
        });
    }

    @Test
    void rowidKeyedTablesAreNamedAtStartUpWhenAsked(CapturedOutput output) {
        this.runner.run((context) -> assertThat(context).doesNotHaveBean(TursoRowidKeyCheck.class));
        replica("keys-warn.db", "turso.sync.rowid-keys=warn").run((context) -> {
            assertThat(context).hasNotFailed().hasSingleBean(TursoRowidKeyCheck.class);
            assertThat(output).contains("turso replica tables keyed by rowid: [items]");
        });
        replica("keys-fail.db", "turso.sync.rowid-keys=fail").run((context) -> {
            assertThat(context).hasFailed();
            TursoRowidKeysException failure = findCause(context.getStartupFailure(), TursoRowidKeysException.class);
            assertThat(failure.getTables()).containsExactly("items");
        });
        this.server.execute("CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT)", "DROP TABLE items");
        replica("keys-fine.db", "turso.sync.rowid-keys=fail").run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void aFailingRemoteKeepsLocalWorkGoingAndRecovers(CapturedOutput output) {
        replica("outage.db", "turso.sync.interval=200ms", "turso.sync.max-backoff=1s").run((context) -> {
            TursoTemplate turso = context.getBean(TursoTemplate.class);
            TursoReplica replica = context.getBean(TursoPooledDataSource.class).getTursoDataSource().getReplica();
            this.server.stop();
            await().atMost(Duration.ofSeconds(20)).until(() -> replica.history().getConsecutiveFailures() > 0);
            for (int i = 0; i < 20; i++) {
                turso.execute("INSERT INTO items (name) VALUES (?)", "offline " + i);
            }
            assertThat(turso.query("SELECT count(*) AS n FROM items WHERE name LIKE 'offline%'").rows().get(0).get("n"))
                .isEqualTo(20L);
            this.server.restart();
            await().atMost(Duration.ofSeconds(30))
                .until(() -> this.server.queryLong("SELECT count(*) FROM items WHERE name LIKE 'offline%'") == 20);
            await().atMost(Duration.ofSeconds(5)).until(() -> replica.history().getConsecutiveFailures() == 0);
            // One story: the start-up line, failures counted as health counts them, the recovery.
            assertThat(output).contains("turso replica " + this.dir.resolve("outage.db") + " of " + this.server.url()
                    + ": sync every PT0.2S")
                .contains("turso sync failed (1 in a row)")
                .contains("turso sync works again after");
        });
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
