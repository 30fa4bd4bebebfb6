package dev.turso4j.jdbc;

import dev.turso4j.bridge.Native;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.SQLException;

/**
 * Where a wait for a lock held by another connection sleeps. How long and how often is decided by
 * the native library alone (one budget per execution: the busy timeout, cut short by the query
 * timeout). On a platform thread it also sleeps there. A virtual thread must not sleep inside native
 * code: it would keep its carrier, and with every carrier held by waiters the thread holding the lock
 * could never run to release it. So on a virtual thread the library reports the lock at once with
 * the delay to wait, and the sleep happens here, in {@link Thread#sleep}, which frees the carrier.
 */
final class LockWait {

    /** {@code Thread::isVirtual}, which Java 17 (the release we compile for) does not have. */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private LockWait() {
    }

    /** @return how the current thread waits: {@link Native#WAIT_IN_CALLER} on a virtual thread */
    static int modeForCurrentThread() {
        return isVirtual() ? Native.WAIT_IN_CALLER : Native.WAIT_HERE;
    }

    /** Sleeps as long as the library said, before the next attempt. */
    static void sleep(int millis) throws SQLException {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw Errors.create(TursoErrorCode.INTERRUPT, "interrupted while waiting for a lock", ex);
        }
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
