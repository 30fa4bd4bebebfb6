package dev.turso4j.jdbc;

import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The class of a turso error: the broad classes every turso client tells apart (busy, constraint,
 * invalid parameter, misuse, error, I/O, corrupt), plus the few more a JDBC user needs to tell apart. Every {@link SQLException} the driver throws implements {@link TursoException} and carries
 * one; {@link #of(Throwable)} finds it in any exception chain, Spring's wrappers included.
 */
public enum TursoErrorCode {

    /** Any other failure (SQL errors such as a missing table included). */
    ERROR(1),
    /** Another connection (or a sync operation) held the lock past the busy timeout: retry. */
    BUSY(5),
    /** The transaction's snapshot is stale or it lost a write conflict: retry the whole transaction. */
    BUSY_SNAPSHOT(517),
    /** A UNIQUE, PRIMARY KEY, NOT NULL, CHECK or FOREIGN KEY constraint failed. */
    CONSTRAINT(19),
    /** A parameter cannot be bound: unsupported type, bad index, or a value SQLite cannot store. */
    INVALID_PARAM(25),
    /** The API was used wrongly: closed object, sync inside a transaction, and so on. */
    MISUSE(21),
    /** An I/O error; the connection is considered broken and pools drop it. */
    IO(10),
    /** The database file is corrupt or not a database; the connection is considered broken. */
    CORRUPT(11),
    /** A write was attempted on a read-only database or connection. */
    READONLY(8),
    /** The disk (or the database) is full. */
    FULL(13),
    /** The statement was interrupted. */
    INTERRUPT(9),
    /** A sync with the remote database failed; local data is untouched. */
    SYNC(1);

    private final int sqliteCode;

    TursoErrorCode(int sqliteCode) {
        this.sqliteCode = sqliteCode;
    }

    /**
     * The SQLite primary result code closest to this class, used as the vendor code of exceptions.
     * @return the result code
     */
    public int sqliteCode() {
        return this.sqliteCode;
    }

    static TursoErrorCode fromNative(int ordinal) {
        TursoErrorCode[] values = values();
        return (ordinal >= 0 && ordinal < values.length) ? values[ordinal] : ERROR;
    }

    /**
     * Finds the turso error code in an exception chain: causes, SQL next-exceptions and suppressed
     * exceptions, through any wrapper (Spring's {@code DataAccessException} included).
     * @param throwable any exception, or {@code null}
     * @return the code, or {@code null} when no turso error is in the chain
     */
    public static TursoErrorCode of(Throwable throwable) {
        return find(throwable, new IdentityHashMap<>());
    }

    private static TursoErrorCode find(Throwable throwable, Map<Throwable, Boolean> seen) {
        if (throwable == null || seen.put(throwable, Boolean.TRUE) != null) {
            return null;
        }
        if (throwable instanceof TursoException turso) {
            return turso.getTursoErrorCode();
        }
        TursoErrorCode code = find(throwable.getCause(), seen);
        if (code == null && throwable instanceof SQLException sql) {
            code = find(sql.getNextException(), seen);
        }
        for (Throwable suppressed : throwable.getSuppressed()) {
            if (code == null) {
                code = find(suppressed, seen);
            }
        }
        return code;
    }
}
