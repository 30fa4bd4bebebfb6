package dev.turso4j.spring.data.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Boots {@link DataJdbcTestApplication} on a fresh database file per test class, its schema from
 * {@code schema.sql} next to this class; the context closes before the directory is deleted.
 */
@SpringBootTest(classes = DataJdbcTestApplication.class, properties = { "spring.sql.init.mode=always",
        "spring.sql.init.schema-locations=classpath:dev/turso4j/spring/data/jdbc/schema.sql" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class DataJdbcTestSupport {

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("turso.database", () -> dir.resolve("app.db").toString());
    }
}
