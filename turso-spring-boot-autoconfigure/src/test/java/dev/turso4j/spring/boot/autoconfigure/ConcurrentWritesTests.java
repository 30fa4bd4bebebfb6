package dev.turso4j.spring.boot.autoconfigure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import dev.turso4j.jdbc.TursoDataSource;
import dev.turso4j.jdbc.TursoJournalMode;
import dev.turso4j.spring.TursoTemplate;
import dev.turso4j.spring.metrics.TursoMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code turso.journal-mode=mvcc}: concurrent writers through the starter's pool, write conflicts
 * retried by {@link TursoTemplate#inTransaction}, and the settings around them.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ConcurrentWritesTests {

    @TempDir
    Path dir;

    private ApplicationContextRunner runner(String... properties) {
        return new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TursoDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
                    TursoTemplateAutoConfiguration.class))
            .withPropertyValues("turso.database=" + this.dir.resolve("app.db"), "turso.journal-mode=mvcc")
            .withPropertyValues(properties);
    }

    private static void counters(TursoTemplate turso) {
        turso.execute("CREATE TABLE IF NOT EXISTS counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
        turso.execute("INSERT INTO counters VALUES (1, 0), (2, 0), (3, 0)");
    }

    private static long count(JdbcTemplate jdbc, long id) {
        return jdbc.queryForObject("SELECT n FROM counters WHERE id = ?", Long.class, id);
    }

    /** Read, then write what was read plus one: the pattern that loses updates without isolation. */
    private static void increment(JdbcTemplate jdbc, long id) {
        jdbc.update("UPDATE counters SET n = ? WHERE id = ?", count(jdbc, id) + 1, id);
    }

    @Test
    void theModeAndThePoolSizeFollowTheProperty() {
        runner().run((context) -> {
            assertThat(context.getBean(HikariDataSource.class).unwrap(TursoDataSource.class).getJournalMode())
                .isEqualTo(TursoJournalMode.MVCC);
            assertThat(context.getBean(HikariDataSource.class).getMaximumPoolSize()).isEqualTo(8);
            assertThat(context.getBean(JdbcTemplate.class).queryForObject("PRAGMA journal_mode", String.class)).isEqualTo("mvcc");
        });
        runner("turso.journal-mode=wal").run((context) ->
            assertThat(context.getBean(HikariDataSource.class).getMaximumPoolSize()).isEqualTo(4));
        runner("turso.pool.maximum-size=3").run((context) ->
            assertThat(context.getBean(HikariDataSource.class).getMaximumPoolSize()).isEqualTo(3));
    }

    @Test
    void readModifyWriteTransactionsOnSharedCountersEndExact() throws Exception {
        runner("turso.transaction.max-retries=100", "turso.transaction.retry-backoff=1ms").run((context) -> {
            TursoTemplate turso = context.getBean(TursoTemplate.class);
            JdbcTemplate jdbc = turso.getJdbcTemplate();
            counters(turso);
            int threads = 8;
            int transactions = 50;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < transactions; i++) {
                        long id = 1 + ThreadLocalRandom.current().nextInt(3);
                        turso.inTransaction((status) -> {
                            increment(jdbc, id);
                            return null;
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get(90, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(count(jdbc, 1) + count(jdbc, 2) + count(jdbc, 3)).isEqualTo(threads * transactions);
            assertThat(turso.getConflictRetries()).as("conflicts were retried, not thrown").isPositive();
        });
    }

    @Test
    void theReadmeExampleTakesOneItemPerCallEvenUnderConflicts() throws Exception {
        // Every call writes the same row: enough retries that none runs out of them.
        runner("turso.transaction.max-retries=100", "turso.transaction.retry-backoff=1ms").run((context) -> {
            TursoTemplate turso = context.getBean(TursoTemplate.class);
            JdbcTemplate jdbc = turso.getJdbcTemplate();
            turso.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, stock INTEGER NOT NULL)");
            turso.execute("INSERT INTO items VALUES (1, 100)");
            long id = 1;
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        // README: begin
                        turso.inTransaction((status) -> {
                            long stock = jdbc.queryForObject("SELECT stock FROM items WHERE id = ?", Long.class, id);
                            return jdbc.update("UPDATE items SET stock = ? WHERE id = ?", stock - 1, id);
                        });
                        // README: end
                    }
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get(90, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(jdbc.queryForObject("SELECT stock FROM items WHERE id = 1", Long.class)).isEqualTo(20);
        });
    }

    @Test
    void writersOfDisjointRowsNeverConflict() throws Exception {
        runner("turso.transaction.max-retries=0").run((context) -> {
            TursoTemplate turso = context.getBean(TursoTemplate.class);
            turso.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
            int threads = 4;
            for (int t = 0; t < threads; t++) {
                turso.execute("INSERT INTO rows VALUES (?, 0)", t);
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        turso.inTransaction((status) -> turso.getJdbcTemplate().update("UPDATE rows SET n = n + 1 WHERE id = ?", id));
                    }
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get(90, TimeUnit.SECONDS); // with max-retries=0 a conflict would fail here
            }
            pool.shutdown();
            assertThat(turso.getJdbcTemplate().queryForList("SELECT n FROM rows ORDER BY id", Integer.class))
                .containsExactly(100, 100, 100, 100);
            assertThat(turso.getConflictRetries()).isZero();
        });
    }

    @Test
    void theLoserOfAConflictRunsAgainAndBothEffectsLand() throws Exception {
        runner().run((context) -> {
            TursoTemplate turso = context.getBean(TursoTemplate.class);
            JdbcTemplate jdbc = turso.getJdbcTemplate();
            counters(turso);
            CountDownLatch firstWrote = new CountDownLatch(1);
            CountDownLatch secondConflicted = new CountDownLatch(1);
            AtomicInteger secondRuns = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Future<?> first = pool.submit(() -> turso.inTransaction((status) -> {
                jdbc.update("UPDATE counters SET n = n + 1 WHERE id = 1");
                firstWrote.countDown();
                await(secondConflicted);
                return null;
            }));
            Future<?> second = pool.submit(() -> turso.inTransaction((status) -> {
                await(firstWrote);
                if (secondRuns.incrementAndGet() == 1) {
                    try {
                        jdbc.update("UPDATE counters SET n = n + 10 WHERE id = 1");
                    }
                    finally {
                        secondConflicted.countDown();
                    }
                }
                else {
                    jdbc.update("UPDATE counters SET n = n + 10 WHERE id = 1");
                }
                return null;
            }));
            first.get(30, TimeUnit.SECONDS);
            second.get(30, TimeUnit.SECONDS);
            pool.shutdown();
            assertThat(secondRuns.get()).as("the second transaction conflicted once, then committed").isGreaterThanOrEqualTo(2);
            assertThat(count(jdbc, 1)).isEqualTo(11);
            assertThat(turso.getConflictRetries()).isPositive();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new TursoMetrics(context.getBean(HikariDataSource.class).unwrap(TursoDataSource.class), "turso").bindTo(registry);
            assertThat(registry.get("turso.transaction.conflicts").functionCounter().count())
                .isEqualTo(turso.getConflictRetries());
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(20, TimeUnit.SECONDS)).isTrue();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void withoutRetriesAConflictIsASpringConcurrencyFailure() {
        runner("turso.transaction.max-retries=0").run((context) -> {
            TursoTemplate turso = context.getBean(TursoTemplate.class);
            JdbcTemplate jdbc = turso.getJdbcTemplate();
            counters(turso);
            assertThatExceptionOfType(ConcurrencyFailureException.class).isThrownBy(() -> turso.inTransaction((outer) -> {
                jdbc.update("UPDATE counters SET n = n + 1 WHERE id = 2");
                // Another transaction, on another pooled connection, writes the same row.
                TransactionTemplate other = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
                other.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
                return other.execute((inner) -> jdbc.update("UPDATE counters SET n = n + 1 WHERE id = 2"));
            })).satisfies((ex) -> assertThat(ex.getMostSpecificCause()).hasMessageContaining("conflict"));
            assertThat(count(jdbc, 2)).as("the inner transaction lost, and the outer failed with it").isZero();
        });
    }

    @Test
    void insideAnOpenTransactionTheCallbackJoinsItAndRunsOnce() {
        runner().run((context) -> {
            TursoTemplate turso = context.getBean(TursoTemplate.class);
            counters(turso);
            TransactionTemplate outer = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
            AtomicInteger runs = new AtomicInteger();
            outer.executeWithoutResult((status) -> {
                turso.inTransaction((inner) -> {
                    runs.incrementAndGet();
                    return turso.getJdbcTemplate().update("UPDATE counters SET n = 5 WHERE id = 3");
                });
                status.setRollbackOnly();
            });
            assertThat(runs.get()).isEqualTo(1);
            assertThat(count(turso.getJdbcTemplate(), 3)).as("rolled back with the outer transaction").isZero();
        });
    }

    @Test
    void invalidSettingsFailTheStartUp() {
        runner("turso.transaction.max-retries=-1").run((context) -> assertThat(context).getFailure()
            .rootCause().hasMessageContaining("turso.transaction.max-retries must be 0 or more"));
        runner("turso.journal-mode=mvcc", "turso.remote-url=http://127.0.0.1:9", "turso.auth-token=t")
            .run((context) -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("journal_mode=mvcc is not supported for an embedded replica"));
    }
}
