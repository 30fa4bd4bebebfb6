package dev.turso4j.spring.data.jdbc;

import java.util.Optional;
import org.springframework.data.relational.core.sql.LockMode;
import org.springframework.data.relational.repository.Lock;
import org.springframework.data.repository.ListCrudRepository;

interface AccountRepository extends ListCrudRepository<Account, Long> {

    @Lock(LockMode.PESSIMISTIC_WRITE)
    Optional<Account> findByOwner(String owner);

    @Lock(LockMode.PESSIMISTIC_READ)
    Optional<Account> readByOwner(String owner);
}
