package dev.turso4j.spring.boot.autoconfigure;

import dev.turso4j.jdbc.TursoDriver;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * Spring Boot's {@code spring.datasource.*} for a {@code jdbc:turso:} URL, with the turso driver as
 * the driver class when {@code spring.datasource.driver-class-name} is not set (Spring Boot's
 * {@code DatabaseDriver} does not know turso, and would fail with "Failed to determine a suitable
 * driver class").
 */
final class TursoJdbcConnectionDetails implements JdbcConnectionDetails {

    private final DataSourceProperties properties;

    TursoJdbcConnectionDetails(DataSourceProperties properties) {
        this.properties = properties;
    }

    @Override
    public String getJdbcUrl() {
        return this.properties.determineUrl();
    }

    @Override
    public String getUsername() {
        return this.properties.determineUsername();
    }

    @Override
    public String getPassword() {
        return this.properties.determinePassword();
    }

    @Override
    public String getDriverClassName() {
        String driverClassName = this.properties.getDriverClassName();
        return (driverClassName != null && !driverClassName.isBlank()) ? driverClassName : TursoDriver.class.getName();
    }
}
