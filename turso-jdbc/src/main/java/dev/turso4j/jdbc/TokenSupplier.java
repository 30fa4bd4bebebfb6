package dev.turso4j.jdbc;

import dev.turso4j.bridge.NativeException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Asks the application's auth-token supplier with a deadline, so a supplier that hangs (a secrets
 * service that does not answer) fails one request instead of holding the sync forever. The native
 * library calls it before every request, on the thread running the sync operation.
 *
 * <p>Failures are {@link NativeException}s with messages of ours: never the supplier's own message,
 * which could hold a secret.
 *
 * <p>Calls are serialized by a {@link ReentrantLock}, not a monitor: the wait for the supplier happens
 * while holding it, and a virtual thread must not block while holding a monitor (Java 21 to 23 pin it
 * to its carrier). A call comes from native code, which pins its thread anyway; the lock keeps that the
 * only reason.
 */
final class TokenSupplier implements Supplier<String> {

    private static final ExecutorService CALLERS = Executors.newCachedThreadPool((runnable) -> {
        Thread thread = new Thread(runnable, "turso4j-token");
        thread.setDaemon(true);
        return thread;
    });

    private final Supplier<String> tokens;

    private final Duration timeout;

    private final ReentrantLock lock = new ReentrantLock();

    /** A call that did not answer in time: a hung supplier holds one thread, not one per request. */
    private Future<String> last;

    TokenSupplier(Supplier<String> tokens, Duration timeout) {
        this.tokens = tokens;
        this.timeout = timeout;
    }

    @Override
    public String get() {
        this.lock.lock();
        try {
            return getLocked();
        }
        finally {
            this.lock.unlock();
        }
    }

    private String getLocked() {
        if (this.last != null && !this.last.isDone()) {
            throw failure("the auth token provider has not returned from an earlier call");
        }
        Future<String> call = CALLERS.submit(this.tokens::get);
        try {
            String token = call.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
            this.last = null; // the token must not outlive its request
            return token;
        }
        catch (TimeoutException ex) {
            this.last = call;
            throw failure("the auth token provider did not answer within " + this.timeout.toMillis() + " ms");
        }
        catch (ExecutionException ex) {
            throw failure("the auth token provider threw " + ex.getCause().getClass().getName());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for the auth token provider");
        }
    }

    private static NativeException failure(String message) {
        return new NativeException(TursoErrorCode.SYNC.ordinal(), 0, 0, message);
    }
}
