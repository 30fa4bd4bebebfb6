package dev.turso4j.jdbc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What a turso database is opened with. Built from a URL ({@code jdbc:turso:<path>[?options]},
 * {@code jdbc:turso::memory:}) and {@link Properties}, or in code with the {@code with*} methods.
 *
 * <p>Options: {@code busy_timeout} (milliseconds a statement waits for a lock held by another
 * connection, default 5000), {@code read_only} ({@code true} opens the file without write access),
 * and for replicas {@code sync_connect_timeout} and {@code sync_request_timeout} (milliseconds;
 * defaults 5000 and 30000). An unknown option is an error, so a typo does not go unnoticed.
 *
 * <p>An auth token is never part of a URL or of {@link #toString()}: give it as a
 * {@link #withAuthToken(Supplier) supplier}. Instances are immutable: every {@code with*} method
 * returns a changed copy.
 */
public final class TursoConfig {

    /** The prefix of every turso JDBC URL. */
    public static final String URL_PREFIX = "jdbc:turso:";

    /** The path of an in-memory database. */
    public static final String MEMORY = ":memory:";

    /** The default busy timeout. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

    /** The default time a replica may take to connect to its remote. */
    public static final Duration DEFAULT_SYNC_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** The default time one whole request of a replica to its remote may take. */
    public static final Duration DEFAULT_SYNC_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final Set<String> OPTIONS = Set.of("busy_timeout", "journal_mode", "read_only",
            "sync_connect_timeout", "sync_request_timeout");

    private final String path;

    private Duration busyTimeout = DEFAULT_BUSY_TIMEOUT;

    private boolean readOnly;

    private TursoJournalMode journalMode;

    private String remoteUrl;

    private Supplier<String> authToken;

    private boolean bootstrapIfEmpty = true;

    private Duration syncConnectTimeout = DEFAULT_SYNC_CONNECT_TIMEOUT;

    private Duration syncRequestTimeout = DEFAULT_SYNC_REQUEST_TIMEOUT;

    private TursoConfig(String path) {
        this.path = path;
    }

    /** The copy a {@code with*} method changes before anyone else sees it. */
    private TursoConfig copy() {
        TursoConfig copy = new TursoConfig(this.path);
        copy.busyTimeout = this.busyTimeout;
        copy.readOnly = this.readOnly;
        copy.journalMode = this.journalMode;
        copy.remoteUrl = this.remoteUrl;
        copy.authToken = this.authToken;
        copy.bootstrapIfEmpty = this.bootstrapIfEmpty;
        copy.syncConnectTimeout = this.syncConnectTimeout;
        copy.syncRequestTimeout = this.syncRequestTimeout;
        return copy;
    }

    /**
     * A configuration for a local file or {@code :memory:} with the default options.
     * @param path a file path or {@code :memory:}
     * @return the configuration
     */
    public static TursoConfig forPath(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("database path is empty: use a file path or :memory:");
        }
        return new TursoConfig(path);
    }

    /**
     * Parses a turso JDBC URL; {@code properties} (may be {@code null}) override options in the URL.
     * @param url the URL
     * @param properties options, or {@code null}
     * @return the configuration
     * @throws SQLException when the URL or an option is invalid
     */
    public static TursoConfig fromUrl(String url, Properties properties) throws SQLException {
        if (!acceptsUrl(url)) {
            throw Errors.misuse("not a turso URL (expected " + URL_PREFIX + "<path> or " + URL_PREFIX + MEMORY + ")");
        }
        String rest = url.substring(URL_PREFIX.length());
        Map<String, String> options = new TreeMap<>();
        int query = rest.indexOf('?');
        if (query >= 0) {
            for (String pair : rest.substring(query + 1).split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    String key = decode((eq < 0) ? pair : pair.substring(0, eq));
                    options.put(key.toLowerCase(Locale.ROOT), (eq < 0) ? "" : decode(pair.substring(eq + 1)));
                }
            }
            rest = rest.substring(0, query);
        }
        if (properties != null) {
            for (String name : properties.stringPropertyNames()) {
                if (OPTIONS.contains(name.toLowerCase(Locale.ROOT))) {
                    options.put(name.toLowerCase(Locale.ROOT), properties.getProperty(name));
                }
            }
        }
        if (rest.isEmpty()) {
            throw Errors.misuse("the URL names no database: use " + URL_PREFIX + "<path> or " + URL_PREFIX + MEMORY);
        }
        TursoConfig config = forPath(rest);
        for (Map.Entry<String, String> option : options.entrySet()) {
            config = config.withOption(option.getKey(), option.getValue());
        }
        return config;
    }

    private TursoConfig withOption(String name, String value) throws SQLException {
        try {
            return switch (name) {
                case "busy_timeout" -> withBusyTimeout(millis(value));
                case "journal_mode" -> withJournalMode(TursoJournalMode.parse(value));
                case "read_only" -> withReadOnly(Boolean.parseBoolean(value.trim()) || value.isBlank());
                case "sync_connect_timeout" -> withSyncConnectTimeout(millis(value));
                case "sync_request_timeout" -> withSyncRequestTimeout(millis(value));
                default -> throw Errors.misuse("unknown turso URL option '" + name + "'; known options: " + OPTIONS);
            };
        }
        catch (IllegalArgumentException ex) {
            throw Errors.misuse(name + ": " + ex.getMessage());
        }
    }

    private static Duration millis(String value) {
        try {
            return Duration.ofMillis(Long.parseLong(value.trim()));
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("expected a number of milliseconds, not '" + value + "'");
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /**
     * @param url a JDBC URL, or {@code null}
     * @return whether it is a turso URL
     */
    public static boolean acceptsUrl(String url) {
        return url != null && url.startsWith(URL_PREFIX);
    }

    /**
     * @param timeout how long a statement waits for a lock held by another connection
     * @return a copy with that busy timeout
     */
    public TursoConfig withBusyTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("busy timeout must not be negative");
        }
        TursoConfig copy = copy();
        copy.busyTimeout = timeout;
        return copy;
    }

    /**
     * @param readOnly whether to open the database without write access
     * @return a copy with that setting
     */
    public TursoConfig withReadOnly(boolean readOnly) {
        TursoConfig copy = copy();
        copy.readOnly = readOnly;
        return copy;
    }

    /**
     * @param journalMode the mode to open the database in, converting the file when it is in the other
     * mode; {@code null} (the default) keeps the file's mode (WAL for a new file)
     * @return a copy with that setting
     */
    public TursoConfig withJournalMode(TursoJournalMode journalMode) {
        TursoConfig copy = copy();
        copy.journalMode = journalMode;
        return copy;
    }

    /**
     * Makes the local file an embedded replica of a remote database.
     * @param remoteUrl the remote database URL ({@code libsql://}, {@code https://} or {@code http://})
     * @return a copy with that remote
     */
    public TursoConfig withRemoteUrl(String remoteUrl) {
        TursoConfig copy = copy();
        copy.remoteUrl = remoteUrl;
        return copy;
    }

    /**
     * @param authToken called for a token before every request to the remote, so a rotated token is
     * used without a restart; returning {@code null}, throwing, or not answering within the request
     * timeout fails the request (a SYNC error)
     * @return a copy with that token source
     */
    public TursoConfig withAuthToken(Supplier<String> authToken) {
        TursoConfig copy = copy();
        copy.authToken = authToken;
        return copy;
    }

    /**
     * @param bootstrapIfEmpty whether an empty local replica is first filled from the remote
     * @return a copy with that setting
     */
    public TursoConfig withBootstrapIfEmpty(boolean bootstrapIfEmpty) {
        TursoConfig copy = copy();
        copy.bootstrapIfEmpty = bootstrapIfEmpty;
        return copy;
    }

    /**
     * @param timeout how long a replica may take to connect to its remote (positive)
     * @return a copy with that timeout
     */
    public TursoConfig withSyncConnectTimeout(Duration timeout) {
        TursoConfig copy = copy();
        copy.syncConnectTimeout = positive(timeout, "sync connect timeout");
        return copy;
    }

    /**
     * @param timeout how long one whole request of a replica to its remote may take, answer included
     * (positive); a request past it fails its sync operation with {@link TursoErrorCode#SYNC}
     * @return a copy with that timeout
     */
    public TursoConfig withSyncRequestTimeout(Duration timeout) {
        TursoConfig copy = copy();
        copy.syncRequestTimeout = positive(timeout, "sync request timeout");
        return copy;
    }

    private static Duration positive(Duration timeout, String what) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, not " + timeout.toMillis() + " ms");
        }
        return timeout;
    }

    /** @return the file path or {@code :memory:} */
    public String getPath() {
        return this.path;
    }

    /** @return whether this is an in-memory database */
    public boolean isMemory() {
        return MEMORY.equals(this.path);
    }

    /** @return how long a statement waits for a lock */
    public Duration getBusyTimeout() {
        return this.busyTimeout;
    }

    /** @return whether the database is opened read-only */
    public boolean isReadOnly() {
        return this.readOnly;
    }

    /** @return the journal mode to open the database in, or {@code null} to keep the file's */
    public TursoJournalMode getJournalMode() {
        return this.journalMode;
    }

    /** @return the remote URL of a replica, or {@code null} */
    public String getRemoteUrl() {
        return this.remoteUrl;
    }

    /** @return the auth token source of a replica, or {@code null} */
    public Supplier<String> getAuthToken() {
        return this.authToken;
    }

    /** @return whether an empty replica is bootstrapped from the remote */
    public boolean isBootstrapIfEmpty() {
        return this.bootstrapIfEmpty;
    }

    /** @return how long a replica may take to connect to its remote */
    public Duration getSyncConnectTimeout() {
        return this.syncConnectTimeout;
    }

    /** @return how long one whole request of a replica to its remote may take */
    public Duration getSyncRequestTimeout() {
        return this.syncRequestTimeout;
    }

    /** @return the JDBC URL of the database (options and secrets left out) */
    public String toUrl() {
        return URL_PREFIX + this.path;
    }

    /**
     * Shows where the database is; never an auth token, and a remote URL without credentials or query.
     */
    @Override
    public String toString() {
        return "TursoConfig[path=" + this.path + ", busyTimeout=" + this.busyTimeout + ", readOnly=" + this.readOnly
                + ((this.journalMode != null) ? ", journalMode=" + this.journalMode : "")
                + ((this.remoteUrl != null) ? ", remote=" + RemoteText.origin(this.remoteUrl) : "") + "]";
    }
}
