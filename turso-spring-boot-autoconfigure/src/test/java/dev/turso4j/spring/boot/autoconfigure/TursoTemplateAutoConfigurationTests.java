package dev.turso4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turso4j.spring.TursoTemplate;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class TursoTemplateAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TursoDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
                JdbcTemplateAutoConfiguration.class, TursoTemplateAutoConfiguration.class));

    @Test
    void templateSharesTheApplicationsJdbcTemplate() {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(TursoTemplate.class);
            assertThat(context.getBean(TursoTemplate.class).getJdbcTemplate())
                .isSameAs(context.getBean(JdbcTemplate.class));
            TursoTemplate turso = context.getBean(TursoTemplate.class);
            turso.execute("CREATE TABLE users (id INTEGER, name TEXT)");
            turso.execute("INSERT INTO users VALUES (?, ?)", 1, "Alice");
            assertThat(turso.query("SELECT name FROM users WHERE id = ?", 1).rows().get(0).get("name")).isEqualTo("Alice");
        });
    }

    @Test
    void templateWorksWithoutBootsJdbcTemplate() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TursoDataSourceAutoConfiguration.class,
                    TursoTemplateAutoConfiguration.class))
            .run((context) -> assertThat(context).hasSingleBean(TursoTemplate.class).doesNotHaveBean(JdbcTemplate.class));
    }

    @Test
    void backsOffForAnApplicationDataSource() {
        this.runner.withBean(DataSource.class, () -> new DriverManagerDataSource("jdbc:turso::memory:"))
            .run((context) -> assertThat(context).doesNotHaveBean(TursoTemplate.class));
    }

    @Test
    void anApplicationTemplateWins() {
        this.runner.withBean("myTemplate", TursoTemplate.class, () -> new TursoTemplate(new DriverManagerDataSource("jdbc:turso::memory:")))
            .run((context) -> assertThat(context).hasSingleBean(TursoTemplate.class).hasBean("myTemplate"));
    }
}
