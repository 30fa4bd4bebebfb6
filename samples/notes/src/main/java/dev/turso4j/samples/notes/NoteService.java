package dev.turso4j.samples.notes;

import dev.turso4j.spring.TursoTemplate;
import dev.turso4j.spring.VectorDistance;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores notes and their tags through a Spring Data JDBC repository; finds similar notes by vector
 * search with {@link TursoTemplate}.
 */
@Service
public class NoteService {

    private final NoteRepository notes;

    private final TursoTemplate turso;

    private final TextEmbedder embedder;

    NoteService(NoteRepository notes, TursoTemplate turso, TextEmbedder embedder) {
        this.notes = notes;
        this.turso = turso;
        this.embedder = embedder;
    }

    @Transactional
    public Note create(NewNote note) {
        float[] embedding = this.embedder.embed(note.title() + " " + note.body());
        return this.notes.save(new StoredNote(null, note.title(), note.body(), embedding, StoredNote.tags(note.tags())))
            .toNote();
    }

    @Transactional(readOnly = true)
    public Optional<Note> find(long id) {
        return this.notes.findById(id).map(StoredNote::toNote);
    }

    @Transactional(readOnly = true)
    public List<Note> list(String tag) {
        List<StoredNote> found = (tag != null) ? this.notes.findByTag(tag) : this.notes.findAllByOrderById();
        return found.stream().map(StoredNote::toNote).toList();
    }

    /** The {@code k} notes most similar to note {@code id}, most similar first. */
    @Transactional(readOnly = true)
    public Optional<List<Note>> similar(long id, int k) {
        return this.notes.findById(id).map((note) -> this.turso
            .nearest("notes", "embedding", note.embedding(), k + 1, VectorDistance.COSINE, (rs, i) -> rs.getLong("id"))
            .stream()
            .filter((other) -> other != id)
            .limit(k)
            .flatMap((other) -> this.notes.findById(other).map(StoredNote::toNote).stream())
            .toList());
    }

    @Transactional
    public boolean delete(long id) {
        if (!this.notes.existsById(id)) {
            return false;
        }
        this.notes.deleteById(id);
        return true;
    }
}
