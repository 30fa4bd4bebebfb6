package dev.turso4j.samples.notes;

import java.util.List;

/** What a client sends to create a note. */
public record NewNote(String title, String body, List<String> tags) {
}
