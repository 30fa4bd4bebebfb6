package dev.turso4j.spring.boot.autoconfigure;

import dev.turso4j.jdbc.TursoConfig;
import dev.turso4j.jdbc.TursoJournalMode;
import dev.turso4j.spring.TursoTemplate;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the turso database, under {@code turso.*}. Values are checked as they are bound:
 * a value out of range (a negative duration, an empty pool, ...) fails the start-up with a
 * {@link TursoInvalidPropertyException} that the failure analysis explains, naming the property.
 */
@ConfigurationProperties("turso")
public class TursoProperties {

    /**
     * Path of the database file, or ":memory:" for an in-memory database shared by all pooled
     * connections. When unset, an in-memory database is used.
     */
    private String database;

    /**
     * How long a statement waits for a lock held by another connection (or by a sync) before
     * failing with BUSY. Zero fails at once; must not be negative.
     */
    private Duration busyTimeout = Duration.ofSeconds(5);

    /**
     * URL of the remote database that the local file is an embedded replica of (libsql://, https://
     * or http://). Requires "turso.database" to be a file and an auth token.
     */
    private String remoteUrl;

    /**
     * Auth token for the remote database. Prefer a TursoAuthTokenProvider bean or an environment
     * variable (TURSO_AUTH_TOKEN) to keeping it in a file. Read again before every request.
     */
    private String authToken;

    /**
     * Journal mode to open the database in: "wal" (one writer at a time) or "mvcc" (concurrent
     * writers, BEGIN CONCURRENT transactions, conflicts retried by TursoTemplate.inTransaction). The
     * file is converted when it is in the other mode; unset keeps the file's mode (wal for a new file).
     * mvcc is not available for an embedded replica.
     */
    private TursoJournalMode journalMode;

    private final Pool pool = new Pool();

    private final Transaction transaction = new Transaction();

    private final Sync sync = new Sync();

    private final Health health = new Health();

    public String getDatabase() {
        return this.database;
    }

    public void setDatabase(String database) {
        this.database = database;
    }

    public Duration getBusyTimeout() {
        return this.busyTimeout;
    }

    public void setBusyTimeout(Duration busyTimeout) {
        this.busyTimeout = notNegative(busyTimeout, "turso.busy-timeout", "5s");
    }

    public String getRemoteUrl() {
        return this.remoteUrl;
    }

    public void setRemoteUrl(String remoteUrl) {
        this.remoteUrl = remoteUrl;
    }

    public String getAuthToken() {
        return this.authToken;
    }

    public void setAuthToken(String authToken) {
        this.authToken = authToken;
    }

    public TursoJournalMode getJournalMode() {
        return this.journalMode;
    }

    public void setJournalMode(TursoJournalMode journalMode) {
        this.journalMode = journalMode;
    }

    public Pool getPool() {
        return this.pool;
    }

    public Transaction getTransaction() {
        return this.transaction;
    }

    public Sync getSync() {
        return this.sync;
    }

    public Health getHealth() {
        return this.health;
    }

    /** Never shows the auth token. */
    @Override
    public String toString() {
        return "TursoProperties[database=" + this.database + ", remoteUrl="
                + dev.turso4j.jdbc.RemoteText.origin(this.remoteUrl) + ", authToken="
                + ((this.authToken != null) ? "******" : null) + "]";
    }

    /**
     * Connection pool (HikariCP) settings. The engine lets one connection write at a time while
     * others read, so a small pool serves best: more connections add lock waits, not throughput.
     *
     * <p>These keys are the short form. Every other HikariCP setting binds from
     * {@code turso.pool.hikari.*} (as {@code spring.datasource.hikari.*} does for Spring Boot's pool),
     * and a {@code turso.pool.hikari.*} key wins over its short form: {@code maximum-pool-size} over
     * {@code maximum-size}, {@code minimum-idle} over {@code minimum-idle}, {@code connection-timeout}
     * (milliseconds) over {@code connection-timeout}, {@code pool-name} over {@code name}. The keys that
     * would point the pool at another database ({@code jdbc-url}, {@code driver-class-name},
     * {@code username}, ...) are refused.
     */
    public static class Pool {

