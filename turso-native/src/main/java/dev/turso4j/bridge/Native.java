package dev.turso4j.bridge;

import dev.turso4j.nativelib.NativeLibraryException;
import java.util.function.Supplier;

/**
 * The native library's entry points. Handles are opaque numbers checked by the library on every
 * call; a closed or unknown handle throws {@link NativeException}, it never crashes the JVM.
 * Text crosses as UTF-8 bytes and values in the encoding of {@link ValueCodec}.
 *
 * <p>Internal API of turso4j: use the JDBC driver ({@code dev.turso4j.jdbc}) instead.
 */
public final class Native {

    /** An execution waits for locks in native code, sleeping, up to its busy timeout or query timeout. */
    public static final int WAIT_HERE = 0;

    /**
     * An execution reports a lock at once, with {@link NativeException#retryAfterMillis()}: the caller
     * sleeps that long and calls again with {@link #WAIT_CONTINUE}. For virtual threads, which must not
     * sleep in native code (they would keep their carrier).
     */
    public static final int WAIT_IN_CALLER = 1;

    /** As {@link #WAIT_IN_CALLER}, for the next attempt of the same execution: same deadline, next back-off. */
    public static final int WAIT_CONTINUE = 2;

    static {
        NativeLoader.load();
    }

    private Native() {
    }

    /** Makes sure the library is loaded; throws {@link NativeLibraryException} when it cannot be. */
    public static void ensureLoaded() {
        // the static initializer did the work
    }

    /**
     * Opens a local database file or {@code :memory:}.
     * @param path UTF-8 path
     * @param readOnly whether to open without write access
     * @return the database handle
     */
    public static native long open(byte[] path, boolean readOnly);

    /**
     * Opens a local file as an embedded replica of a remote database.
     * @param path UTF-8 path of the local file
     * @param remoteUrl UTF-8 URL of the remote database
     * @param tokens called before every request for the auth token, or {@code null} for none; called
     * on the thread running the sync operation, and it must return within the request timeout
     * @param bootstrapIfEmpty whether an empty local file is first filled from the remote
     * @param connectTimeoutMillis how long connecting to the remote may take (positive)
     * @param requestTimeoutMillis how long one whole request to the remote may take (positive)
     * @param localWaitMillis how long a sync waits for statements and transactions in progress
     * before applying changes or checkpointing
     * @return the database handle
     */
    public static native long openReplica(byte[] path, byte[] remoteUrl, Supplier<String> tokens,
            boolean bootstrapIfEmpty, long connectTimeoutMillis, long requestTimeoutMillis, long localWaitMillis);

    /** @param db database handle; closing twice is a no-op */
    public static native void closeDatabase(long db);

    /** @param db database handle @return a new connection handle */
    public static native long connect(long db);

    /** @param db database handle @return {lock waits, waits that ended in BUSY} */
    public static native long[] busyCounters(long db);

    /** Pushes local changes; statements run meanwhile. @param db replica handle */
    public static native void push(long db);

    /**
     * Pulls remote changes: statements wait only while they are applied to the local file.
     * @param db replica handle
     * @return whether anything changed
     */
    public static native boolean pull(long db);

    /** Checkpoints the WAL of a replica. @param db replica handle */
    public static native void checkpoint(long db);

    /** @param db replica handle @return the sync statistics as encoded values */
    public static native byte[] syncStats(long db);

    /** @param conn connection handle; closing twice is a no-op */
    public static native void closeConnection(long conn);

    /** @param conn connection handle @param millis how long to wait for a lock */
    public static native void setBusyTimeout(long conn, long millis);

    /** @param conn connection handle @return whether no transaction is open */
    public static native boolean isAutocommit(long conn);

    /** @param conn connection handle @return the rowid of the last insert */
    public static native long lastInsertRowid(long conn);

    /**
     * Runs every statement of an SQL text, without parameters, discarding rows.
     * @param conn connection handle
     * @param sql UTF-8 SQL holding one or more statements
     * @param timeoutMillis how long all of it may run, 0 for no limit
     * @return the total number of rows changed
     */
    public static native long executeScript(long conn, byte[] sql, int timeoutMillis);

    /**
     * Checks that a connection can run a statement, without waiting for a sync.
     * @param conn connection handle
     * @param timeoutMillis how long to wait for a statement of another thread on this connection,
     * 0 for no limit
     */
    public static native void ping(long conn, int timeoutMillis);

