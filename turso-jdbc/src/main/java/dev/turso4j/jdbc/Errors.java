package dev.turso4j.jdbc;

import dev.turso4j.bridge.NativeException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;

/**
 * Builds the driver's exceptions: for each {@link TursoErrorCode} the standard JDBC subclass and
 * SQLState that Spring's exception translation and HikariCP's eviction rules understand.
 *
 * <table>
 * <caption>Error mapping</caption>
 * <tr><th>code</th><th>exception</th><th>SQLState</th><th>Spring</th></tr>
 * <tr><td>BUSY, BUSY_SNAPSHOT</td><td>SQLTransactionRollbackException</td><td>40001</td><td>CannotAcquireLockException</td></tr>
 * <tr><td>CONSTRAINT</td><td>SQLIntegrityConstraintViolationException</td><td>23505 unique, 23502 not null,
 * 23503 foreign key, 23514 check, else 23000</td><td>DuplicateKeyException / DataIntegrityViolationException</td></tr>
 * <tr><td>ERROR, SQL the engine cannot compile</td><td>SQLSyntaxErrorException</td><td>42000</td><td>BadSqlGrammarException</td></tr>
 * <tr><td>INVALID_PARAM, parameters that do not fit the statement (count, index, Java type)</td>
 * <td>SQLNonTransientException</td><td>07001 count, 07009 index, 07006 type</td><td>BadSqlGrammarException</td></tr>
 * <tr><td>INVALID_PARAM, a value that cannot be stored or read as asked</td><td>SQLDataException</td><td>22023</td>
 * <td>DataIntegrityViolationException</td></tr>
 * <tr><td>IO, CORRUPT</td><td>SQLNonTransientConnectionException</td><td>08006</td><td>DataAccessResourceFailureException;
 * HikariCP evicts the connection</td></tr>
 * <tr><td>FULL</td><td>SQLNonTransientException</td><td>53100</td><td>DataAccessResourceFailureException</td></tr>
 * <tr><td>INTERRUPT (query timeout, cancel)</td><td>SQLTimeoutException</td><td>57014</td><td>QueryTimeoutException</td></tr>
 * <tr><td>SYNC</td><td>SQLTransientConnectionException</td><td>08001</td><td>TransientDataAccessResourceException</td></tr>
 * <tr><td>MISUSE, unsupported feature</td><td>SQLFeatureNotSupportedException</td><td>HYC00</td><td>InvalidDataAccessApiUsageException</td></tr>
 * <tr><td>MISUSE, READONLY, other ERROR</td><td>SQLNonTransientException / SQLException</td><td>HY010, 25006, HY000</td><td>by SQLState</td></tr>
 * </table>
 */
final class Errors {

    private static final int MAX_SQL_IN_MESSAGE = 2000;

    /**
     * The kind of failure within a code, where the engine tells it. The native library sends the
     * ordinal: keep this list in the order of {@code Detail} in {@code error.rs} (a test checks).
     */
    enum Detail {
        NONE, UNIQUE, PRIMARY_KEY, NOT_NULL, FOREIGN_KEY, CHECK, GRAMMAR, TIMEOUT, CANCELLED, PARAMETER_COUNT, LOCKED;

        static Detail fromNative(int ordinal) {
            Detail[] values = values();
            return (ordinal >= 0 && ordinal < values.length) ? values[ordinal] : NONE;
        }
    }

    private Errors() {
    }

    /**
     * A native error, with the statement's SQL (never its values) in the message. The carrier
     * exception is not kept as the cause: it says nothing the SQLException does not.
     */
    static SQLException from(NativeException ex, String sql) {
        return create(TursoErrorCode.fromNative(ex.code()), Detail.fromNative(ex.detail()),
                withSql(ex.getMessage(), sql), null);
    }

    static String withSql(String message, String sql) {
        if (sql == null) {
            return message;
        }
        String shown = (sql.length() > MAX_SQL_IN_MESSAGE) ? sql.substring(0, MAX_SQL_IN_MESSAGE) + "..." : sql;
        return message + " [SQL: " + shown + "]";
    }

    static SQLException closed(String what) {
        return create(TursoErrorCode.MISUSE, what + " is closed", null);
    }

    static SQLException misuse(String message) {
        return create(TursoErrorCode.MISUSE, message, null);
    }

    static SQLException invalidParam(String message) {
        return create(TursoErrorCode.INVALID_PARAM, message, null);
    }

    static SQLException invalidParam(String message, Throwable cause) {
        return create(TursoErrorCode.INVALID_PARAM, message, cause);
    }

    /** Values bound do not match the statement's parameters: a programming error, not bad data. */
    static SQLException parameterCount(String message) {
        return programmingError(message, "07001");
    }

    /** A parameter index the statement does not have. */
    static SQLException parameterIndex(String message) {
        return programmingError(message, "07009");
    }

    /** A Java type the driver cannot bind. */
    static SQLException parameterType(String message) {
        return programmingError(message, "07006");
    }

    /** SQLState class 07 (dynamic SQL error), which Spring translates to BadSqlGrammarException. */
    private static SQLException programmingError(String message, String state) {
        return new NonTransient(TursoErrorCode.INVALID_PARAM, message, state, TursoErrorCode.INVALID_PARAM.sqliteCode());
    }

    static boolean isParameterType(SQLException ex) {
        return "07006".equals(ex.getSQLState());
    }

    /** The same failure, naming the parameter it happened to. */
    static SQLException atParameter(int index, SQLException ex) {
        String message = "parameter " + index + ": " + ex.getMessage();
        return isParameterType(ex) ? parameterType(message) : invalidParam(message, ex.getCause());
    }

