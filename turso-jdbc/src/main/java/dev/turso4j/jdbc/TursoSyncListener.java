package dev.turso4j.jdbc;

import java.sql.SQLException;
import java.time.Duration;

/**
 * Told about every sync operation of a replica ({@code pull}, {@code push}, {@code sync},
 * {@code checkpoint}), whoever started it: for metrics, health and logs. Called on the thread that
 * ran the operation, after it ended; an exception thrown here is ignored.
 */
@FunctionalInterface
public interface TursoSyncListener {

    /**
     * @param operation {@code pull}, {@code push}, {@code sync} or {@code checkpoint}
     * @param duration how long it took
     * @param failure why it failed, or {@code null} when it succeeded
     */
    void onSyncOperation(String operation, Duration duration, SQLException failure);
}
