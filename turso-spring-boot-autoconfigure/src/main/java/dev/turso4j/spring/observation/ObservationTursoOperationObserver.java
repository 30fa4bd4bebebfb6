package dev.turso4j.spring.observation;

import dev.turso4j.spring.TursoOperationObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.function.Supplier;

/**
 * Observes {@link dev.turso4j.spring.TursoTemplate} operations with Micrometer's Observation API, so
 * they are timed ({@code turso.template}, tags {@code operation} and {@code outcome}) and traced. No SQL
 * and no values are attached.
 */
public class ObservationTursoOperationObserver implements TursoOperationObserver {

    /** The observation (and timer) name. */
    public static final String NAME = "turso.template";

    private final ObservationRegistry registry;

    /**
     * @param registry the registry to create observations in
     */
    public ObservationTursoOperationObserver(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public <T> T observe(String operation, Supplier<T> work) {
        Observation observation = Observation.createNotStarted(NAME, this.registry)
            .contextualName("turso " + operation)
            .lowCardinalityKeyValue("operation", operation)
            .start();
        try (Observation.Scope scope = observation.openScope()) {
            T result = work.get();
            observation.lowCardinalityKeyValue("outcome", "success");
            return result;
        }
        catch (RuntimeException ex) {
            observation.lowCardinalityKeyValue("outcome", "failure");
            observation.error(ex);
            throw ex;
        }
        finally {
            observation.stop();
        }
    }
}
