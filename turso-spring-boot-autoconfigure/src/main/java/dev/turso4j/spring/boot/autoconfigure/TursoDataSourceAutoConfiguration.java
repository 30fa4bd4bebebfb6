package dev.turso4j.spring.boot.autoconfigure;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.turso4j.jdbc.TursoConfig;
import dev.turso4j.jdbc.TursoJournalMode;
import dev.turso4j.jdbc.TursoDataSource;
import dev.turso4j.spring.TursoAuthTokenProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * A pooled turso {@link DataSource} from {@code turso.*} properties: an eagerly started
 * {@link HikariDataSource} over one {@link TursoDataSource}, so Spring Boot's JdbcTemplate, JdbcClient,
 * transaction manager, {@code db} health and pool metrics attach to it unchanged. Backs off when the
 * application defines its own DataSource.
 *
 * <p>Spring Boot's own {@code spring.datasource.url} takes precedence over the starter's pool:
 * <ul>
 * <li>not set: the starter's pool over {@code turso.database} (the turso health, metrics, sync and
 * {@code TursoTemplate} attach to it);</li>
 * <li>another database's URL: the starter backs off and Spring Boot configures that database;</li>
 * <li>a {@code jdbc:turso:<file>} URL: Spring Boot's own pool ({@code spring.datasource.hikari.*}) over
 * the turso driver, which this configuration names as the driver class. The pool takes its connections
 * from the driver, so the {@code turso.*} settings and the turso health, metrics, sync and
 * {@code TursoTemplate} do not apply. Setting {@code turso.database} or {@code turso.remote-url} as well
 * fails the start-up (the database would be configured twice), and so does {@code jdbc:turso::memory:}
 * (each pooled connection would open an in-memory database of its own).</li>
 * </ul>
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ TursoDataSource.class, HikariDataSource.class })
@ConditionalOnMissingBean(DataSource.class)
@EnableConfigurationProperties(TursoProperties.class)
public final class TursoDataSourceAutoConfiguration {

    static final String AUTH_TOKEN_PROPERTY = "turso.auth-token";

    static final String HIKARI_PREFIX = "turso.pool.hikari";

    private static final Log logger = LogFactory.getLog(TursoDataSourceAutoConfiguration.class);

    /** The default pool size when writers take turns: more connections would add lock waits, not throughput. */
    static final int WAL_POOL_SIZE = 4;

    /** The default pool size in MVCC mode, where writers run side by side (see the benchmark page). */
    static final int MVCC_POOL_SIZE = 8;

    @Configuration(proxyBeanMethods = false)
    @Conditional(SpringDataSourceUrlCondition.NotSet.class)
    static class PooledTursoDataSourceConfiguration {

