package dev.turso4j.spring.data.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code @Lock} renders no {@code FOR UPDATE} (turso has none), and needs none: the read-write
 * transaction that runs the locking read holds the database's write lock from that read to its end.
 */
class LockTests extends DataJdbcTestSupport {

    @Autowired
    AccountRepository accounts;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopThreads() {
        this.executor.shutdownNow();
    }

    @Test
    void lockingQueriesRunInAndOutOfTransactions() {
        Account saved = this.accounts.save(new Account(null, "carl", 10, null));
        TransactionTemplate readOnly = new TransactionTemplate(this.transactionManager);
        readOnly.setReadOnly(true);

        assertThat(this.accounts.findByOwner("carl")).contains(saved);
        assertThat(this.accounts.readByOwner("carl")).contains(saved);
        Optional<Account> inReadOnlyTransaction = readOnly.execute((status) -> this.accounts.findByOwner("carl"));
        assertThat(inReadOnlyTransaction).contains(saved);
    }

    @Test
    void aWriterWaitsUntilTheTransactionThatLockedTheRowEnds() throws Exception {
        Account saved = this.accounts.save(new Account(null, "dora", 10, null));
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TransactionTemplate tx = new TransactionTemplate(this.transactionManager);
        Future<?> holder = this.executor.submit(() -> tx.executeWithoutResult((status) -> {
            this.accounts.findByOwner("dora").orElseThrow();
            locked.countDown();
            await(release);
        }));
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

        Future<Integer> writer = this.executor
            .submit(() -> this.jdbc.update("UPDATE account SET balance = 0 WHERE id = ?", saved.id()));
        Thread.sleep(300);
        assertThat(writer.isDone()).as("the writer went ahead of the locking transaction").isFalse();

        release.countDown();
        holder.get(10, TimeUnit.SECONDS);
        assertThat(writer.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void concurrentReadModifyWriteLosesNoUpdate() throws Exception {
        Account saved = this.accounts.save(new Account(null, "eve", 0, null));
        TransactionTemplate tx = new TransactionTemplate(this.transactionManager);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            workers.add(this.executor.submit(() -> {
                for (int i = 0; i < 5; i++) {
                    tx.executeWithoutResult((status) -> {
                        Account current = this.accounts.findByOwner("eve").orElseThrow();
                        sleep(10);
                        this.accounts.save(current.withBalance(current.balance() + 1));
                    });
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }

        assertThat(this.accounts.findById(saved.id())).get().extracting(Account::balance).isEqualTo(20L);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
