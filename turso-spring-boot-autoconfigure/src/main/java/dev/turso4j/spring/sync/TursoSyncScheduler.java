package dev.turso4j.spring.sync;

import dev.turso4j.jdbc.RemoteText;
import dev.turso4j.jdbc.TursoConfig;
import dev.turso4j.jdbc.TursoReplica;
import dev.turso4j.jdbc.TursoSyncHistory;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps an embedded replica in sync: every interval (with jitter, so a fleet does not sync in step)
 * it pulls then pushes, and checkpoints when the WAL has grown past a threshold, also while the
 * remote is unreachable (changes not yet pushed survive a checkpoint). After a failure it waits
 * longer each time, with jitter, up to a limit. Runs never overlap. On shutdown it makes a final
 * push, bounded by a timeout, after the web server has stopped taking requests.
 *
 * <p>It logs what it is about once at start-up, every failure with the count the health indicator
 * and the meters show, and the recovery once syncs work again.
 *
 * <p>It owns its single daemon thread: it is not a {@code TaskScheduler} bean and does not need
 * {@code @EnableScheduling}. Start and stop are serialized by a lock, not a monitor: stop waits for
 * the final push, and a virtual thread must not wait while holding a monitor.
 */
public class TursoSyncScheduler implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(TursoSyncScheduler.class);

    private final TursoReplica replica;

    private final Duration interval;

    private final Duration maxBackoff;

    private final long checkpointThresholdBytes;

    private final Duration shutdownTimeout;

    private final ReentrantLock lifecycle = new ReentrantLock();

    private ScheduledExecutorService executor;

    private volatile boolean running;

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
    public void start() {
        this.lifecycle.lock();
        try {
            startLocked();
        }
        finally {
            this.lifecycle.unlock();
        }
    }

    private void startLocked() {
        if (this.running) {
            return;
        }
        this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
            Thread thread = new Thread(runnable, "turso4j-sync");
            thread.setDaemon(true);
            return thread;
        });
        this.running = true;
        TursoConfig config = this.replica.getDataSource().getConfig();
        logger.info("turso replica " + config.getPath() + " of " + RemoteText.origin(config.getRemoteUrl()) + ": "
                + ((this.interval != null) ? "sync every " + this.interval : "no automatic sync (turso.sync.interval)")
                + ", request timeout " + config.getSyncRequestTimeout() + ", final push at shutdown");
        if (this.interval != null) {
            this.executor.execute(this::syncAndReschedule);
        }
    }

    private void syncAndReschedule() {
        if (!this.running) {
            return;
        }
        TursoSyncHistory history = this.replica.history();
        int failuresBefore = history.getConsecutiveFailures();
        Duration next;
        try {
            this.replica.sync();
            next = jittered(this.interval, 0.9, 1.1);
            if (failuresBefore > 0 && history.getConsecutiveFailures() == 0) {
                logger.info("turso sync works again after " + failuresBefore + " failed attempt(s)");
            }
        }
        catch (SQLException | RuntimeException ex) {
            int failures = history.getConsecutiveFailures();
            next = backoff(failures);
            logger.warn("turso sync failed (" + failures + " in a row); local reads and writes continue, next try in "
                    + next.toMillis() + " ms: " + RemoteText.safe(ex.getMessage()));
        }
        checkpointIfLarge();
        if (this.running) {
            this.executor.schedule(this::syncAndReschedule, next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Local only, so it bounds the WAL while the remote is unreachable too. */
    private void checkpointIfLarge() {
        try {
            if (this.replica.stats().walSizeBytes() > this.checkpointThresholdBytes) {
                this.replica.checkpoint();
            }
        }
        catch (SQLException | RuntimeException ex) {
            logger.warn("turso checkpoint failed; the next sync tries again: " + RemoteText.safe(ex.getMessage()));
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
    public void stop() {
        this.lifecycle.lock();
        try {
            stopLocked();
        }
        finally {
            this.lifecycle.unlock();
        }
    }

    private void stopLocked() {
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
                    + RemoteText.safe(ex.getCause().getMessage()));
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
