package dev.turso4j.spring.boot.autoconfigure.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Real clients on the starter's DataSource: Flyway migrates it (through its SQLite support), and
 * Hibernate with the community SQLite dialect validates the schema and round-trips an entity.
 */
@SpringBootTest(classes = TestApplication.class, properties = "spring.jpa.hibernate.ddl-auto=validate")
class SpringClientsTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("turso4j-clients");
        registry.add("turso.database", () -> dir.resolve("clients.db").toString());
    }

    @Autowired
    BookRepository books;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void flywayRanEveryMigrationAndRecordedIt() {
        assertThat(this.jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE success = 1 ORDER BY installed_rank",
                String.class)).containsExactly("1", "2");
        assertThat(this.jdbc.queryForObject("SELECT value FROM counter WHERE id = 1", Integer.class)).isZero();
    }

    @Test
    void hibernateRoundTripsAnEntity() {
        Book saved = this.books.save(new Book("Dune", new BigDecimal("9.99"), LocalDate.of(1965, 8, 1), true));
        assertThat(saved.getId()).isNotNull();
        Book loaded = this.books.findById(saved.getId()).orElseThrow();
        assertThat(loaded.getTitle()).isEqualTo("Dune");
        assertThat(loaded.getPrice()).isEqualByComparingTo("9.99");
        assertThat(loaded.getPublished()).isEqualTo(LocalDate.of(1965, 8, 1));
        assertThat(loaded.isAvailable()).isTrue();
        loaded.setTitle("Dune Messiah");
        this.books.save(loaded);
        assertThat(this.books.findByTitleContaining("Messiah")).hasSize(1);
        this.books.deleteById(saved.getId());
        assertThat(this.books.count()).isZero();
    }
}
