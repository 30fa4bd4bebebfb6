package dev.turso4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turso4j.spring.TursoAuthTokenProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The README's rotating-token bean: a token file rewritten by a secrets agent is read again each time. */
class RotatingTokenTests {

    @TempDir
    Path dir;

    @Test
    void aTokenFileRewrittenByASecretsAgentIsReadAgainEachTime() throws IOException {
        Path file = Files.writeString(this.dir.resolve("turso-token"), "first\n");
        new ApplicationContextRunner().withUserConfiguration(TokenFileConfiguration.class)
            .withPropertyValues("app.turso-token-file=" + file)
            .run((context) -> {
                TursoAuthTokenProvider tokens = context.getBean(TursoAuthTokenProvider.class);
                assertThat(tokens.get()).isEqualTo("first");
                Files.writeString(file, "second\n");
                assertThat(tokens.get()).isEqualTo("second");
            });
    }

    @Configuration(proxyBeanMethods = false)
    static class TokenFileConfiguration {

        @Bean
        TursoAuthTokenProvider tursoToken(@Value("${app.turso-token-file}") Path tokenFile) {
            return () -> {
                try {
                    return Files.readString(tokenFile).strip();
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            };
        }
    }
}
