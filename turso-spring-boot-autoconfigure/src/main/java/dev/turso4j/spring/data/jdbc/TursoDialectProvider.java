package dev.turso4j.spring.data.jdbc;

import dev.turso4j.jdbc.TursoConfig;
import dev.turso4j.jdbc.TursoConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.data.jdbc.core.dialect.DialectResolver;
import org.springframework.data.relational.core.dialect.Dialect;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * Answers {@link TursoDialect} to Spring Data JDBC's {@link DialectResolver} for a turso connection,
 * and nothing for any other database. Registered in {@code META-INF/spring.factories}, it serves the
 * starter's pooled {@code DataSource} and a plain {@code TursoDataSource} alike.
 *
 * <p>A connection is turso's when it unwraps to {@link TursoConnection} (through HikariCP's proxies and
 * Spring's), or, behind a wrapper that does not unwrap, when its metadata URL is a {@code jdbc:turso:}
 * URL. The database product name is no guide: the driver reports {@code SQLite}, as SQLite's own
 * drivers do.
 */
public final class TursoDialectProvider implements DialectResolver.JdbcDialectProvider {

    @Override
    public Optional<Dialect> getDialect(JdbcOperations operations) {
        return Optional.ofNullable(operations.execute((ConnectionCallback<Dialect>) TursoDialectProvider::dialectOf));
    }

    private static Dialect dialectOf(Connection connection) throws SQLException {
        if (connection.isWrapperFor(TursoConnection.class)
                || TursoConfig.acceptsUrl(connection.getMetaData().getURL())) {
            return TursoDialect.INSTANCE;
        }
        return null;
    }
}
