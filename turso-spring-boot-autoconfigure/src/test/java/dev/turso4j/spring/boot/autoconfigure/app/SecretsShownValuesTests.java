package dev.turso4j.spring.boot.autoconfigure.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With show-values=always, actuator shows the turso settings but still not the auth token. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "turso.auth-token=tok-very-secret-456", "turso.busy-timeout=1234ms",
            "management.endpoints.web.exposure.include=env,configprops", "management.endpoint.env.show-values=always",
            "management.endpoint.configprops.show-values=always" })
class SecretsShownValuesTests {

    private static final String TOKEN = "tok-very-secret-456";

    @LocalServerPort
    int port;

    @Test
    void theEndpointsShowValuesButNotTheToken() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String endpoint : new String[] { "env", "env/turso.auth-token", "configprops" }) {
            var response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/" + endpoint)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).as(endpoint).doesNotContain(TOKEN);
            if (!endpoint.startsWith("env/")) {
                assertThat(response.body()).as(endpoint + " shows values").contains("1234ms");
            }
            else {
                assertThat(response.body()).contains("******");
            }
        }
    }
}
