package dev.turso4j.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver for {@code jdbc:turso:<path>} and {@code jdbc:turso::memory:} URLs, registered
 * with {@link DriverManager} through the service loader.
 *
 * <p>Each connection made here opens its own {@link TursoDataSource}: two connections to one file
 * share the file (the engine opens it once per process), but each {@code :memory:} connection is a
 * database of its own. Applications should use one {@link TursoDataSource} (pooled) instead, which
 * shares one database among all of its connections.
 */
public final class TursoDriver implements Driver {

    static {
        try {
            DriverManager.registerDriver(new TursoDriver());
        }
        catch (SQLException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        TursoDataSource dataSource = new TursoDataSource(TursoConfig.fromUrl(url, info));
        TursoConnection connection;
        try {
            connection = dataSource.getConnection();
        }
        catch (SQLException | RuntimeException ex) {
            dataSource.close();
            throw ex;
        }
        connection.closeDataSourceOnClose(dataSource);
        return connection;
    }

    @Override
    public boolean acceptsURL(String url) {
        return TursoConfig.acceptsUrl(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        DriverPropertyInfo busyTimeout = new DriverPropertyInfo("busy_timeout",
                String.valueOf(TursoConfig.DEFAULT_BUSY_TIMEOUT.toMillis()));
        busyTimeout.description = "Milliseconds a statement waits for a lock held by another connection";
        DriverPropertyInfo readOnly = new DriverPropertyInfo("read_only", "false");
        readOnly.description = "Whether to open the database without write access";
        readOnly.choices = new String[] { "true", "false" };
        return new DriverPropertyInfo[] { busyTimeout, readOnly };
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    /** Not fully compliant: see the README for what is unsupported. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw Errors.unsupported("java.util.logging");
    }
}