    /**
     * SQLState HYC00 ("optional feature not implemented"), not 0A000: HikariCP takes 0A000 for a
     * broken connection and evicts it, which Spring's probe of parameter metadata for every untyped
     * null would turn into a connection per statement.
     */
    static SQLFeatureNotSupportedException unsupported(String feature) {
        return new Unsupported(feature + " is not supported by the turso driver");
    }

    static SQLException create(TursoErrorCode code, String message, Throwable cause) {
        return create(code, Detail.NONE, message, cause);
    }

    static SQLException create(TursoErrorCode code, Detail detail, String message, Throwable cause) {
        int vendor = code.sqliteCode();
        SQLException ex = switch (code) {
            case BUSY, BUSY_SNAPSHOT -> new Rollback(code, message, "40001", vendor);
            case CONSTRAINT -> new Constraint(code, message, constraintState(detail), vendor);
            case INVALID_PARAM -> (detail == Detail.PARAMETER_COUNT) ? programmingError(message, "07001")
                    : new Data(code, message, "22023", vendor);
            case IO, CORRUPT -> new Broken(code, message, "08006", vendor);
            case FULL -> new NonTransient(code, message, "53100", vendor);
            case READONLY -> new NonTransient(code, message, "25006", vendor);
            case MISUSE -> new NonTransient(code, message, "HY010", vendor);
            case INTERRUPT -> new Timeout(code, message, "57014", vendor);
            case SYNC -> new Remote(code, message, "08001", vendor);
            case ERROR -> (detail == Detail.GRAMMAR) ? new Syntax(code, message, "42000", vendor)
                    : new Generic(code, message, "HY000", vendor);
        };
        if (cause != null) {
            ex.initCause(cause);
        }
        return ex;
    }

    private static String constraintState(Detail detail) {
        return switch (detail) {
            case UNIQUE, PRIMARY_KEY -> "23505";
            case NOT_NULL -> "23502";
            case FOREIGN_KEY -> "23503";
            case CHECK -> "23514";
            default -> "23000";
        };
    }

    /** Thrown for JDBC features the driver does not offer; its code is MISUSE, like other API misuse. */
    static final class Unsupported extends SQLFeatureNotSupportedException implements TursoException {
        private static final long serialVersionUID = 1L;
        Unsupported(String message) {
            super(message, "HYC00");
        }
        @Override
        public TursoErrorCode getTursoErrorCode() {
            return TursoErrorCode.MISUSE;
        }
    }

    static final class Rollback extends SQLTransactionRollbackException implements TursoException {
        private static final long serialVersionUID = 1L;
        private final TursoErrorCode code;
        Rollback(TursoErrorCode code, String message, String state, int vendor) {
            super(message, state, vendor);
            this.code = code;
        }
        @Override
        public TursoErrorCode getTursoErrorCode() {
            return this.code;
        }
    }

    static final class Constraint extends SQLIntegrityConstraintViolationException implements TursoException {
        private static final long serialVersionUID = 1L;
        private final TursoErrorCode code;
        Constraint(TursoErrorCode code, String message, String state, int vendor) {
            super(message, state, vendor);
            this.code = code;
        }
        @Override
        public TursoErrorCode getTursoErrorCode() {
            return this.code;
        }
    }

    static final class Data extends SQLDataException implements TursoException {
        private static final long serialVersionUID = 1L;
        private final TursoErrorCode code;
        Data(TursoErrorCode code, String message, String state, int vendor) {
            super(message, state, vendor);
            this.code = code;
        }
        @Override
        public TursoErrorCode getTursoErrorCode() {
            return this.code;
        }
    }

    static final class Broken extends SQLNonTransientConnectionException implements TursoException {
        private static final long serialVersionUID = 1L;
        private final TursoErrorCode code;
        Broken(TursoErrorCode code, String message, String state, int vendor) {
            super(message, state, vendor);
            this.code = code;
        }
        @Override
        public TursoErrorCode getTursoErrorCode() {
            return this.code;
        }
    }

    static final class NonTransient extends SQLNonTransientException implements TursoException {
        private static final long serialVersionUID = 1L;
        private final TursoErrorCode code;
        NonTransient(TursoErrorCode code, String message, String state, int vendor) {
            super(message, state, vendor);
            this.code = code;
        }
        @Override
        public TursoErrorCode getTursoErrorCode() {
            return this.code;
        }
    }

    static final class Timeout extends SQLTimeoutException implements TursoException {
        private static final long serialVersionUID = 1L;
        private final TursoErrorCode code;
        Timeout(TursoErrorCode code, String message, String state, int vendor) {
            super(message, state, vendor);
            this.code = code;
        }
        @Override
        public TursoErrorCode getTursoErrorCode() {
            return this.code;
        }
    }

    static final class Remote extends SQLTransientConnectionException implements TursoException {
        private static final long serialVersionUID = 1L;
        private final TursoErrorCode code;
        Remote(TursoErrorCode code, String message, String state, int vendor) {
            super(message, state, vendor);
            this.code = code;
        }
        @Override
        public TursoErrorCode getTursoErrorCode() {
            return this.code;
        }
    }

    static final class Syntax extends SQLSyntaxErrorException implements TursoException {
        private static final long serialVersionUID = 1L;
        private final TursoErrorCode code;
        Syntax(TursoErrorCode code, String message, String state, int vendor) {
            super(message, state, vendor);
            this.code = code;
        }
        @Override
        public TursoErrorCode getTursoErrorCode() {
            return this.code;
        }
    }

    static final class Generic extends SQLException implements TursoException {
        private static final long serialVersionUID = 1L;
        private final TursoErrorCode code;
        Generic(TursoErrorCode code, String message, String state, int vendor) {
            super(message, state, vendor);
            this.code = code;
        }
        @Override
        public TursoErrorCode getTursoErrorCode() {
            return this.code;
        }
    }
}
