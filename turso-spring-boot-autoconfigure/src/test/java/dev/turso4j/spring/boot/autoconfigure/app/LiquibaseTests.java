package dev.turso4j.spring.boot.autoconfigure.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turso4j.spring.boot.autoconfigure.TursoDataSourceAutoConfiguration;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Liquibase (through its SQLite support) applies a changelog at start-up to the starter's
 * DataSource, on a file database and on {@code :memory:}, and a restart applies nothing twice.
 */
class LiquibaseTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TursoDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
                JdbcTemplateAutoConfiguration.class, LiquibaseAutoConfiguration.class))
        .withPropertyValues("spring.liquibase.change-log=classpath:db/changelog/notes.yaml");

    @TempDir
    Path dir;

    @Test
    void aChangelogMigratesAFileDatabaseOnceAcrossRestarts() {
        String database = "turso.database=" + this.dir.resolve("liquibase.db");
        this.runner.withPropertyValues(database).run((context) -> {
            assertThat(context).hasNotFailed();
            assertMigrated(context.getBean(JdbcTemplate.class));
        });
        this.runner.withPropertyValues(database).run((context) -> {
            assertThat(context).hasNotFailed();
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            assertMigrated(jdbc);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM DATABASECHANGELOG", Integer.class))
                .as("the second start found both change sets applied").isEqualTo(2);
        });
    }

    @Test
    void aChangelogMigratesAnInMemoryDatabase() {
        this.runner.withPropertyValues("turso.database=:memory:").run((context) -> {
            assertThat(context).hasNotFailed();
            assertMigrated(context.getBean(JdbcTemplate.class));
        });
    }

    private static void assertMigrated(JdbcTemplate jdbc) {
        assertThat(jdbc.queryForList("SELECT id FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED", String.class))
            .containsExactly("1", "2");
        assertThat(jdbc.queryForObject("SELECT title FROM note WHERE id = 1", String.class)).isEqualTo("first");
        assertThat(jdbc.queryForList("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'note'",
                String.class)).contains("note_title");
    }
}
