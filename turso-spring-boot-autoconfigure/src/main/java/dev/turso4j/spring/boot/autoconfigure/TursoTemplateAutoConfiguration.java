package dev.turso4j.spring.boot.autoconfigure;

import dev.turso4j.spring.TursoTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A {@link TursoTemplate} on the turso DataSource, sharing the application's {@link JdbcTemplate}
 * (and its {@code spring.jdbc.template.*} settings) when there is one.
 */
@AutoConfiguration(after = TursoDataSourceAutoConfiguration.class,
        afterName = "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration")
@ConditionalOnBean(TursoPooledDataSource.class)
public final class TursoTemplateAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TursoTemplate tursoTemplate(TursoPooledDataSource dataSource, ObjectProvider<JdbcTemplate> jdbcTemplate) {
        JdbcTemplate jdbc = jdbcTemplate.getIfUnique(() -> new JdbcTemplate(dataSource));
        return new TursoTemplate(jdbc);
    }
}
