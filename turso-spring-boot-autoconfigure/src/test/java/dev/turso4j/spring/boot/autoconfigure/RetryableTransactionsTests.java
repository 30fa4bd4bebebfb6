package dev.turso4j.spring.boot.autoconfigure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's way to retry write conflicts of {@code @Transactional} methods in MVCC mode: Spring's
 * {@code @Retryable} around the transaction, so each attempt is a new transaction.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RetryableTransactionsTests {

    @TempDir
    Path dir;

    // README: begin
    @Service
    static class Accounts {

        private final JdbcTemplate jdbc;

        Accounts(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        // A conflict rolls the transaction back; @Retryable then calls the method again, in a new one.
        @Retryable(includes = ConcurrencyFailureException.class, maxRetries = 20, delay = 2, jitter = 1, multiplier = 2)
        @Transactional
        public void deposit(long account, long amount) {
            long balance = this.jdbc.queryForObject("SELECT balance FROM accounts WHERE id = ?", Long.class, account);
            this.jdbc.update("UPDATE accounts SET balance = ? WHERE id = ?", balance + amount, account);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableResilientMethods
    @EnableTransactionManagement
    @Import(Accounts.class)
    static class RetryingConfiguration {
    }
    // README: end

    @Test
    void conflictingTransactionalMethodsAreRetriedAndEndExact() throws Exception {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TursoDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
                    TursoTemplateAutoConfiguration.class))
            .withUserConfiguration(RetryingConfiguration.class)
            .withPropertyValues("turso.database=" + this.dir.resolve("bank.db"), "turso.journal-mode=mvcc")
            .run((context) -> {
                JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                jdbc.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)");
                jdbc.update("INSERT INTO accounts VALUES (1, 0), (2, 0)");
                Accounts accounts = context.getBean(Accounts.class);
                ExecutorService pool = Executors.newFixedThreadPool(6);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 6; t++) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 40; i++) {
                            accounts.deposit(1 + (i % 2), 5);
                        }
                        return null;
                    }));
                }
                for (Future<?> each : done) {
                    each.get(90, TimeUnit.SECONDS);
                }
                pool.shutdown();
                assertThat(jdbc.queryForList("SELECT balance FROM accounts ORDER BY id", Long.class)).containsExactly(600L, 600L);
            });
    }
}
