package dev.turso4j.spring.data.jdbc;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

@Table("reading")
record Reading(@Id Long id, Instant takenAt, LocalDateTime localTakenAt, LocalDate day, LocalTime atTime,
        UUID reference, Boolean verified, boolean active, Level level, BigDecimal amount) {

    enum Level {
        LOW, HIGH
    }
}
