package dev.turso4j.spring.health;

import dev.turso4j.jdbc.RemoteUrls;
import dev.turso4j.jdbc.TursoDataSource;
import dev.turso4j.jdbc.TursoReplica;
import dev.turso4j.jdbc.TursoSyncHistory;
import dev.turso4j.jdbc.TursoSyncStats;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of a turso database. Local liveness: a trivial query through the pool, bounded by a timeout
 * ({@code UP} or {@code DOWN}). Sync freshness, for replicas, is reported apart: when the last
 * successful sync is older than the limit, the status is {@link #STALE_SYNC} — the local database
 * still works, so it is not {@code DOWN}. A check never starts a sync and never waits longer than
 * its timeout.
 */
public class TursoHealthIndicator implements HealthIndicator {

    /**
     * The replica has not synced successfully within the limit; local reads and writes still work.
     * Served with HTTP 200 unless mapped otherwise ({@code management.endpoint.health.status.http-mapping}).
     */
    public static final Status STALE_SYNC = new Status("STALE_SYNC", "the last successful sync is too old");

    private static final ExecutorService CHECKS = Executors.newCachedThreadPool((runnable) -> {
        Thread thread = new Thread(runnable, "turso4j-health");
        thread.setDaemon(true);
        return thread;
    });

    private final DataSource pool;

    private final TursoDataSource turso;

    private final Duration timeout;

    private final Duration staleAfter;


    /**
     * @param pool the pool to run the liveness query through
     * @param turso the turso data source behind it
     * @param timeout the most a check may take
     * @param staleAfter the age of the last successful sync that counts as stale, or {@code null} for no limit
     */
    public TursoHealthIndicator(DataSource pool, TursoDataSource turso, Duration timeout, Duration staleAfter) {
        this.pool = pool;
        this.turso = turso;
        this.timeout = timeout;
        this.staleAfter = staleAfter;
    }

    @Override
    public Health health() {
        Health.Builder builder;
        try {
            builder = CompletableFuture.supplyAsync(this::check, CHECKS).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException ex) {
            builder = Health.down().withDetail("error", "no answer within " + this.timeout.toMillis() + " ms");
        }
        catch (Exception ex) {
            Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
            builder = Health.down().withDetail("error", RemoteUrls.redactIn(String.valueOf(cause.getMessage())));
        }
        builder.withDetail("database", this.turso.getConfig().getPath());
        TursoReplica replica = this.turso.getReplica();
        builder.withDetail("mode", (replica != null) ? "replica" : "local");
        if (replica != null) {
            builder.withDetail("remote", RemoteUrls.redact(this.turso.getConfig().getRemoteUrl()));
        }
        builder.withDetail("engineVersion", dev.turso4j.bridge.Native.engineVersion());
        return builder.build();
    }

    private Health.Builder check() {
        try (Connection connection = this.pool.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT 1")) {
            rs.next();
        }
        catch (Exception ex) {
            return Health.down().withDetail("error", String.valueOf(ex.getMessage()));
        }
        TursoReplica replica = this.turso.getReplica();
        if (replica == null) {
            return Health.up();
        }
        TursoSyncHistory history = replica.history();
        Duration age = history.getAgeOfLastSuccess();
        boolean stale = this.staleAfter != null && (age == null || age.compareTo(this.staleAfter) > 0);
        Health.Builder builder = stale ? Health.status(STALE_SYNC) : Health.up();
        builder.withDetail("lastSuccessfulSync", String.valueOf(history.getLastSuccess()))
            .withDetail("consecutiveSyncFailures", history.getConsecutiveFailures());
        if (history.getLastError() != null) {
            builder.withDetail("lastSyncError", history.getLastError());
        }
        if (this.staleAfter != null) {
            builder.withDetail("staleAfter", this.staleAfter.toString());
        }
        if (replica.isSyncing()) {
            // the engine's statistics wait for the sync to finish; a health check must not
            return builder.withDetail("syncing", true);
        }
        try {
            TursoSyncStats stats = replica.stats();
            builder.withDetail("lastPull", String.valueOf(stats.lastPull()))
                .withDetail("lastPush", String.valueOf(stats.lastPush()))
                .withDetail("pendingChanges", stats.pendingChanges())
                .withDetail("walSizeBytes", stats.walSize())
                .withDetail("revision", String.valueOf(stats.revision()));
        }
        catch (Exception ex) {
            builder.withDetail("statsError", RemoteUrls.redactIn(String.valueOf(ex.getMessage())));
        }
        return builder;
    }
}
