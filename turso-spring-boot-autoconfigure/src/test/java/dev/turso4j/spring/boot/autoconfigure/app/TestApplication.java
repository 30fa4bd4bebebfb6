package dev.turso4j.spring.boot.autoconfigure.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The application the {@code @SpringBootTest}s boot: Flyway migrations, a JPA entity, the starter. */
@SpringBootApplication
public class TestApplication {
}
