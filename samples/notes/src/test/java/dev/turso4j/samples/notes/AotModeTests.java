package dev.turso4j.samples.notes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample as a native image runs it: from the classes Spring AOT generated at build time
 * ({@code process-aot}), with {@code spring.aot.enabled=true}, in a JVM of its own. It stores a note,
 * finds it again, and reports the turso health, so the starter's auto-configurations, properties and
 * runtime hints survive ahead-of-time processing. (The GraalVM compilation itself runs in the release
 * workflow; this machine has no GraalVM.)
 */
class AotModeTests {

    private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

    @TempDir
    Path dir;

    private Process app;

    @AfterEach
    void stop() throws Exception {
        if (this.app != null) {
            this.app.destroy();
            if (!this.app.waitFor(20, TimeUnit.SECONDS)) {
                this.app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theAotProcessedApplicationStoresAndFindsNotes() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.app = new ProcessBuilder(java, "-Dspring.aot.enabled=true", "-cp", System.getProperty("java.class.path"),
                NotesApplication.class.getName(), "--turso.database=" + this.dir.resolve("notes.db"),
                "--server.port=0", "--server.address=127.0.0.1")
            .redirectErrorStream(true)
            .start();
        int port = awaitPort(this.app);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/notes"))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(
                    "{\"title\":\"Ahead of time\",\"body\":\"beans generated at build time\",\"tags\":[\"aot\"]}"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        for (String path : List.of("/notes?tag=aot", "/actuator/health/turso")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
            assertThat(response.body()).containsAnyOf("beans generated at build time", "\"status\":\"UP\"");
        }
    }

    /** Reads the application's output until Tomcat says its port; fails after a minute or when it exits. */
    private static int awaitPort(Process app) throws Exception {
        StringBuilder output = new StringBuilder();
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.append(line).append('\n');
                    if (line.contains("Starting AOT-processed")) {
                        output.append("(AOT mode)\n");
                    }
                    Matcher started = STARTED.matcher(line);
                    if (started.find()) {
                        return Integer.parseInt(started.group(1));
                    }
                }
                return -1;
            }
            catch (Exception ex) {
                return -1;
            }
        });
        Integer found = port.get(60, TimeUnit.SECONDS);
        assertThat(found).as(output.toString()).isPositive();
        assertThat(output).as("started from the AOT-generated classes").contains("(AOT mode)");
        return found;
    }
}