        private static final Duration MINIMUM_CONNECTION_TIMEOUT = Duration.ofMillis(250);

        /**
         * Maximum number of pooled connections; at least 1. Unset: 4 in wal mode, where writers take
         * turns, and 8 in mvcc mode, where they run side by side.
         */
        private Integer maximumSize;

        /**
         * Minimum number of idle connections kept in the pool.
         */
        private int minimumIdle = 4;

        /**
         * How long a caller waits for a connection from the pool before failing; at least 250ms
         * (HikariCP's minimum).
         */
        private Duration connectionTimeout = Duration.ofSeconds(30);

        /**
         * Name of the pool, shown in logs and metrics.
         */
        private String name = "turso";

        public Integer getMaximumSize() {
            return this.maximumSize;
        }

        public void setMaximumSize(Integer maximumSize) {
            if (maximumSize != null && maximumSize < 1) {
                throw new TursoInvalidPropertyException("turso.pool.maximum-size", maximumSize, "at least 1", "4");
            }
            this.maximumSize = maximumSize;
        }

        public int getMinimumIdle() {
            return this.minimumIdle;
        }

        public void setMinimumIdle(int minimumIdle) {
            if (minimumIdle < 0) {
                throw new TursoInvalidPropertyException("turso.pool.minimum-idle", minimumIdle, "0 or more", "4");
            }
            this.minimumIdle = minimumIdle;
        }

        public Duration getConnectionTimeout() {
            return this.connectionTimeout;
        }

        public void setConnectionTimeout(Duration connectionTimeout) {
            if (connectionTimeout == null || connectionTimeout.compareTo(MINIMUM_CONNECTION_TIMEOUT) < 0) {
                throw new TursoInvalidPropertyException("turso.pool.connection-timeout", connectionTimeout,
                        "at least 250ms (HikariCP's minimum)", "30s");
            }
            this.connectionTimeout = connectionTimeout;
        }

        public String getName() {
            return this.name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }

    /**
     * How TursoTemplate.inTransaction retries a transaction that lost a write conflict (mvcc mode).
     */
    public static class Transaction {

        /**
         * How many times a transaction that lost a write conflict runs again; 0 or more.
         */
        private int maxRetries = TursoTemplate.DEFAULT_MAX_RETRIES;

        /**
         * Wait before the first retry; it doubles for each further retry, and each wait is drawn at
         * random between half and all of it. 0 or more.
         */
        private Duration retryBackoff = TursoTemplate.DEFAULT_RETRY_BACKOFF;

        public int getMaxRetries() {
            return this.maxRetries;
        }

        public void setMaxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new TursoInvalidPropertyException("turso.transaction.max-retries", maxRetries, "0 or more", "5");
            }
            this.maxRetries = maxRetries;
        }

        public Duration getRetryBackoff() {
            return this.retryBackoff;
        }

