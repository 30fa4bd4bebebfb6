package dev.turso4j.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What happened to a replica's syncs, whoever ran them: when a pull and a push last succeeded, how
 * many sync operations failed in a row since the replica was last fully in sync, and why the last
 * one failed. Every replica keeps one ({@link TursoReplica#history()}); health indicators, meters
 * and logs read it, so they tell one story.
 *
 * <p>The replica is <em>in sync</em> as of the older of the last successful pull and the last
 * successful push: a replica whose pushes fail is not in sync however well it pulls. The times start
 * from the engine's own record, so they survive a restart.
 */
public final class TursoSyncHistory {

    private final Clock clock;

    private Instant lastPull;

    private Instant lastPush;

    /** Order of events, to tell whether both directions succeeded since the last failure. */
    private long events;

    private long lastPullEvent;

    private long lastPushEvent;

    private long lastFailureEvent;

    private int consecutiveFailures;

    private String lastError;

    TursoSyncHistory(Clock clock, Instant lastPull, Instant lastPush) {
        this.clock = clock;
        this.lastPull = lastPull;
        this.lastPush = lastPush;
    }

    synchronized void pulled() {
        this.lastPull = this.clock.instant();
        this.lastPullEvent = ++this.events;
    }

    synchronized void pushed() {
        this.lastPush = this.clock.instant();
        this.lastPushEvent = ++this.events;
    }

    /** A sync operation (as its caller asked for it: sync, pull or push) failed. */
    synchronized void failed(Throwable failure) {
        this.lastFailureEvent = ++this.events;
        this.consecutiveFailures++;
        this.lastError = RemoteText.safe(String.valueOf(failure.getMessage()));
    }

    /**
     * A sync operation succeeded; once a pull and a push have both succeeded since the last failure,
     * the failures are over.
     * @return how many failures in a row this success ended, or 0
     */
    synchronized int succeeded() {
        if (this.consecutiveFailures == 0 || this.lastPullEvent < this.lastFailureEvent
                || this.lastPushEvent < this.lastFailureEvent) {
            return 0;
        }
        int ended = this.consecutiveFailures;
        this.consecutiveFailures = 0;
        this.lastError = null;
        return ended;
    }

    /** @return when a pull last succeeded, or {@code null} if none has yet */
    public synchronized Instant getLastSuccessfulPull() {
        return this.lastPull;
    }

    /** @return when a push last succeeded, or {@code null} if none has yet */
    public synchronized Instant getLastSuccessfulPush() {
        return this.lastPush;
    }

    /**
     * @return as of when the replica is in sync: the older of the last successful pull and push, or
     * {@code null} while either has never succeeded
     */
    public synchronized Instant getLastSuccessfulSync() {
        if (this.lastPull == null || this.lastPush == null) {
            return null;
        }
        return this.lastPull.isBefore(this.lastPush) ? this.lastPull : this.lastPush;
    }

    /** @return the age of {@link #getLastSuccessfulSync()}, or {@code null} if there is none */
    public Duration getAgeOfLastSuccessfulSync() {
        Instant last = getLastSuccessfulSync();
        return (last != null) ? Duration.between(last, this.clock.instant()) : null;
    }

    /** @return sync operations failed in a row since the replica was last in sync */
    public synchronized int getConsecutiveFailures() {
        return this.consecutiveFailures;
    }

    /** @return why the last sync operation failed (safe to show), or {@code null} when syncs work */
    public synchronized String getLastError() {
        return this.lastError;
    }
}
