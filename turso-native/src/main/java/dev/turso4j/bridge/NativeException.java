package dev.turso4j.bridge;

/**
 * An error reported by the native library: a code (see {@code dev.turso4j.jdbc.TursoErrorCode}) and
 * the engine's message. The JDBC driver turns it into the matching {@link java.sql.SQLException}.
 */
public final class NativeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;

    /**
     * Called by the native library.
     * @param code the error code number shared with the native library
     * @param message the engine's message
     */
    public NativeException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /**
     * The error code number shared with the native library.
     * @return the code number
     */
    public int code() {
        return this.code;
    }
}
