package dev.turso4j.spring.boot.autoconfigure.metrics;

import dev.turso4j.spring.boot.autoconfigure.TursoDataSourceAutoConfiguration;
import dev.turso4j.spring.boot.autoconfigure.TursoPooledDataSource;
import dev.turso4j.spring.metrics.TursoMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of every turso DataSource (see {@link TursoMetrics}), as a {@link MeterBinder}
 * bean that Spring Boot binds to its registries. HikariCP's own pool meters come from Spring Boot.
 */
@AutoConfiguration(after = TursoDataSourceAutoConfiguration.class)
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
@ConditionalOnBean(TursoPooledDataSource.class)
public final class TursoMetricsAutoConfiguration {

    @Bean
    MeterBinder tursoMetrics(ObjectProvider<TursoPooledDataSource> dataSources) {
        return (registry) -> dataSources.orderedStream()
            .forEach((dataSource) -> new TursoMetrics(dataSource.getTursoDataSource(), dataSource.getPoolName())
                .bindTo(registry));
    }
}
