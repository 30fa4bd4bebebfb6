package dev.turso4j.spring.metrics;

import dev.turso4j.jdbc.TursoDataSource;
import dev.turso4j.jdbc.TursoReplica;
import dev.turso4j.jdbc.TursoSyncListener;
import dev.turso4j.jdbc.TursoSyncStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.ToDoubleFunction;

/**
 * Meters of one turso database, tagged {@code name} (the pool name):
 * <ul>
 * <li>{@code turso.busy.waits}, {@code turso.busy.timeouts}: how often callers waited on the database
 * lock, and how often the wait ended in BUSY.</li>
 * <li>For replicas: {@code turso.sync} (timer; {@code operation} = pull, push, sync or checkpoint,
 * {@code outcome} = success or failure), {@code turso.sync.pending.changes},
 * {@code turso.sync.wal.size} (bytes), {@code turso.sync.age} (seconds since the replica was last in
 * sync: a successful pull and a successful push), {@code turso.sync.failures.consecutive} (sync
 * operations failed in a row since), and {@code turso.sync.network} (bytes; {@code direction} = sent
 * or received). They read the same history as the health indicator and the scheduler's logs.</li>
 * </ul>
 */
public class TursoMetrics implements MeterBinder {

    private final TursoDataSource turso;

    private final Tags tags;

    private static final long STATS_MAX_AGE_NANOS = 1_000_000_000L;

    private volatile Reading lastReading;

    /**
     * @param turso the database
     * @param name its name, for the {@code name} tag
     */
    public TursoMetrics(TursoDataSource turso, String name) {
        this.turso = turso;
        this.tags = Tags.of(Tag.of("name", name));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("turso.busy.waits", this.turso, (t) -> busy(t, 0))
            .description("Times a statement waited for a lock held by another connection or a sync")
            .tags(this.tags)
            .register(registry);
        FunctionCounter.builder("turso.busy.timeouts", this.turso, (t) -> busy(t, 1))
            .description("Lock waits that ended in a BUSY error")
            .tags(this.tags)
            .register(registry);
        FunctionCounter.builder("turso.transaction.conflicts", this.turso, TursoDataSource::getWriteConflicts)
            .description("Transactions that lost a write conflict (MVCC mode) and were rolled back")
            .tags(this.tags)
            .register(registry);
        TursoReplica replica = this.turso.getReplica();
        if (replica != null) {
            bindReplica(registry, replica);
        }
    }

    private void bindReplica(MeterRegistry registry, TursoReplica replica) {
        replica.addListener(new SyncTimer(registry, this.tags));
        gauge(registry, replica, "turso.sync.pending.changes", "Local changes not yet pushed", null,
                TursoSyncStats::pendingChanges);
        gauge(registry, replica, "turso.sync.wal.size", "Size of the replica's WAL", "bytes", TursoSyncStats::walSizeBytes);
        Gauge.builder("turso.sync.age", replica, (r) -> {
            Duration age = r.history().getAgeOfLastSuccessfulSync();
            return (age != null) ? age.toMillis() / 1000.0 : Double.NaN;
        }).description("Seconds since the replica was last in sync (a successful pull and a successful push)").baseUnit("seconds").tags(this.tags).register(registry);
        Gauge.builder("turso.sync.failures.consecutive", replica, (r) -> r.history().getConsecutiveFailures())
            .description("Sync operations failed in a row since the replica was last in sync")
            .tags(this.tags)
            .register(registry);
        FunctionCounter.builder("turso.sync.network", replica, (r) -> stat(r, TursoSyncStats::bytesSent))
            .description("Bytes exchanged with the remote")
            .baseUnit("bytes")
            .tags(this.tags.and("direction", "sent"))
            .register(registry);
        FunctionCounter.builder("turso.sync.network", replica, (r) -> stat(r, TursoSyncStats::bytesReceived))
            .description("Bytes exchanged with the remote")
            .baseUnit("bytes")
            .tags(this.tags.and("direction", "received"))
            .register(registry);
    }

    private void gauge(MeterRegistry registry, TursoReplica replica, String name, String description, String unit,
            ToDoubleFunction<TursoSyncStats> value) {
        Gauge.builder(name, replica, (r) -> stat(r, value)).description(description).baseUnit(unit).tags(this.tags)
            .register(registry);
    }

    /**
     * From the replica's statistics, read at most once a second: a scrape reads every gauge, and the
     * statistics count the pending changes. On a failure, from the last ones read.
     */
    private double stat(TursoReplica replica, ToDoubleFunction<TursoSyncStats> value) {
        Reading reading = this.lastReading;
        if (reading == null || System.nanoTime() - reading.nanoTime() > STATS_MAX_AGE_NANOS) {
            try {
                reading = new Reading(replica.stats(), System.nanoTime());
                this.lastReading = reading;
            }
            catch (SQLException | RuntimeException ex) {
                // keep the last statistics
            }
        }
        return (reading != null) ? value.applyAsDouble(reading.stats()) : Double.NaN;
    }

    private record Reading(TursoSyncStats stats, long nanoTime) {
    }

    private static double busy(TursoDataSource turso, int index) {
        try {
            return turso.getBusyCounters()[index];
        }
        catch (SQLException ex) {
            return Double.NaN;
        }
    }

    /** Records every sync operation, whoever ran it. */
    private static final class SyncTimer implements TursoSyncListener {

        private final MeterRegistry registry;

        private final Tags tags;

        SyncTimer(MeterRegistry registry, Tags tags) {
            this.registry = registry;
            this.tags = tags;
        }

        @Override
        public void onSyncOperation(String operation, Duration duration, SQLException failure) {
            Timer.builder("turso.sync")
                .description("Sync operations with the remote database")
                .tags(this.tags.and("operation", operation, "outcome", (failure != null) ? "failure" : "success"))
                .register(this.registry)
                .record(duration);
        }
    }
}
