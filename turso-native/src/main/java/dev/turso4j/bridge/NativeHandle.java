package dev.turso4j.bridge;

import java.lang.ref.Cleaner;
import java.util.function.LongConsumer;

/**
 * Owns one native handle: closes it exactly once, on {@link #close()} or, when its owner was
 * forgotten without being closed, from a {@link Cleaner} after the owner became unreachable.
 */
public final class NativeHandle implements AutoCloseable {

    private static final Cleaner CLEANER = Cleaner.create((runnable) -> {
        Thread thread = new Thread(runnable, "turso4j-cleaner");
        thread.setDaemon(true);
        return thread;
    });

    private final long value;

    private final Cleaner.Cleanable cleanable;

    private volatile boolean closed;

    private NativeHandle(Object owner, long value, LongConsumer release) {
        this.value = value;
        // The action must not reach `owner`, or the owner could never become unreachable.
        this.cleanable = CLEANER.register(owner, () -> release.accept(value));
    }

    /** @param owner the Java object whose lifetime bounds the handle @param value database handle @return the owned handle */
    public static NativeHandle database(Object owner, long value) {
        return new NativeHandle(owner, value, Native::closeDatabase);
    }

    /** @param owner the Java object whose lifetime bounds the handle @param value connection handle @return the owned handle */
    public static NativeHandle connection(Object owner, long value) {
        return new NativeHandle(owner, value, Native::closeConnection);
    }

    /** @param owner the Java object whose lifetime bounds the handle @param value statement handle @return the owned handle */
    public static NativeHandle statement(Object owner, long value) {
        return new NativeHandle(owner, value, Native::closeStatement);
    }

    /** @return the raw handle, for calls into {@link Native}; the library rejects it once closed */
    public long value() {
        return this.value;
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return this.closed;
    }

    /** Releases the native object; later calls do nothing. */
    @Override
    public void close() {
        this.closed = true;
        this.cleanable.clean();
    }
}
