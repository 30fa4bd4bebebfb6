package dev.turso4j.spring.data.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turso4j.jdbc.TursoConfig;
import dev.turso4j.jdbc.TursoDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.data.jdbc.repository.config.AbstractJdbcConfiguration;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/** Without Spring Boot: a plain {@link TursoDataSource} and Spring Data's own configuration find the dialect. */
class PlainDataSourceTests {

    @TempDir
    Path dir;

    @Test
    void repositoriesWorkOverAPlainTursoDataSource() throws Exception {
        try (TursoDataSource dataSource = new TursoDataSource(TursoConfig.forPath(this.dir.resolve("plain.db").toString()));
                AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            new JdbcTemplate(dataSource).execute(
                    "CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT, age INTEGER NOT NULL)");
            context.registerBean(DataSource.class, () -> dataSource);
            context.register(PlainConfiguration.class);
            context.refresh();

            CustomerRepository customers = context.getBean(CustomerRepository.class);
            Customer saved = customers.save(Customer.of("Ada", "London", 36));

            assertThat(context.getBean(JdbcDialect.class)).isSameAs(TursoDialect.INSTANCE);
            assertThat(customers.findById(saved.id())).contains(saved);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableJdbcRepositories(basePackageClasses = CustomerRepository.class)
    static class PlainConfiguration extends AbstractJdbcConfiguration {

        @Bean
        NamedParameterJdbcTemplate namedParameterJdbcTemplate(DataSource dataSource) {
            return new NamedParameterJdbcTemplate(dataSource);
        }

        @Bean
        PlatformTransactionManager transactionManager(DataSource dataSource) {
            return new DataSourceTransactionManager(dataSource);
        }
    }
}
