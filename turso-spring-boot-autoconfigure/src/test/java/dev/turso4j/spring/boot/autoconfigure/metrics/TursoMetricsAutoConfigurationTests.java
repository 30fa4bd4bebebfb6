package dev.turso4j.spring.boot.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turso4j.spring.boot.autoconfigure.TursoDataSourceAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class TursoMetricsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TursoDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
                MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class, DataSourcePoolMetricsAutoConfiguration.class,
                TursoMetricsAutoConfiguration.class));

    @Test
    void bindsTursoMetersBesideBootsPoolMeters() {
        this.runner.run((context) -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.find("turso.busy.waits").tag("name", "turso").functionCounter()).isNotNull();
            assertThat(registry.find("turso.busy.timeouts").functionCounter()).isNotNull();
            assertThat(registry.find("hikaricp.connections").gauge()).as("Boot's own pool meters").isNotNull();
            assertThat(registry.find("jdbc.connections.max").gauge()).isNotNull();
            assertThat(registry.find("turso.sync").timer()).as("no sync meters for a local database").isNull();
        });
    }

    @Test
    void staysAwayWithoutMicrometer() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TursoDataSourceAutoConfiguration.class,
                    TursoMetricsAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader("io.micrometer.core"))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MeterBinder.class));
    }
}
