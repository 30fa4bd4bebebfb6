package dev.turso4j.spring.boot.autoconfigure.health;

import dev.turso4j.spring.boot.autoconfigure.TursoDataSourceAutoConfiguration;
import dev.turso4j.spring.boot.autoconfigure.TursoPooledDataSource;
import dev.turso4j.spring.boot.autoconfigure.TursoProperties;
import dev.turso4j.spring.health.TursoHealthIndicator;
import java.time.Duration;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.CompositeHealthContributorConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code turso} health indicator ({@code management.health.turso.enabled}): one entry per turso
 * DataSource. Guarded by class so that an application without actuator's health module never loads
 * the health types.
 */
@AutoConfiguration(after = TursoDataSourceAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(TursoPooledDataSource.class)
@EnableConfigurationProperties(TursoProperties.class)
public final class TursoHealthContributorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator("turso")
    static class TursoHealthConfiguration
            extends CompositeHealthContributorConfiguration<TursoHealthIndicator, TursoPooledDataSource> {

        TursoHealthConfiguration(TursoProperties properties) {
            super((dataSource) -> new TursoHealthIndicator(dataSource, dataSource.getTursoDataSource(),
                    properties.getHealth().getTimeout(), staleAfter(properties.getSync())));
        }

        @Bean
        @ConditionalOnMissingBean(name = { "tursoHealthIndicator", "tursoHealthContributor" })
        HealthContributor tursoHealthContributor(ConfigurableListableBeanFactory beanFactory) {
            return createContributor(beanFactory, TursoPooledDataSource.class);
        }

        /** The configured limit, else three sync intervals, else none. */
        static Duration staleAfter(TursoProperties.Sync sync) {
            if (sync.getStaleAfter() != null) {
                return sync.getStaleAfter();
            }
            return (sync.getInterval() != null) ? sync.getInterval().multipliedBy(3) : null;
        }
    }
}
