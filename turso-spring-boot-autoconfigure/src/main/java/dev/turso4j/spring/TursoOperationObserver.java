package dev.turso4j.spring;

import java.util.function.Supplier;

/**
 * Wraps each {@link TursoTemplate} operation, for timing and tracing. The operation is named
 * ({@code query}, {@code execute}, {@code batch}, {@code nearest}, {@code sync}, {@code pull},
 * {@code push}, {@code checkpoint}, {@code sync-status}); the SQL and its values are not passed on.
 */
@FunctionalInterface
public interface TursoOperationObserver {

    /** Runs operations as they are. */
    TursoOperationObserver NONE = new TursoOperationObserver() {
        @Override
        public <T> T observe(String operation, Supplier<T> work) {
            return work.get();
        }
    };

    /**
     * @param <T> the result type
     * @param operation the operation's name
     * @param work the operation
     * @return its result
     */
    <T> T observe(String operation, Supplier<T> work);
}
