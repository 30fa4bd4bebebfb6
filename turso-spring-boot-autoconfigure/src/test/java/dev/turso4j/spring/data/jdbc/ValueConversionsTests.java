package dev.turso4j.spring.data.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each value type round-trips through a repository, is stored in the form the driver documents (so
 * other SQLite tools read it), and works as a query argument.
 */
class ValueConversionsTests extends DataJdbcTestSupport {

    private static final Instant TAKEN_AT = Instant.parse("2024-03-31T01:30:15.123456789Z");

    private static final UUID REFERENCE = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");

    @Autowired
    ReadingRepository readings;

    @Autowired
    JdbcTemplate jdbc;

    private Reading saved;

    @BeforeEach
    void oneReading() {
        this.readings.deleteAll();
        this.saved = this.readings.save(new Reading(null, TAKEN_AT, LocalDateTime.of(2024, 3, 31, 2, 30, 0, 500_000_000),
                LocalDate.of(2024, 2, 29), LocalTime.of(23, 59, 58), REFERENCE, true, false, Reading.Level.HIGH,
                new BigDecimal("12345678901234567890.000000000001")));
    }

    @Test
    void everyValueComesBackEqual() {
        assertThat(this.readings.findById(this.saved.id())).contains(this.saved);
    }

    @Test
    void nullsComeBackAsNulls() {
        Reading empty = this.readings.save(new Reading(null, null, null, null, null, null, null, true, null, null));

        assertThat(this.readings.findById(empty.id())).contains(empty);
    }

    @Test
    void valuesAreStoredAsTheDriverDocuments() {
        Map<String, Object> row = this.jdbc.queryForMap("SELECT taken_at, typeof(taken_at) AS t1, local_taken_at, day, "
                + "at_time, reference, verified, typeof(verified) AS t2, active, level, amount, typeof(amount) AS t3 "
                + "FROM reading WHERE id = ?", this.saved.id());

        assertThat(row).containsEntry("taken_at", "2024-03-31 01:30:15.123456789+00:00")
            .containsEntry("t1", "text")
            .containsEntry("local_taken_at", "2024-03-31 02:30:00.5")
            .containsEntry("day", "2024-02-29")
            .containsEntry("at_time", "23:59:58")
            .containsEntry("reference", "0f8fad5b-d9cb-469f-a165-70867728950e")
            .containsEntry("verified", 1L)
            .containsEntry("t2", "integer")
            .containsEntry("active", 0L)
            .containsEntry("level", "HIGH")
            .containsEntry("amount", "12345678901234567890.000000000001")
            .containsEntry("t3", "text");
    }

    @Test
    void valuesAsQueryArguments() {
        assertThat(this.readings.findByTakenAtBefore(TAKEN_AT.plusMillis(1))).containsExactly(this.saved);
        assertThat(this.readings.findByTakenAtBefore(TAKEN_AT)).isEmpty();
        assertThat(this.readings.findByDay(LocalDate.of(2024, 2, 29))).containsExactly(this.saved);
        assertThat(this.readings.findByReference(REFERENCE)).containsExactly(this.saved);
        assertThat(this.readings.findByLevel(Reading.Level.HIGH)).containsExactly(this.saved);
        assertThat(this.readings.findByLevel(Reading.Level.LOW)).isEmpty();
        assertThat(this.readings.findByVerifiedTrue()).containsExactly(this.saved);
        assertThat(this.readings.findByActiveFalse()).containsExactly(this.saved);
    }

    @Test
    void textWrittenByOtherToolsIsRead() {
        this.jdbc.update("INSERT INTO reading (id, taken_at, local_taken_at, day, active) "
                + "VALUES (1000, '2024-01-02T03:04:05Z', '2024-01-02T03:04', '2024-01-02', 1)");

        Reading read = this.readings.findById(1000L).orElseThrow();

        assertThat(read.takenAt()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(read.localTakenAt()).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4));
        assertThat(read.day()).isEqualTo(LocalDate.of(2024, 1, 2));
        assertThat(read.active()).isTrue();
    }
}
