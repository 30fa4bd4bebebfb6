package dev.turso4j.spring.data.jdbc;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application with the starter and {@code spring-boot-starter-data-jdbc} and no dialect code: its
 * repositories work only if Spring Data finds {@link TursoDialect} by itself. JPA and Flyway, on the
 * test class path for other tests, are left out.
 */
@SpringBootApplication(excludeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration" })
public class DataJdbcTestApplication {
}
