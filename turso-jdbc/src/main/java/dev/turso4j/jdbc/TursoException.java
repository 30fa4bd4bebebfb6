package dev.turso4j.jdbc;

/**
 * Implemented by every {@link java.sql.SQLException} the turso driver throws, each of them also the
 * standard JDBC subclass for its class of error.
 */
public interface TursoException {

    /**
     * The class of this error.
     * @return the error code
     */
    TursoErrorCode getTursoErrorCode();
}
