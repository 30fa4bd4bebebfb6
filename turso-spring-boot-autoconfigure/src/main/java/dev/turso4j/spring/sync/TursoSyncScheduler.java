package dev.turso4j.spring.sync;

import dev.turso4j.jdbc.RemoteUrls;
import dev.turso4j.jdbc.TursoReplica;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps an embedded replica in sync: every interval (with jitter, so a fleet does not sync in step)
 * it pulls then pushes, and checkpoints when the WAL has grown past a threshold. After a failure it
 * waits longer each time, with jitter, up to a limit. Runs never overlap. On shutdown it makes a final
 * push, bounded by a timeout, after the web server has stopped taking requests.
 *
 * <p>It owns its single daemon thread: it is not a {@code TaskScheduler} bean and does not need
 * {@code @EnableScheduling}.
 */
public class TursoSyncScheduler implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(TursoSyncScheduler.class);

    private final TursoReplica replica;

    private final Duration interval;

    private final Duration maxBackoff;

    private final long checkpointThresholdBytes;

    private final Duration shutdownTimeout;

    private ScheduledExecutorService executor;

    private volatile boolean running;

    private int failures;

    /**
     * @param replica the replica to sync
     * @param interval time between syncs, or {@code null} for no periodic sync (final push only)
     * @param maxBackoff longest wait after failures
     * @param checkpointThresholdBytes WAL size that triggers a checkpoint after a sync
     * @param shutdownTimeout how long the final push may take
     */
    public TursoSyncScheduler(TursoReplica replica, Duration interval, Duration maxBackoff,
            long checkpointThresholdBytes, Duration shutdownTimeout) {
        this.replica = replica;
        this.interval = interval;
        this.maxBackoff = maxBackoff;
        this.checkpointThresholdBytes = checkpointThresholdBytes;
        this.shutdownTimeout = shutdownTimeout;
    }

    @Override
    public synchronized void start() {
        if (this.running) {
            return;
        }
        this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
            Thread thread = new Thread(runnable, "turso4j-sync");
            thread.setDaemon(true);
            return thread;
        });
        this.running = true;
        if (this.interval != null) {
            this.executor.execute(this::syncAndReschedule);
        }
    }

    private void syncAndReschedule() {
        if (!this.running) {
            return;
        }
        Duration next;
        try {
            this.replica.sync();
            this.failures = 0;
            if (this.replica.stats().walSize() > this.checkpointThresholdBytes) {
                this.replica.checkpoint();
            }
            next = jittered(this.interval, 0.9, 1.1);
        }
        catch (SQLException | RuntimeException ex) {
            this.failures++;
            next = backoff(this.failures);
            logger.warn("turso sync failed (" + this.failures + " in a row); local reads and writes continue, next try in "
                    + next.toMillis() + " ms: " + RemoteUrls.redactIn(ex.getMessage()));
        }
        if (this.running) {
            this.executor.schedule(this::syncAndReschedule, next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Exponential back-off with jitter: half to all of {@code interval * 2^failures}, at most the limit. */
    Duration backoff(int failures) {
        double factor = Math.pow(2, Math.min(failures, 30));
        long millis = (long) Math.min(this.maxBackoff.toMillis(), this.interval.toMillis() * factor);
        return jittered(Duration.ofMillis(millis), 0.5, 1.0);
    }

    private static Duration jittered(Duration base, double low, double high) {
        return Duration.ofMillis((long) (base.toMillis() * ThreadLocalRandom.current().nextDouble(low, high)));
    }

    /** Lets a sync in progress finish, then pushes what is left, within the shutdown timeout. */
    @Override
    public synchronized void stop() {
        if (!this.running) {
            return;
        }
        this.running = false;
        try {
            this.executor.submit(() -> {
                this.replica.push();
                return null;
            }).get(this.shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException ex) {
            logger.warn("turso final push did not finish within " + this.shutdownTimeout.toMillis()
                    + " ms; unpushed changes stay in the local file and go with the next sync");
        }
        catch (ExecutionException ex) {
            logger.warn("turso final push failed; unpushed changes stay in the local file and go with the next sync: "
                    + RemoteUrls.redactIn(ex.getCause().getMessage()));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            this.executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    /** Stops after the web server (lower phases stop later), so the final push sees the last writes. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
