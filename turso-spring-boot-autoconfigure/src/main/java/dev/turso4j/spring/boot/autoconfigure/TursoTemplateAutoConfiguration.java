package dev.turso4j.spring.boot.autoconfigure;

import dev.turso4j.spring.TursoOperationObserver;
import dev.turso4j.spring.TursoTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import dev.turso4j.spring.boot.autoconfigure.observation.TursoObservationAutoConfiguration;

/**
 * A {@link TursoTemplate} on the turso DataSource, sharing the application's {@link JdbcTemplate}
 * (and its {@code spring.jdbc.template.*} settings) when there is one, observed when an
 * {@link TursoOperationObserver} is available, retrying write conflicts as {@code turso.transaction.*} says.
 */
@AutoConfiguration(after = { TursoDataSourceAutoConfiguration.class, TursoObservationAutoConfiguration.class },
        afterName = "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration")
@ConditionalOnBean(TursoPooledDataSource.class)
public final class TursoTemplateAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TursoTemplate tursoTemplate(TursoPooledDataSource dataSource, TursoProperties properties,
            ObjectProvider<JdbcTemplate> jdbcTemplate, ObjectProvider<TursoOperationObserver> observer) {
        TursoTemplate template = new TursoTemplate(jdbcTemplate.getIfUnique(() -> new JdbcTemplate(dataSource)));
        template.setTransactionRetry(properties.getTransaction().getMaxRetries(),
                properties.getTransaction().getRetryBackoff());
        observer.ifUnique(template::setOperationObserver);
        return template;
    }
}
