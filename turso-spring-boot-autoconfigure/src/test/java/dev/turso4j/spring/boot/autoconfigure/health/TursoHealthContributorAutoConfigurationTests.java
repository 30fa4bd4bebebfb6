package dev.turso4j.spring.boot.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import dev.turso4j.jdbc.TursoConfig;
import dev.turso4j.jdbc.TursoDataSource;
import dev.turso4j.spring.boot.autoconfigure.TursoDataSourceAutoConfiguration;
import dev.turso4j.spring.boot.autoconfigure.TursoPooledDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class TursoHealthContributorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TursoDataSourceAutoConfiguration.class,
                HealthContributorAutoConfiguration.class, TursoHealthContributorAutoConfiguration.class));

    @Test
    void reportsALocalDatabaseUpWithItsDetails() {
        this.runner.run((context) -> {
            assertThat(context).hasBean("tursoHealthContributor");
            Health health = ((HealthIndicator) context.getBean("tursoHealthContributor")).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("database", ":memory:")
                .containsEntry("mode", "local")
                .containsKey("engineVersion")
                .doesNotContainKey("remote");
        });
    }

    @Test
    void canBeSwitchedOff() {
        this.runner.withPropertyValues("management.health.turso.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean("tursoHealthContributor"));
    }

    @Test
    void staysAwayWithoutTheHealthModule() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TursoDataSourceAutoConfiguration.class,
                    TursoHealthContributorAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("tursoHealthContributor"));
    }

    @Test
    void aClosedDatabaseIsDown() {
        this.runner.run((context) -> {
            context.getBean(TursoPooledDataSource.class).close();
            Health health = ((HealthIndicator) context.getBean("tursoHealthContributor")).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void severalDatabasesGetOneEntryEach() {
        this.runner.withBean("ordersDataSource", TursoPooledDataSource.class, () -> pool("orders"))
            .withBean("auditDataSource", TursoPooledDataSource.class, () -> pool("audit"))
            .run((context) -> {
                HealthContributor contributor = context.getBean("tursoHealthContributor", HealthContributor.class);
                assertThat(contributor).isInstanceOf(CompositeHealthContributor.class);
                CompositeHealthContributor composite = (CompositeHealthContributor) contributor;
                assertThat(composite.getContributor("ordersDataSource")).isNotNull();
                assertThat(composite.getContributor("auditDataSource")).isNotNull();
            });
    }

    private static TursoPooledDataSource pool(String name) {
        try {
            TursoDataSource turso = new TursoDataSource(TursoConfig.forPath(":memory:"));
            HikariConfig config = new HikariConfig();
            config.setPoolName(name);
            return new TursoPooledDataSource(turso, config);
        }
        catch (java.sql.SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
