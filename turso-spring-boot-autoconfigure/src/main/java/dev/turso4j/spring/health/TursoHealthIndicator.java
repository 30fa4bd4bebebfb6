package dev.turso4j.spring.health;

import dev.turso4j.jdbc.RemoteText;
import dev.turso4j.jdbc.TursoDataSource;
import dev.turso4j.jdbc.TursoReplica;
import dev.turso4j.jdbc.TursoSyncHistory;
import dev.turso4j.jdbc.TursoSyncStats;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * ({@code UP} or {@code DOWN}). Sync freshness, for replicas, is reported apart: when the replica has
 * not been in sync (a successful pull and a successful push) within the limit, the status is
 * {@link #STALE_SYNC} — the local database still works, so it is not {@code DOWN}. A check never
 * starts a sync, never waits for the network, and never waits longer than its timeout.
 *
 * <p>Replica details: {@code lastSuccessfulSync} (the older of the next two), {@code lastSuccessfulPull},
 * {@code lastSuccessfulPush} (ISO-8601 to the second, or null), {@code consecutiveSyncFailures},
 * {@code lastSyncError} (null once syncs work again), {@code staleAfter}, {@code pendingChanges},
 * {@code walSizeBytes}, {@code revision}: the same figures as the {@code turso.sync.*} meters and
 * the scheduler's log lines.
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
            builder = Health.down().withDetail("error", RemoteText.safe(String.valueOf(cause.getMessage())));
        }
        builder.withDetail("database", this.turso.getConfig().getPath());
        TursoReplica replica = this.turso.getReplica();
        builder.withDetail("mode", (replica != null) ? "replica" : "local");
        if (replica != null) {
            builder.withDetail("remote", RemoteText.origin(this.turso.getConfig().getRemoteUrl()));
        }
        builder.withDetail("engineVersion", this.turso.getEngineVersion());
        return builder.build();
    }

    private Health.Builder check() {
        try (Connection connection = this.pool.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT 1")) {
            rs.next();
        }
        catch (Exception ex) {
            return Health.down().withDetail("error", String.valueOf(RemoteText.safe(ex.getMessage())));
        }
        TursoReplica replica = this.turso.getReplica();
        if (replica == null) {
            return Health.up();
        }
        TursoSyncHistory history = replica.history();
        Duration age = history.getAgeOfLastSuccessfulSync();
        boolean stale = this.staleAfter != null && (age == null || age.compareTo(this.staleAfter) > 0);
        // A LinkedHashMap, not withDetail: "never synced" is a JSON null, not the text "null".
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("lastSuccessfulSync", time(history.getLastSuccessfulSync()));
        details.put("lastSuccessfulPull", time(history.getLastSuccessfulPull()));
        details.put("lastSuccessfulPush", time(history.getLastSuccessfulPush()));
        details.put("consecutiveSyncFailures", history.getConsecutiveFailures());
        details.put("lastSyncError", history.getLastError());
        details.put("staleAfter", (this.staleAfter != null) ? this.staleAfter.toString() : null);
        try {
            TursoSyncStats stats = replica.stats();
            details.put("pendingChanges", stats.pendingChanges());
            details.put("walSizeBytes", stats.walSizeBytes());
            details.put("revision", stats.revision());
        }
        catch (Exception ex) {
            details.put("statsError", RemoteText.safe(String.valueOf(ex.getMessage())));
        }
        return (stale ? Health.status(STALE_SYNC) : Health.up()).withDetails(details);
    }

    /** Times to the second, as the engine records them: one format everywhere. */
    private static String time(Instant instant) {
        return (instant != null) ? instant.truncatedTo(ChronoUnit.SECONDS).toString() : null;
    }
}
