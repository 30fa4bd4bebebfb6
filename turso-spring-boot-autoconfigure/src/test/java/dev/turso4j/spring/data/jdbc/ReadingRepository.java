package dev.turso4j.spring.data.jdbc;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.data.repository.ListCrudRepository;

interface ReadingRepository extends ListCrudRepository<Reading, Long> {

    List<Reading> findByTakenAtBefore(Instant instant);

    List<Reading> findByDay(LocalDate day);

    List<Reading> findByReference(UUID reference);

    List<Reading> findByLevel(Reading.Level level);

    List<Reading> findByVerifiedTrue();

    List<Reading> findByActiveFalse();
}