    /**
     * Reads an SQL text with the engine's parser: bits 0-31 hold where a {@code RETURNING} clause
     * can be appended to its first statement (a Java string index), bit 32 is set when that
     * statement is an INSERT, REPLACE, UPDATE or DELETE, bit 33 when it already has
     * {@code RETURNING}, bits 40-55 hold the number of statements.
     * @param sql UTF-8 SQL
     * @return the packed description
     */
    public static native long describe(byte[] sql);

    /**
     * Prepares a statement.
     * @param conn connection handle
     * @param sql UTF-8 SQL
     * @return encoded values: the statement handle, the parameter count, the column count, then per
     * column its name (TEXT) and declared type (TEXT or NULL)
     */
    public static native byte[] prepare(long conn, byte[] sql);

    /**
     * Binds parameters, starts an execution and returns its first rows.
     * @param stmt statement handle
     * @param params encoded parameter values (null for none)
     * @param paramsLength how many bytes of {@code params} hold them
     * @param timeoutMillis how long the execution may run, fetches of later rows included; 0 for no
     * limit
     * @param waiting who sleeps while the execution waits for a lock held by another connection:
     * {@link #WAIT_HERE}, {@link #WAIT_IN_CALLER} or {@link #WAIT_CONTINUE}
     * @param maxRows most rows to return now; 0 for no limit
     * @param reuse an array to write the rows into if they fit (may be null)
     * @param reuseLength {@code reuse.length} (0 when null), passed so native code need not ask
     * @return a row batch (see {@link RowBatch}): {@code reuse}, or a new array when they did not fit
     */
    public static native byte[] query(long stmt, byte[] params, int paramsLength, int timeoutMillis,
            int waiting, int maxRows, byte[] reuse, int reuseLength);

    /**
     * @param stmt statement handle
     * @param maxRows most rows, 0 for no limit
     * @param reuse an array to write the rows into if they fit (may be null)
     * @param reuseLength {@code reuse.length} (0 when null)
     * @return the next row batch: {@code reuse}, or a new array when they did not fit
     */
    public static native byte[] fetch(long stmt, int maxRows, byte[] reuse, int reuseLength);

    /**
     * Runs to completion.
     * @param stmt statement handle
     * @param params encoded parameter values (null for none)
     * @param paramsLength how many bytes of {@code params} hold them
     * @param timeoutMillis how long the execution may run, 0 for no limit
     * @param waiting see {@link #query}
     * @return rows changed
     */
    public static native long execute(long stmt, byte[] params, int paramsLength, int timeoutMillis,
            int waiting);

    /**
     * Runs the statement to completion once per parameter set, in order, in one crossing. On an
     * error the counts of the executions that completed are written before the exception is thrown,
     * and the rest of {@code counts} is left as it was.
     * @param stmt statement handle
     * @param batch parameter sets, each a 4-byte little-endian length and that many bytes of values
     * @param batchLength how many bytes of {@code batch} hold them
     * @param timeoutMillis how long the whole batch may run, 0 for no limit
     * @param counts receives the rows changed by each execution; room for every parameter set
     */
    public static native void executeBatch(long stmt, byte[] batch, int batchLength, int timeoutMillis,
            long[] counts);

    /**
     * Stops the statement's current execution, from any thread; it fails with an INTERRUPT error.
     * Does nothing when no execution is in progress or the statement is closed.
     * @param stmt statement handle
     */
    public static native void cancel(long stmt);

    /**
     * Stops the script {@link #executeScript} runs on a connection, from any thread; it fails with an
     * INTERRUPT error. Does nothing when no script runs.
     * @param conn connection handle
     */
    public static native void cancelScript(long conn);

    /** Ends the current execution. @param stmt statement handle */
    public static native void reset(long stmt);

    /** @param stmt statement handle; closing twice is a no-op */
    public static native void closeStatement(long stmt);

    /** @return the version of the turso engine (the Rust crate) inside the library */
    public static native String engineVersion();

    /** @return the number of native objects alive now */
    public static native long liveObjects();

    /**
     * The names of the native error codes and details, in their order, for the test that keeps the
     * Java tables the same.
     * @return {@code CODE,CODE,...;DETAIL,DETAIL,...}
     */
    public static native String errorTables();

    /**
     * Panics inside the library, for tests proving a panic becomes a {@link NativeException}.
     * @param stmt a statement handle to panic while running it (as an engine bug would), or 0
     */
    public static native void panicForTest(long stmt);
}
