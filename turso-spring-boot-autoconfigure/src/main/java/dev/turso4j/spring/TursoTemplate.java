package dev.turso4j.spring;

import dev.turso4j.jdbc.TursoConnection;
import dev.turso4j.jdbc.TursoErrorCode;
import dev.turso4j.jdbc.TursoReplica;
import dev.turso4j.jdbc.TursoSyncStats;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;
import org.springframework.jdbc.core.namedparam.SqlParameterSourceUtils;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * Runs SQL on a turso database and syncs embedded replicas, on top of Spring's {@link JdbcTemplate}:
 * it joins Spring-managed transactions ({@code @Transactional}, {@code TransactionTemplate}) and
 * reports errors as Spring {@link DataAccessException}s; {@link TursoErrorCode#of(Throwable)} gives
 * their turso code.
 *
 * <pre class="code">
 * TursoResult result = turso.query("SELECT name FROM users WHERE id = ?", 1);
 * String name = (String) result.rows().get(0).get("name");
 * </pre>
 *
 * <p>Always pass values as parameters ({@code ?} or {@code :name}), never in the SQL text: a failing
 * statement is logged with its SQL, and parameters are never logged.
 */
public class TursoTemplate {

    private static final Log logger = LogFactory.getLog(TursoTemplate.class);

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final JdbcTemplate jdbcTemplate;

    private final NamedParameterJdbcTemplate namedTemplate;

    private TursoOperationObserver observer = TursoOperationObserver.NONE;

    /** How many times {@link #inTransaction} runs a callback again after a write conflict, by default. */
    public static final int DEFAULT_MAX_RETRIES = 5;

    /** The first back-off of {@link #inTransaction} after a write conflict, by default; it doubles per retry. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(5);

    private final TransactionTemplate transactionTemplate;

    private volatile int maxRetries = DEFAULT_MAX_RETRIES;

    private volatile Duration retryBackoff = DEFAULT_RETRY_BACKOFF;

    private final LongAdder conflictRetries = new LongAdder();

    /**
     * @param dataSource a turso data source, pooled or not
     */
    public TursoTemplate(DataSource dataSource) {
        this(new JdbcTemplate(dataSource));
    }

    /**
     * @param jdbcTemplate the template to run statements with (its data source must be turso's)
     */
    public TursoTemplate(JdbcTemplate jdbcTemplate) {
        Assert.notNull(jdbcTemplate, "JdbcTemplate must not be null");
        this.jdbcTemplate = jdbcTemplate;
        this.namedTemplate = new NamedParameterJdbcTemplate(jdbcTemplate);
        Assert.notNull(jdbcTemplate.getDataSource(), "the JdbcTemplate must have a DataSource");
        this.transactionTemplate = new TransactionTemplate(new JdbcTransactionManager(jdbcTemplate.getDataSource()));
    }

    /**
     * How {@link #inTransaction} retries a transaction that lost a write conflict.
     * @param maxRetries how many times to run the callback again (0: never)
     * @param retryBackoff the wait before the first retry; it doubles for each further retry, and each
     * wait is drawn at random between half and all of it, so that conflicting callers spread out
     */
    public void setTransactionRetry(int maxRetries, Duration retryBackoff) {
        Assert.isTrue(maxRetries >= 0, "maxRetries must not be negative");
        Assert.isTrue(retryBackoff != null && !retryBackoff.isNegative(), "retryBackoff must not be negative");
        this.maxRetries = maxRetries;
        this.retryBackoff = retryBackoff;
    }

    /**
     * @param observer wraps every operation (for metrics and tracing); {@link TursoOperationObserver#NONE} by default
     */
    public void setOperationObserver(TursoOperationObserver observer) {
        Assert.notNull(observer, "observer must not be null");
        this.observer = observer;
    }

    /** @return the JdbcTemplate this template runs on */
    public JdbcTemplate getJdbcTemplate() {
        return this.jdbcTemplate;
    }

    // ---- queries ----

    /**
     * Runs a query with positional ({@code ?}) parameters.
     * @param sql the query
     * @param params the parameter values, in order
     * @return the columns and rows
     */
    public TursoResult query(String sql, Object... params) {
        return run("query", sql, () -> this.jdbcTemplate.query(sql, TursoTemplate::toResult, params));
    }

    /**
     * Runs a query with named ({@code :name}) parameters.
     * @param sql the query
     * @param params the parameter values by name
     * @return the columns and rows
     */
    public TursoResult query(String sql, Map<String, ?> params) {
        return run("query", sql, () -> this.namedTemplate.query(sql, params, TursoTemplate::toResult));
    }

    /**
     * Runs a query and maps each row.
     * @param <T> the row type
     * @param sql the query
     * @param mapper maps one row
     * @param params the parameter values, in order
     * @return the mapped rows
     */
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return run("query", sql, () -> this.jdbcTemplate.query(sql, mapper, params));
    }

    // ---- statements that change data ----

    /**
     * Runs a statement with positional parameters.
     * @param sql the statement
     * @param params the parameter values, in order
     * @return rows changed and the last inserted rowid (and rows, if the statement returns any)
     */
    public TursoResult execute(String sql, Object... params) {
        return run("execute", sql, () -> this.jdbcTemplate.execute(sql, (PreparedStatement ps) -> {
            new ArgumentPreparedStatementSetter(params).setValues(ps);
            TursoResult rows = null;
            if (ps.execute()) {
                try (ResultSet rs = ps.getResultSet()) {
                    rows = toResult(rs);
                }
            }
            long changed = Math.max(ps.getLargeUpdateCount(), 0);
            long rowid = ps.getConnection().unwrap(TursoConnection.class).lastInsertRowid();
            return (rows != null) ? new TursoResult(rows.columns(), rows.rows(), changed, rowid)
                    : new TursoResult(List.of(), List.of(), changed, rowid);
        }));
    }

    /**
     * Runs a statement with named parameters.
     * @param sql the statement
     * @param params the parameter values by name
     * @return rows changed and the last inserted rowid
     */
    public TursoResult execute(String sql, Map<String, ?> params) {
        MapSqlParameterSource source = new MapSqlParameterSource(params);
        ParsedSql parsed = NamedParameterUtils.parseSqlStatement(sql);
        String positional = NamedParameterUtils.substituteNamedParameters(parsed, source);
        return execute(positional, NamedParameterUtils.buildValueArray(parsed, source, null));
    }

    /**
     * Runs one statement once per parameter set, in one transaction when none is active.
     * @param sql the statement
     * @param batchParams one array of positional values per run
     * @return rows changed by each run
     */
    public int[] batch(String sql, List<Object[]> batchParams) {
        return run("batch", sql, () -> this.jdbcTemplate.batchUpdate(sql, batchParams));
    }

    /**
     * Runs one statement once per named parameter set.
     * @param sql the statement
     * @param batchParams one map of values per run
     * @return rows changed by each run
     */
    public int[] batchNamed(String sql, List<? extends Map<String, ?>> batchParams) {
        return run("batch", sql, () -> this.namedTemplate.batchUpdate(sql,
                SqlParameterSourceUtils.createBatch(batchParams.toArray(new Map<?, ?>[0]))));
    }

    // ---- vector search ----

    /**
     * The {@code k} rows of {@code table} nearest to {@code vector}, by a scan (turso has no vector
     * index), nearest first. Each row has every column of the table, the vector column as
     * {@code float[]}, and a {@code distance} column.
     * @param table the table name (letters, digits and underscores)
     * @param vectorColumn the column holding {@code float[]} vectors (stored as vector32 blobs)
     * @param vector the vector to compare with
     * @param k how many rows to return
     * @param distance how to measure distance
     * @return the rows, nearest first
     */
    public TursoResult nearest(String table, String vectorColumn, float[] vector, int k, VectorDistance distance) {
        String sql = nearestSql(table, vectorColumn, distance);
        return run("nearest", sql, () -> this.jdbcTemplate.query(sql, (ResultSet rs) -> readRows(rs, vectorColumn),
                vector, k));
    }

    /**
     * Like {@link #nearest(String, String, float[], int, VectorDistance)}, mapping each row; read the
     * vector with {@code rs.getObject(column, float[].class)} and the distance from {@code distance}.
     * @param <T> the row type
     * @param table the table name
     * @param vectorColumn the vector column
     * @param vector the vector to compare with
     * @param k how many rows to return
     * @param distance how to measure distance
     * @param mapper maps one row
     * @return the mapped rows, nearest first
     */
    public <T> List<T> nearest(String table, String vectorColumn, float[] vector, int k, VectorDistance distance,
            RowMapper<T> mapper) {
        String sql = nearestSql(table, vectorColumn, distance);
        return run("nearest", sql, () -> this.jdbcTemplate.query(sql, mapper, vector, k));
    }

    private static String nearestSql(String table, String vectorColumn, VectorDistance distance) {
        Assert.isTrue(IDENTIFIER.matcher(table).matches(), "table must be a plain identifier");
        Assert.isTrue(IDENTIFIER.matcher(vectorColumn).matches(), "vectorColumn must be a plain identifier");
        Assert.notNull(distance, "distance must not be null");
        // Rank rowids first, then fetch the k rows: sorting whole rows (vectors included) is twice as slow.
        return "SELECT t.*, n.distance FROM (SELECT rowid AS turso4j_rowid, " + distance.function() + "(\""
                + vectorColumn + "\", vector32(?)) AS distance FROM \"" + table
                + "\" ORDER BY distance LIMIT ?) n JOIN \"" + table + "\" t ON t.rowid = n.turso4j_rowid ORDER BY n.distance";
    }

    // ---- transactions ----

    /**
     * Runs {@code action} in a read-write transaction and commits it. In MVCC mode
     * ({@code turso.journal-mode=mvcc}) transactions run side by side, and one that writes a row
     * another has changed since it began loses a write conflict (SQLState 40001): the transaction is
     * then rolled back and {@code action} runs again in a new one, after a jittered back-off, up to
     * {@code turso.transaction.max-retries} times. So {@code action} must do all its reads and writes
     * through the database, and nothing it cannot repeat. In WAL mode writers take turns and never
     * conflict.
     * <p>Called inside a transaction that is already open, {@code action} joins it and runs once: only
     * the outermost transaction can be retried.
     * @param <T> the result type
     * @param action the work of the transaction
     * @return what {@code action} returned in the attempt that committed
     * @throws DataAccessException the last conflict when every retry conflicted too, or any other failure
     */
    public <T> T inTransaction(TransactionCallback<T> action) {
        Assert.notNull(action, "action must not be null");
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return this.transactionTemplate.execute(action);
        }
        for (int retry = 0;; retry++) {
            try {
                return this.transactionTemplate.execute(action);
            }
            catch (DataAccessException ex) {
                if (TursoErrorCode.of(ex) != TursoErrorCode.BUSY_SNAPSHOT || retry >= this.maxRetries) {
                    throw ex;
                }
                this.conflictRetries.increment();
                backOff(retry);
            }
        }
    }

    /** @return how many times {@link #inTransaction} has run a callback again after a write conflict */
    public long getConflictRetries() {
        return this.conflictRetries.sum();
    }

    private void backOff(int retry) {
        long full = this.retryBackoff.toNanos() << Math.min(retry, 20);
        long nanos = full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1);
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new TransientDataAccessResourceException("interrupted while waiting to retry a transaction", ex);
        }
    }

    // ---- embedded replicas ----

    /**
     * Pulls remote changes, then pushes local ones. Not allowed inside a transaction.
     * @throws DataAccessException with {@link TursoErrorCode#MISUSE} inside a transaction or without a
     * remote, {@link TursoErrorCode#SYNC} when the remote fails
     */
    public void sync() {
        onConnection("sync", (connection) -> {
            connection.sync();
            return null;
        });
    }

    /**
     * Pulls remote changes. Not allowed inside a transaction.
     * @return whether anything changed
     */
    public boolean pull() {
        return onConnection("pull", TursoConnection::pull);
    }

    /** Pushes local changes; on conflicting rows the last push wins. Not allowed inside a transaction. */
    public void push() {
        onConnection("push", (connection) -> {
            connection.push();
            return null;
        });
    }

    /** Checkpoints the replica's WAL into the database file. Not allowed inside a transaction. */
    public void checkpoint() {
        onConnection("checkpoint", (connection) -> {
            connection.checkpoint();
            return null;
        });
    }

    /**
     * @return a snapshot of the replica's sync state
     */
    public TursoSyncStats syncStatus() {
        return onConnection("sync-status", (connection) -> {
            TursoReplica replica = connection.getDataSource().getReplica();
            if (replica == null) {
                throw new SQLException("this database has no remote: there is no sync status");
            }
            return replica.stats();
        });
    }

    @FunctionalInterface
    private interface TursoCallback<T> {
        T doWith(TursoConnection connection) throws SQLException;
    }

    private <T> T onConnection(String operation, TursoCallback<T> callback) {
        return run(operation, operation, () -> this.jdbcTemplate.execute(
                (ConnectionCallback<T>) (connection) -> callback.doWith(connection.unwrap(TursoConnection.class))));
    }

    // ---- shared ----

    private static TursoResult toResult(ResultSet rs) throws SQLException {
        return readRows(rs, null);
    }

    /** Reads every row; the column named {@code vectorColumn}, if any, as {@code float[]}. */
    private static TursoResult readRows(ResultSet rs, String vectorColumn) throws SQLException {
        ResultSetMetaData metaData = rs.getMetaData();
        int count = metaData.getColumnCount();
        List<String> columns = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            columns.add(metaData.getColumnLabel(i));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>(count * 2);
            for (int i = 1; i <= count; i++) {
                String column = columns.get(i - 1);
                row.put(column, column.equals(vectorColumn) ? rs.getObject(i, float[].class) : rs.getObject(i));
            }
            rows.add(row);
        }
        return new TursoResult(columns, rows, 0, null);
    }

    /** The turso error code, or for a failure of Spring's own (a wrong result size, say) its type. */
    private static String describe(DataAccessException ex) {
        TursoErrorCode code = TursoErrorCode.of(ex);
        return (code != null) ? code.name() : ex.getClass().getSimpleName();
    }

    /**
     * Runs an operation through the observer; logs a failure with its SQL and error code, never its
     * parameters.
     */
    private <T> T run(String operation, String sql, Supplier<T> work) {
        return this.observer.observe(operation, () -> {
            try {
                return work.get();
            }
            catch (DataAccessException ex) {
                if (logger.isWarnEnabled()) {
                    logger.warn("turso statement failed (" + describe(ex) + "): " + sql);
                }
                throw ex;
            }
        });
    }
}
