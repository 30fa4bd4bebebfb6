package dev.turso4j.samples.notes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/** Boots the sample on a random port and a fresh database file, and drives it over HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NotesApplicationTests {

    private static final ParameterizedTypeReference<List<Note>> NOTES = new ParameterizedTypeReference<>() {
    };

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("notes-sample");
        registry.add("turso.database", () -> dir.resolve("notes.db").toString());
    }

    @LocalServerPort
    int port;

    private RestClient http;

    @BeforeEach
    void client() {
        this.http = RestClient.builder()
            .baseUrl("http://127.0.0.1:" + this.port)
            .defaultStatusHandler((status) -> true, (request, response) -> { })
            .build();
    }

    private Note create(String title, String body, String... tags) {
        ResponseEntity<Note> response = this.http.post()
            .uri("/notes")
            .body(new NewNote(title, body, List.of(tags)))
            .retrieve()
            .toEntity(Note.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return response.getBody();
    }

    @Test
    void createsListsFindsSimilarAndDeletesNotes() {
        Note soup = create("Tomato soup", "Simmer tomatoes with onion and garlic, then blend the soup", "cooking", "soup");
        create("Onion soup", "Caramelize onion slowly, add stock, simmer the soup", "cooking", "soup");
        create("Tax return", "Collect receipts and file the yearly tax return before May", "admin");
        assertThat(soup.tags()).containsExactly("cooking", "soup");

        assertThat(this.http.get().uri("/notes?tag=soup").retrieve().body(NOTES)).extracting(Note::title)
            .containsExactly("Tomato soup", "Onion soup");
        assertThat(this.http.get().uri("/notes/{id}", soup.id()).retrieve().body(Note.class)).isEqualTo(soup);

        List<Note> similar = this.http.get().uri("/notes/{id}/similar?k=2", soup.id()).retrieve().body(NOTES);
        assertThat(similar).extracting(Note::title).containsExactly("Onion soup", "Tax return");

        assertThat(this.http.delete().uri("/notes/{id}", soup.id()).retrieve().toBodilessEntity().getStatusCode())
            .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(this.http.get().uri("/notes/{id}", soup.id()).retrieve().toBodilessEntity().getStatusCode())
            .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(this.http.post().uri("/notes").body(new NewNote("", "x", List.of())).retrieve().toBodilessEntity()
            .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void healthIsUpAndShowsTheDatabase() {
        Map<String, Object> health = this.http.get().uri("/actuator/health").retrieve()
            .body(new ParameterizedTypeReference<Map<String, Object>>() {
            });
        assertThat(health).containsEntry("status", "UP");
        assertThat(health.get("components").toString()).contains("db");
    }
}
