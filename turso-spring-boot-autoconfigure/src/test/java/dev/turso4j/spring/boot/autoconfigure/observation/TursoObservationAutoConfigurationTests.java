package dev.turso4j.spring.boot.autoconfigure.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turso4j.spring.TursoOperationObserver;
import dev.turso4j.spring.TursoTemplate;
import dev.turso4j.spring.boot.autoconfigure.TursoDataSourceAutoConfiguration;
import dev.turso4j.spring.boot.autoconfigure.TursoTemplateAutoConfiguration;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class TursoObservationAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TursoDataSourceAutoConfiguration.class,
                TursoObservationAutoConfiguration.class, TursoTemplateAutoConfiguration.class));

    @Test
    void templateOperationsAreObservedWithOperationAndOutcomeButNoSql() {
        List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        this.runner.withBean(ObservationRegistry.class, () -> registry).run((context) -> {
            assertThat(context).hasSingleBean(TursoOperationObserver.class);
            TursoTemplate turso = context.getBean(TursoTemplate.class);
            turso.execute("CREATE TABLE t (x)");
            turso.query("SELECT x FROM t WHERE x = ?", "secret");
            assertThatThrownBy(() -> turso.query("SELECT nope FROM t")).isInstanceOf(RuntimeException.class);
            assertThat(stopped).extracting(Observation.Context::getName).containsOnly("turso.template");
            assertThat(stopped).extracting((c) -> c.getLowCardinalityKeyValue("operation").getValue())
                .containsExactly("execute", "query", "query");
            assertThat(stopped).extracting((c) -> c.getLowCardinalityKeyValue("outcome").getValue())
                .containsExactly("success", "success", "failure");
            assertThat(stopped.toString()).doesNotContain("secret");
            assertThat(stopped).allSatisfy((c) -> assertThat(c.getAllKeyValues().toString()).doesNotContain("SELECT"));
        });
    }

    @Test
    void withoutARegistryTheTemplateRunsUnobserved() {
        this.runner.run((context) -> assertThat(context).doesNotHaveBean(TursoOperationObserver.class)
            .hasSingleBean(TursoTemplate.class));
        this.runner.withClassLoader(new FilteredClassLoader("io.micrometer.observation"))
            .run((context) -> assertThat(context).hasNotFailed().hasSingleBean(TursoTemplate.class));
    }
}
