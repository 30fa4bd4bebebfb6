package dev.turso4j.spring.boot.autoconfigure.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turso4j.jdbc.TursoErrorCode;
import dev.turso4j.spring.TursoTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Spring-managed transactions over the pool: TursoTemplate and JdbcTemplate share them, and many
 * threads through a small pool lose nothing.
 */
@SpringBootTest(classes = TestApplication.class, properties = "turso.pool.maximum-size=4")
class TransactionsAndPoolTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("turso4j-tx");
        registry.add("turso.database", () -> dir.resolve("tx.db").toString());
    }

    @Autowired
    TursoTemplate turso;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    DataSource dataSource;

    @Test
    void tursoTemplateAndJdbcTemplateRollBackTogether() {
        TransactionTemplate tx = new TransactionTemplate(this.transactionManager);
        tx.executeWithoutResult((status) -> {
            this.turso.execute("INSERT INTO note (body) VALUES (?)", "from turso");
            this.jdbc.update("INSERT INTO note (body) VALUES (?)", "from jdbc");
            assertThat(this.turso.query("SELECT count(*) AS n FROM note").rows().get(0).get("n")).isEqualTo(2L);
            assertThatSyncIsRefused();
            status.setRollbackOnly();
        });
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM note", Long.class)).isZero();
    }

    private void assertThatSyncIsRefused() {
        try {
            this.turso.pull();
            throw new AssertionError("pull inside a transaction must be refused");
        }
        catch (RuntimeException ex) {
            assertThat(TursoErrorCode.of(ex)).isEqualTo(TursoErrorCode.MISUSE);
        }
    }

    @Test
    void sixteenThreadsIncrementOneCounterThroughAPoolOfFour() throws Exception {
        TransactionTemplate tx = new TransactionTemplate(this.transactionManager);
        long before = this.jdbc.queryForObject("SELECT value FROM counter WHERE id = 1", Long.class);
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                results.add(threads.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        tx.executeWithoutResult((status) -> {
                            long value = this.jdbc.queryForObject("SELECT value FROM counter WHERE id = 1", Long.class);
                            this.jdbc.update("UPDATE counter SET value = ? WHERE id = 1", value + 1);
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(2, TimeUnit.MINUTES);
            }
        }
        finally {
            threads.shutdownNow();
            assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).as("threads stop").isTrue();
        }
        assertThat(this.jdbc.queryForObject("SELECT value FROM counter WHERE id = 1", Long.class))
            .isEqualTo(before + 16 * 25);
    }
}
