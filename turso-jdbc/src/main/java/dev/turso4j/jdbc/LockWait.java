package dev.turso4j.jdbc;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Waiting for a lock held by another connection, on a virtual thread. The native library waits
 * itself on platform threads; a virtual thread sleeping inside native code would keep its carrier,
 * and with every carrier held by waiters the thread holding the lock could never run to release it.
 * So on a virtual thread the library reports the lock at once and the wait happens here, in
 * {@link Thread#sleep}, which frees the carrier. Same back-off and deadline as the library's
 * ({@code busy.rs}): SQLite's schedule, up to the busy timeout or the query timeout.
 */
final class LockWait {

    /** SQLite's default back-off schedule, in milliseconds; the last step repeats. */
    private static final int[] DELAYS_MS = { 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 };

    /** {@code Thread::isVirtual}, which Java 17 (the release we compile for) does not have. */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private final long deadline;

    private final long queryDeadline;

    private final AtomicLong[] counters;

    private int attempt;

    private LockWait(long busyTimeoutMillis, int queryTimeoutMillis, AtomicLong[] counters) {
        long now = System.nanoTime();
        this.deadline = now + busyTimeoutMillis * 1_000_000L;
        this.queryDeadline = (queryTimeoutMillis > 0) ? now + queryTimeoutMillis * 1_000_000L : Long.MAX_VALUE;
        this.counters = counters;
    }

    /** @return a wait for this call when it runs on a virtual thread, else {@code null}: the library waits */
    static LockWait forCurrentThread(TursoConnection connection, int queryTimeoutMillis) {
        if (!isVirtual()) {
            return null;
        }
        TursoDataSource dataSource = connection.getDataSource();
        return new LockWait(dataSource.getConfig().getBusyTimeout().toMillis(), queryTimeoutMillis,
                dataSource.javaBusyCounters());
    }

    /** @return the query timeout left for the next attempt, in milliseconds (0: none) */
    int remainingQueryTimeout() {
        if (this.queryDeadline == Long.MAX_VALUE) {
            return 0;
        }
        return (int) Math.max(1, (this.queryDeadline - System.nanoTime()) / 1_000_000L);
    }

    /**
     * Sleeps before the next attempt, if there is time left.
     * @return false when the caller should give up and report the lock error
     */
    boolean sleepBeforeRetry() throws SQLException {
        if (this.attempt == 0) {
            this.counters[0].incrementAndGet();
        }
        long now = System.nanoTime();
        long left = Math.min(this.deadline, this.queryDeadline) - now;
        if (left <= 0) {
            if (this.queryDeadline > now) {
                this.counters[1].incrementAndGet();
            }
            return false;
        }
        long delay = DELAYS_MS[Math.min(this.attempt++, DELAYS_MS.length - 1)] * 1_000_000L;
        try {
            Thread.sleep(Math.max(1, Math.min(delay, left) / 1_000_000L));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw Errors.create(TursoErrorCode.INTERRUPT, "interrupted while waiting for a lock", ex);
        }
        return true;
    }

    /** Whether the query deadline, not the busy timeout, ended the wait. */
    boolean pastQueryDeadline() {
        return System.nanoTime() >= this.queryDeadline;
    }

    static boolean isVirtual() {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread());
        }
        catch (Throwable ex) {
            return false;
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        }
        catch (ReflectiveOperationException ex) {
            return null; // before Java 21: no virtual threads
        }
    }
}
