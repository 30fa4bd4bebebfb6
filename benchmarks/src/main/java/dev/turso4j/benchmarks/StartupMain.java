package dev.turso4j.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.turso4j.spring.TursoTemplate;
import dev.turso4j.benchmarks.Databases.Engine;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Workload 7, the child process: a plain Spring context (no Spring Boot yet) with a HikariCP
 * DataSource over the engine's driver and a JdbcTemplate, answering one point select on an existing
 * file; then it prints the wall clock. The suite starts it and takes the difference with the clock
 * it read just before starting the JVM.
 *
 * <p>Arguments: {@code turso|tursotemplate|sqlite <database file>}; {@code tursotemplate} also
 * makes a {@code TursoTemplate} bean and asks through it.
 */
public final class StartupMain {

    private StartupMain() {
    }

    @Configuration(proxyBeanMethods = false)
    static class Config {

        @Bean(destroyMethod = "close")
        HikariDataSource dataSource() throws SQLException {
            String name = System.getProperty("bench.engine");
            Engine engine = name.equals("TURSOTEMPLATE") ? Engine.TURSO : Engine.valueOf(name);
            Path file = Path.of(System.getProperty("bench.db"));
            DataSource unpooled = Databases.open(engine, file, Databases.BUSY_TIMEOUT, false);
            return Databases.pool(unpooled, "startup");
        }

        @Bean
        JdbcTemplate jdbcTemplate(DataSource dataSource) {
            return new JdbcTemplate(dataSource);
        }

        @Bean
        TursoTemplate tursoTemplate(JdbcTemplate jdbcTemplate) {
            return new TursoTemplate(jdbcTemplate);
        }
    }

    public static void main(String[] args) {
        System.setProperty("bench.engine", args[0].toUpperCase(java.util.Locale.ROOT));
        System.setProperty("bench.db", args[1]);
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Config.class)) {
            Fixture.Row5Out row = args[0].equals("tursotemplate")
                    ? context.getBean(TursoTemplate.class).query(Data.SQL_POINT, Fixture.ROW5, 1L).get(0)
                    : context.getBean(JdbcTemplate.class).queryForObject(Data.SQL_POINT, Fixture.ROW5, 1L);
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
            if (row == null) {
                throw new IllegalStateException("no row");
            }
            System.out.println("first_query_epoch_micros\t" + micros);
        }
    }
}