        @Bean
        TursoPooledDataSource dataSource(TursoProperties properties,
                ObjectProvider<TursoAuthTokenProvider> tokenProvider, Environment environment) throws SQLException {
            TursoDataSource turso = open(tursoConfig(properties, authTokens(tokenProvider, environment)));
            try {
                return new TursoPooledDataSource(turso, hikariConfig(properties, turso.getJournalMode(), environment));
            }
            catch (RuntimeException ex) {
                turso.close();
                throw ex;
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails")
    @Conditional(SpringDataSourceUrlCondition.Turso.class)
    @EnableConfigurationProperties(DataSourceProperties.class)
    static class SpringDataSourceUrlConfiguration {

        @Bean
        @ConditionalOnMissingBean(JdbcConnectionDetails.class)
        TursoJdbcConnectionDetails jdbcConnectionDetails(DataSourceProperties dataSource, TursoProperties turso)
                throws SQLException {
            String url = dataSource.getUrl().trim();
            String fix = "Configure the turso database in one place: remove " + SpringDataSourceUrlCondition.PROPERTY
                    + " to use the starter's pool over turso.* (with the turso health, metrics and sync), or remove "
                    + "turso.database and turso.remote-url to use Spring Boot's pool over " + SpringDataSourceUrlCondition.PROPERTY
                    + ".";
            String requirement = "unset when " + SpringDataSourceUrlCondition.PROPERTY
                    + " names a turso database too";
            if (hasText(turso.getDatabase())) {
                throw TursoInvalidPropertyException.invalid("turso.database", turso.getDatabase(), requirement, fix);
            }
            if (hasText(turso.getRemoteUrl())) {
                throw TursoInvalidPropertyException.invalid("turso.remote-url",
                        dev.turso4j.jdbc.RemoteText.origin(turso.getRemoteUrl()), requirement, fix);
            }
            if (TursoConfig.fromUrl(url, new Properties()).isMemory()) {
                throw TursoInvalidPropertyException.invalid(SpringDataSourceUrlCondition.PROPERTY, url,
                        "a database file: with Spring Boot's pool, each connection would open an in-memory database "
                                + "of its own",
                        "Remove " + SpringDataSourceUrlCondition.PROPERTY + " (and turso.database) to get the "
                                + "starter's pool over one shared in-memory database, or set "
                                + SpringDataSourceUrlCondition.PROPERTY + " to a file, for example "
                                + SpringDataSourceUrlCondition.PROPERTY + "=jdbc:turso:data/app.db.");
            }
            return new TursoJdbcConnectionDetails(dataSource);
        }

        private static boolean hasText(String value) {
            return value != null && !value.isBlank();
        }
    }

    static TursoConfig tursoConfig(TursoProperties properties, Supplier<String> authTokens) {
        String database = properties.getDatabase();
        if (database == null || database.isBlank()) {
            logger.info("turso.database is not set: using an in-memory database, lost when the application stops. "
                    + "Set turso.database to a file path to keep the data.");
            database = TursoConfig.MEMORY;
        }
        TursoConfig config = TursoConfig.forPath(database)
            .withBusyTimeout(properties.getBusyTimeout())
            .withJournalMode(properties.getJournalMode());
        if (properties.getRemoteUrl() != null && !properties.getRemoteUrl().isBlank()) {
            if (authTokens == null) {
                throw new TursoMissingAuthTokenException(properties.getRemoteUrl());
            }
            TursoProperties.Sync sync = properties.getSync();
            config = config.withRemoteUrl(properties.getRemoteUrl())
                .withAuthToken(authTokens)
                .withBootstrapIfEmpty(sync.isBootstrap())
                .withSyncConnectTimeout(sync.getConnectTimeout())
                .withSyncRequestTimeout(sync.getRequestTimeout());
        }
        return config;
    }

    /**
     * A token provider bean wins over the {@code turso.auth-token} property; the property is read
     * from the Environment on every request, not copied at start-up.
     */
    static Supplier<String> authTokens(ObjectProvider<TursoAuthTokenProvider> tokenProvider, Environment environment) {
        TursoAuthTokenProvider provider = tokenProvider.getIfAvailable();
        if (provider != null) {
            return provider;
        }
        if (environment.containsProperty(AUTH_TOKEN_PROPERTY)) {
            return () -> environment.getProperty(AUTH_TOKEN_PROPERTY);
        }
        return null;
    }

    /** Checks the path first, so the common mistakes get a clear failure analysis. */
    static TursoDataSource open(TursoConfig config) throws SQLException {
        if (!config.isMemory()) {
            checkPath(Path.of(config.getPath()).toAbsolutePath());
        }
        try {
            return new TursoDataSource(config);
        }
        catch (SQLException ex) {
            String message = String.valueOf(ex.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (message.contains("locked")) {
                throw new TursoDatabasePathException(Path.of(config.getPath()), TursoDatabasePathException.Reason.LOCKED,
                        ex);
            }
            throw ex;
        }
    }

    private static void checkPath(Path path) {
        if (Files.isDirectory(path)) {
            throw new TursoDatabasePathException(path, TursoDatabasePathException.Reason.DIRECTORY, null);
        }
        Path parent = path.getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        }
        catch (IOException ex) {
            throw new TursoDatabasePathException(path, TursoDatabasePathException.Reason.NOT_WRITABLE, ex);
        }
        boolean writable = Files.exists(path) ? Files.isWritable(path) : (parent == null || Files.isWritable(parent));
        if (!writable) {
            throw new TursoDatabasePathException(path, TursoDatabasePathException.Reason.NOT_WRITABLE, null);
        }
    }

    /**
     * The short form ({@code turso.pool.*}) first, then every {@code turso.pool.hikari.*} key bound onto
     * the {@link HikariConfig} as Spring Boot binds {@code spring.datasource.hikari.*}: a
     * {@code turso.pool.hikari.*} key wins over its short form.
     */
    static HikariConfig hikariConfig(TursoProperties properties, TursoJournalMode journalMode, Environment environment) {
        TursoProperties.Pool pool = properties.getPool();
        HikariConfig config = new HikariConfig();
        config.setPoolName(pool.getName());
        int maximumSize = (pool.getMaximumSize() != null) ? pool.getMaximumSize()
                : (journalMode == TursoJournalMode.MVCC) ? MVCC_POOL_SIZE : WAL_POOL_SIZE;
        config.setMaximumPoolSize(maximumSize);
        config.setMinimumIdle(Math.min(pool.getMinimumIdle(), maximumSize));
        config.setConnectionTimeout(pool.getConnectionTimeout().toMillis());
        Binder.get(environment).bind(HIKARI_PREFIX, Bindable.ofInstance(config));
        rejectOtherConnectionSources(config);
        return config;
    }

    /** The pool always takes its connections from the turso database; these keys would point it elsewhere. */
    private static void rejectOtherConnectionSources(HikariConfig config) {
        String requirement = "unset (the pool always takes its connections from the turso database)";
        Object[][] sources = { { "jdbc-url", config.getJdbcUrl() }, { "driver-class-name", config.getDriverClassName() },
                { "data-source-class-name", config.getDataSourceClassName() },
                { "data-source-j-n-d-i", config.getDataSourceJNDI() }, { "username", config.getUsername() },
                { "password", (config.getPassword() != null) ? "******" : null },
                { "credentials-provider-class-name", config.getCredentialsProviderClassName() },
                { "data-source-properties", config.getDataSourceProperties().isEmpty() ? null
                        : config.getDataSourceProperties().stringPropertyNames() } };
        for (Object[] source : sources) {
            if (source[1] != null) {
                String property = HIKARI_PREFIX + "." + source[0];
                throw TursoInvalidPropertyException.invalid(property, source[1], requirement, "Remove " + property
                        + ". To use another database than turso, set spring.datasource.url instead of turso.*.");
            }
        }
    }
}
