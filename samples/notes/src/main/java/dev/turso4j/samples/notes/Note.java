package dev.turso4j.samples.notes;

import java.util.List;

/** A stored note. */
public record Note(long id, String title, String body, List<String> tags) {
}
