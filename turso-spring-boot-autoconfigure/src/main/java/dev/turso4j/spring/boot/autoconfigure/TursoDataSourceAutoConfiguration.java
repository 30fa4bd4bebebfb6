package dev.turso4j.spring.boot.autoconfigure;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.turso4j.jdbc.TursoConfig;
import dev.turso4j.jdbc.TursoDataSource;
import dev.turso4j.spring.TursoAuthTokenProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
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
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * A pooled turso {@link DataSource} from {@code turso.*} properties: an eagerly started
 * {@link HikariDataSource} over one {@link TursoDataSource}, so Spring Boot's JdbcTemplate, JdbcClient,
 * transaction manager, {@code db} health and pool metrics attach to it unchanged. Backs off when the
 * application defines its own DataSource.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ TursoDataSource.class, HikariDataSource.class })
@ConditionalOnMissingBean(DataSource.class)
@EnableConfigurationProperties(TursoProperties.class)
public final class TursoDataSourceAutoConfiguration {

    static final String AUTH_TOKEN_PROPERTY = "turso.auth-token";

    static final String HIKARI_PREFIX = "turso.pool.hikari";

    private static final Log logger = LogFactory.getLog(TursoDataSourceAutoConfiguration.class);

    @Bean
    TursoPooledDataSource dataSource(TursoProperties properties, ObjectProvider<TursoAuthTokenProvider> tokenProvider,
            Environment environment) throws SQLException {
        TursoDataSource turso = open(tursoConfig(properties, authTokens(tokenProvider, environment)));
        try {
            return new TursoPooledDataSource(turso, hikariConfig(properties, environment));
        }
        catch (RuntimeException ex) {
            turso.close();
            throw ex;
        }
    }

    static TursoConfig tursoConfig(TursoProperties properties, Supplier<String> authTokens) {
        String database = properties.getDatabase();
        if (database == null || database.isBlank()) {
            logger.info("turso.database is not set: using an in-memory database, lost when the application stops. "
                    + "Set turso.database to a file path to keep the data.");
            database = TursoConfig.MEMORY;
        }
        TursoConfig config = TursoConfig.forPath(database).withBusyTimeout(properties.getBusyTimeout());
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
    static HikariConfig hikariConfig(TursoProperties properties, Environment environment) {
        TursoProperties.Pool pool = properties.getPool();
        HikariConfig config = new HikariConfig();
        config.setPoolName(pool.getName());
        config.setMaximumPoolSize(pool.getMaximumSize());
        config.setMinimumIdle(Math.min(pool.getMinimumIdle(), pool.getMaximumSize()));
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
                throw new TursoInvalidPropertyException(HIKARI_PREFIX + "." + source[0], source[1], requirement,
                        null);
            }
        }
    }
}
