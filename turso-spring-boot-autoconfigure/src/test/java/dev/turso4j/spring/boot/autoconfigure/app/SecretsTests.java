package dev.turso4j.spring.boot.autoconfigure.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turso4j.spring.boot.autoconfigure.TursoProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The auth token never shows: not in logs, not in actuator's env or configprops, not in toString. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "turso.auth-token=tok-very-secret-123", "management.endpoints.web.exposure.include=env,configprops",
            "logging.level.dev.turso4j=DEBUG" })
@ExtendWith(OutputCaptureExtension.class)
class SecretsTests {

    private static final String TOKEN = "tok-very-secret-123";

    @LocalServerPort
    int port;

    @Autowired
    TursoProperties properties;

    @Test
    void theTokenAppearsNowhere(CapturedOutput output) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (String endpoint : new String[] { "env", "env/turso.auth-token", "configprops" }) {
            var response = http.send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + this.port + "/actuator/" + endpoint))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).as(endpoint).doesNotContain(TOKEN);
            if (endpoint.equals("configprops")) {
                assertThat(response.body()).contains("turso");
            }
        }
        assertThat(this.properties.toString()).doesNotContain(TOKEN);
        assertThat(output).doesNotContain(TOKEN);
    }
}
