package dev.turso4j.samples.notes;

import java.util.List;
import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A note as stored: one aggregate with its tags, which Spring Data JDBC saves and deletes together
 * with it. Its embedding lives in the vector store (see {@link NoteService}).
 */
@Table("notes")
record StoredNote(@Id Long id, String title, String body,
        @MappedCollection(idColumn = "note_id") Set<Tag> tags) {

    @Table("note_tags")
    record Tag(String tag) {
    }

    Note toNote() {
        return new Note(this.id, this.title, this.body, this.tags.stream().map(Tag::tag).sorted().toList());
    }

    static Set<Tag> tags(List<String> names) {
        return (names != null) ? names.stream().map(Tag::new).collect(java.util.stream.Collectors.toSet()) : Set.of();
    }
}
