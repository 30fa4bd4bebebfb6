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
import java.util.Locale;

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
 * <tr><td>ERROR (SQL errors)</td><td>SQLSyntaxErrorException</td><td>42000</td><td>BadSqlGrammarException</td></tr>
 * <tr><td>INVALID_PARAM</td><td>SQLDataException</td><td>22023</td><td>DataIntegrityViolationException</td></tr>
 * <tr><td>IO, CORRUPT</td><td>SQLNonTransientConnectionException</td><td>08006</td><td>DataAccessResourceFailureException;
 * HikariCP evicts the connection</td></tr>
 * <tr><td>FULL</td><td>SQLNonTransientException</td><td>53100</td><td>DataAccessResourceFailureException</td></tr>
 * <tr><td>INTERRUPT</td><td>SQLTimeoutException</td><td>57014</td><td>QueryTimeoutException</td></tr>
 * <tr><td>SYNC</td><td>SQLTransientConnectionException</td><td>08001</td><td>TransientDataAccessResourceException</td></tr>
 * <tr><td>unsupported feature</td><td>SQLFeatureNotSupportedException</td><td>HYC00</td><td>InvalidDataAccessApiUsageException</td></tr>
 * <tr><td>MISUSE, READONLY, other ERROR</td><td>SQLNonTransientException / SQLException</td><td>HY010, 25006, HY000</td><td>by SQLState</td></tr>
 * </table>
 */
final class Errors {

    private static final int MAX_SQL_IN_MESSAGE = 2000;

    private Errors() {
    }

    /**
     * A native error, with the statement's SQL (never its values) in the message. The carrier
     * exception is not kept as the cause: it says nothing the SQLException does not.
     */
    static SQLException from(NativeException ex, String sql) {
        return create(TursoErrorCode.fromNative(ex.code()), withSql(ex.getMessage(), sql), null);
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

    /**
     * SQLState HYC00 ("optional feature not implemented"), not 0A000: HikariCP takes 0A000 for a
     * broken connection and evicts it, which Spring's probe of parameter metadata for every untyped
     * null would turn into a connection per statement.
     */
    static SQLFeatureNotSupportedException unsupported(String feature) {
        return new SQLFeatureNotSupportedException(feature + " is not supported by the turso driver", "HYC00");
    }

    static SQLException create(TursoErrorCode code, String message, Throwable cause) {
        String lower = (message != null) ? message.toLowerCase(Locale.ROOT) : "";
        int vendor = code.sqliteCode();
        SQLException ex = switch (code) {
            case BUSY, BUSY_SNAPSHOT -> new Rollback(code, message, "40001", vendor);
            case CONSTRAINT -> new Constraint(code, message, constraintState(lower), vendor);
            case INVALID_PARAM -> new Data(code, message, "22023", vendor);
            case IO, CORRUPT -> new Broken(code, message, "08006", vendor);
            case FULL -> new NonTransient(code, message, "53100", vendor);
            case READONLY -> new NonTransient(code, message, "25006", vendor);
            case MISUSE -> new NonTransient(code, message, "HY010", vendor);
            case INTERRUPT -> new Timeout(code, message, "57014", vendor);
            case SYNC -> new Remote(code, message, "08001", vendor);
            case ERROR -> isGrammar(lower) ? new Syntax(code, message, "42000", vendor)
                    : new Generic(code, message, "HY000", vendor);
        };
        if (cause != null) {
            ex.initCause(cause);
        }
        return ex;
    }

    private static String constraintState(String message) {
        if (message.contains("unique") || message.contains("primary key")) {
            return "23505";
        }
        if (message.contains("not null")) {
            return "23502";
        }
        if (message.contains("foreign key")) {
            return "23503";
        }
        if (message.contains("check")) {
            return "23514";
        }
        return "23000";
    }

    private static boolean isGrammar(String message) {
        return message.contains("syntax error") || message.contains("parse error") || message.contains("no such ")
                || message.contains("already exists") || message.contains("near \"");
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
