package dev.turso4j.bridge;

/**
 * An error reported by the native library: a code (see {@code dev.turso4j.jdbc.TursoErrorCode}) and
 * the engine's message. The JDBC driver turns it into the matching {@link java.sql.SQLException}.
 */
public final class NativeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;

    private final int detail;

    /**
     * Called by the native library.
     * @param code the error code number shared with the native library
     * @param detail the kind of failure within the code (constraint kind, grammar, timeout...),
     * a number shared with the native library; 0 for none
     * @param message the engine's message
     */
    public NativeException(int code, int detail, String message) {
        super(message, null, false, false);
        this.code = code;
        this.detail = detail;
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
}
