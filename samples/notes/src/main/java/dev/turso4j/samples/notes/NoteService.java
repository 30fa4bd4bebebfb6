package dev.turso4j.samples.notes;

import dev.turso4j.spring.TursoTemplate;
import dev.turso4j.spring.VectorDistance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Stores notes and their tags with {@link TursoTemplate}; finds similar notes by vector search. */
@Service
public class NoteService {

    private final TursoTemplate turso;

    private final TextEmbedder embedder;

    public NoteService(TursoTemplate turso, TextEmbedder embedder) {
        this.turso = turso;
        this.embedder = embedder;
    }

    @Transactional
    public Note create(NewNote note) {
        List<String> tags = (note.tags() != null) ? note.tags() : List.of();
        long id = this.turso.execute("INSERT INTO notes (title, body, embedding) VALUES (?, ?, ?)", note.title(),
                note.body(), this.embedder.embed(note.title() + " " + note.body())).lastInsertRowid();
        List<Object[]> tagRows = new ArrayList<>();
        for (String tag : tags) {
            tagRows.add(new Object[] { id, tag });
        }
        if (!tagRows.isEmpty()) {
            this.turso.batch("INSERT OR IGNORE INTO note_tags (note_id, tag) VALUES (?, ?)", tagRows);
        }
        return find(id).orElseThrow();
    }

    @Transactional(readOnly = true)
    public Optional<Note> find(long id) {
        return this.turso.query("SELECT id, title, body FROM notes WHERE id = ?", this::toNote, id)
            .stream()
            .findFirst();
    }

    @Transactional(readOnly = true)
    public List<Note> list(String tag) {
        if (tag == null) {
            return this.turso.query("SELECT id, title, body FROM notes ORDER BY id", this::toNote);
        }
        return this.turso.query("SELECT n.id, n.title, n.body FROM notes n JOIN note_tags t ON t.note_id = n.id "
                + "WHERE t.tag = ? ORDER BY n.id", this::toNote, tag);
    }

    /** The {@code k} notes most similar to note {@code id}, most similar first. */
    @Transactional(readOnly = true)
    public Optional<List<Note>> similar(long id, int k) {
        List<float[]> embedding = this.turso.query("SELECT embedding FROM notes WHERE id = ?",
                (rs, i) -> rs.getObject(1, float[].class), id);
        if (embedding.isEmpty()) {
            return Optional.empty();
        }
        float[] vector = embedding.get(0);
        List<Note> similar = new ArrayList<>();
        for (Map<String, Object> row : this.turso.nearest("notes", "embedding", vector, k + 1, VectorDistance.COSINE).rows()) {
            long otherId = (Long) row.get("id");
            if (otherId != id && similar.size() < k) {
                similar.add(new Note(otherId, (String) row.get("title"), (String) row.get("body"), tags(otherId)));
            }
        }
        return Optional.of(similar);
    }

    @Transactional
    public boolean delete(long id) {
        this.turso.execute("DELETE FROM note_tags WHERE note_id = ?", id);
        return this.turso.execute("DELETE FROM notes WHERE id = ?", id).rowsAffected() > 0;
    }

    private Note toNote(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        long id = rs.getLong("id");
        return new Note(id, rs.getString("title"), rs.getString("body"), tags(id));
    }

    private List<String> tags(long id) {
        return this.turso.query("SELECT tag FROM note_tags WHERE note_id = ? ORDER BY tag", (rs, i) -> rs.getString(1), id);
    }
}