        public void setRetryBackoff(Duration retryBackoff) {
            this.retryBackoff = notNegative(retryBackoff, "turso.transaction.retry-backoff", "5ms");
        }
    }

    /**
     * Embedded replica sync settings. Durations must be positive.
     */
    public static class Sync {

        /**
         * Whether an empty local replica is filled from the remote at start-up. Once filled, the
         * replica starts without the remote.
         */
        private boolean bootstrap = true;

        /**
         * Period of the automatic sync (pull, then push). Unset means no automatic sync.
         */
        private Duration interval;

        /**
         * Longest time connecting to the remote may take.
         */
        private Duration connectTimeout = TursoConfig.DEFAULT_SYNC_CONNECT_TIMEOUT;

        /**
         * Longest time one request to the remote may take, from connecting to the last byte of the
         * answer. A request past it fails its sync, which leaves the local database as it was.
         */
        private Duration requestTimeout = TursoConfig.DEFAULT_SYNC_REQUEST_TIMEOUT;

        /**
         * Longest wait between retries after failed automatic syncs (the wait doubles after each
         * failure, with jitter, up to this).
         */
        private Duration maxBackoff = Duration.ofMinutes(5);

        /**
         * WAL size above which the scheduler checkpoints after an automatic sync, whether it
         * succeeded or not. Replicas do not checkpoint on their own; changes not yet pushed are kept
         * across a checkpoint.
         */
        private DataSize checkpointThreshold = DataSize.ofMegabytes(64);

        /**
         * How long the final push at shutdown may take.
         */
        private Duration shutdownTimeout = Duration.ofSeconds(10);

        /**
         * Age of the last successful sync (both a pull and a push) after which the health indicator
         * reports stale sync. Unset means three sync intervals (or no limit without an interval).
         */
        private Duration staleAfter;

        /**
         * What to do at start-up about replicated tables keyed by rowid (INTEGER PRIMARY KEY, or no
         * primary key): replicas hand out the same rowids, and the last push overwrites the other
         * rows. "ignore", "warn" (log the tables) or "fail" (refuse to start, naming them).
         */
        private RowidKeys rowidKeys = RowidKeys.IGNORE;

        public boolean isBootstrap() {
            return this.bootstrap;
        }

        public void setBootstrap(boolean bootstrap) {
            this.bootstrap = bootstrap;
        }

        public Duration getInterval() {
            return this.interval;
        }

        public void setInterval(Duration interval) {
            this.interval = positive(interval, "turso.sync.interval", "30s");
        }

        public Duration getConnectTimeout() {
            return this.connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "turso.sync.connect-timeout", "5s");
        }

        public Duration getRequestTimeout() {
            return this.requestTimeout;
        }

        public void setRequestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "turso.sync.request-timeout", "30s");
        }

        public Duration getMaxBackoff() {
            return this.maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = positive(maxBackoff, "turso.sync.max-backoff", "5m");
        }

        public DataSize getCheckpointThreshold() {
            return this.checkpointThreshold;
        }

        public void setCheckpointThreshold(DataSize checkpointThreshold) {
            if (checkpointThreshold != null && checkpointThreshold.isNegative()) {
                throw new TursoInvalidPropertyException("turso.sync.checkpoint-threshold", checkpointThreshold,
                        "a size of 0 or more", "64MB");
            }
            this.checkpointThreshold = checkpointThreshold;
        }

        public Duration getShutdownTimeout() {
            return this.shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = positive(shutdownTimeout, "turso.sync.shutdown-timeout", "10s");
        }

        public Duration getStaleAfter() {
            return this.staleAfter;
        }

        public void setStaleAfter(Duration staleAfter) {
            this.staleAfter = positive(staleAfter, "turso.sync.stale-after", "5m");
        }

        public RowidKeys getRowidKeys() {
            return this.rowidKeys;
        }

        public void setRowidKeys(RowidKeys rowidKeys) {
            this.rowidKeys = rowidKeys;
        }

    }

    /**
     * What the start-up check of replicated tables keyed by rowid does.
     */
    public enum RowidKeys {

        /** No check. */
        IGNORE,

        /** Log a warning naming the tables. */
        WARN,

        /** Refuse to start, naming the tables. */
        FAIL

    }

    /**
     * Health indicator settings (the indicator itself is switched by management.health.turso.enabled).
     */
    public static class Health {

        /**
         * Longest time a health check may take (positive); a database that does not answer in time
         * is DOWN.
         */
        private Duration timeout = Duration.ofSeconds(2);

        public Duration getTimeout() {
            return this.timeout;
        }

        public void setTimeout(Duration timeout) {
            if (timeout == null) {
                throw new TursoInvalidPropertyException("turso.health.timeout", null, "a positive duration", "2s");
            }
            this.timeout = positive(timeout, "turso.health.timeout", "2s");
        }
    }

    /** Unset (null) stays unset: the property is optional. */
    private static Duration positive(Duration duration, String property, String example) {
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new TursoInvalidPropertyException(property, duration, "a positive duration", example);
        }
        return duration;
    }

    private static Duration notNegative(Duration duration, String property, String example) {
        if (duration == null || duration.isNegative()) {
            throw new TursoInvalidPropertyException(property, duration, "a duration of 0 or more", example);
        }
        return duration;
    }
}
