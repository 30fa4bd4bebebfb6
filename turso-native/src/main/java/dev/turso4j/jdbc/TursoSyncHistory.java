package dev.turso4j.jdbc;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What happened to a replica's syncs, whoever ran them: when the last one succeeded, how many failed
 * in a row since, and why the last one failed. Every replica keeps one ({@link TursoReplica#history()});
 * health indicators and metrics read it.
 */
public final class TursoSyncHistory implements TursoSyncListener {

    private final Clock clock;

    private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();

    private final AtomicReference<String> lastError = new AtomicReference<>();

    private final AtomicInteger consecutiveFailures = new AtomicInteger();

    TursoSyncHistory(Clock clock) {
        this.clock = clock;
    }

    /** A successful {@code sync} or {@code pull} makes the replica fresh; any failed transfer counts. */
    @Override
    public void onSyncOperation(String operation, Duration duration, SQLException failure) {
        if (operation.equals("checkpoint")) {
            return;
        }
        if (failure != null) {
            this.consecutiveFailures.incrementAndGet();
            this.lastError.set(RemoteUrls.redactIn(failure.getMessage()));
        }
        else if (operation.equals("sync") || operation.equals("pull")) {
            this.lastSuccess.set(this.clock.instant());
            this.consecutiveFailures.set(0);
        }
    }

    /** @return when the last sync (or pull) succeeded, or {@code null} if none has yet */
    public Instant getLastSuccess() {
        return this.lastSuccess.get();
    }

    /** @return the age of the last successful sync, or {@code null} if none has yet */
    public Duration getAgeOfLastSuccess() {
        Instant last = this.lastSuccess.get();
        return (last != null) ? Duration.between(last, this.clock.instant()) : null;
    }

    /** @return failed sync operations since the last success */
    public int getConsecutiveFailures() {
        return this.consecutiveFailures.get();
    }

    /** @return the message of the last failure (URLs reduced to scheme and host), or {@code null} */
    public String getLastError() {
        return this.lastError.get();
    }
}
