package dev.turso4j.spring.boot.autoconfigure.observation;

import dev.turso4j.spring.TursoOperationObserver;
import dev.turso4j.spring.observation.ObservationTursoOperationObserver;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Observes TursoTemplate operations through Micrometer's Observation API when the application has an
 * {@link ObservationRegistry}: a {@code turso.template} timer, and spans when tracing is on.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
@ConditionalOnBean(ObservationRegistry.class)
public final class TursoObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TursoOperationObserver tursoOperationObserver(ObservationRegistry registry) {
        return new ObservationTursoOperationObserver(registry);
    }
}
