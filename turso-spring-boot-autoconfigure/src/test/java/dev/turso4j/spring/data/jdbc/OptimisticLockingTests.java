package dev.turso4j.spring.data.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;

/** {@code @Version}: a save based on a stale copy fails instead of overwriting. */
class OptimisticLockingTests extends DataJdbcTestSupport {

    @Autowired
    AccountRepository accounts;

    @Test
    void theVersionStartsAtZeroAndCountsUpdates() {
        Account saved = this.accounts.save(new Account(null, "ann", 100, null));
        Account updated = this.accounts.save(saved.withBalance(150));

        assertThat(saved.version()).isZero();
        assertThat(updated.version()).isEqualTo(1);
        assertThat(this.accounts.findById(saved.id())).contains(updated);
    }

    @Test
    void aStaleCopyCannotBeSavedNorDeleted() {
        Account saved = this.accounts.save(new Account(null, "bob", 100, null));
        Account first = this.accounts.findById(saved.id()).orElseThrow();
        Account second = this.accounts.findById(saved.id()).orElseThrow();
        this.accounts.save(first.withBalance(90));

        assertThatExceptionOfType(OptimisticLockingFailureException.class)
            .isThrownBy(() -> this.accounts.save(second.withBalance(80)));
        assertThatExceptionOfType(OptimisticLockingFailureException.class)
            .isThrownBy(() -> this.accounts.delete(second));
        assertThat(this.accounts.findById(saved.id())).get().extracting(Account::balance).isEqualTo(90L);
    }
}
