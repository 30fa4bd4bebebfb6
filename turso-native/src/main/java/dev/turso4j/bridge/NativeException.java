package dev.turso4j.bridge;

/**
 * An error reported by the native library: a code (see {@code dev.turso4j.jdbc.TursoErrorCode}) and
 * the engine's message. The JDBC driver turns it into the matching {@code java.sql.SQLException}.
 */
public final class NativeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;

    private final int detail;

    private final int retryAfterMillis;

    /**
     * Called by the native library.
     * @param code the error code number shared with the native library
     * @param detail the kind of failure within the code (constraint kind, grammar, timeout...),
     * a number shared with the native library; 0 for none
     * @param retryAfterMillis for a lock met with {@link Native#WAIT_IN_CALLER}: how long to sleep
     * before trying again; 0 when the caller should give up
     * @param message the engine's message
     */
    public NativeException(int code, int detail, int retryAfterMillis, String message) {
        super(message, null, false, false);
        this.code = code;
        this.detail = detail;
        this.retryAfterMillis = retryAfterMillis;
    }

    /**
     * The error code number shared with the native library.
     * @return the code number
     */
    public int code() {
        return this.code;
    }

    /**
     * The kind of failure within the code, a number shared with the native library.
     * @return the detail number, 0 for none
     */
    public int detail() {
        return this.detail;
    }

    /**
     * For a lock met with {@link Native#WAIT_IN_CALLER}: how long to sleep before calling again with
     * {@link Native#WAIT_CONTINUE}.
     * @return milliseconds, 0 when the caller should give up and report the error
     */
    public int retryAfterMillis() {
        return this.retryAfterMillis;
    }
}
