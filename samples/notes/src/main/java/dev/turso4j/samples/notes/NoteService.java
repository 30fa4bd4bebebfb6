package dev.turso4j.samples.notes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores notes and their tags through a Spring Data JDBC repository, and each note's text in the
 * Spring AI {@link VectorStore} (a table in the same turso database), so one transaction writes both.
 * Similar notes come from a similarity search.
 */
@Service
public class NoteService {

    private final NoteRepository notes;

    private final VectorStore vectors;

    NoteService(NoteRepository notes, VectorStore vectors) {
        this.notes = notes;
        this.vectors = vectors;
    }

    @Transactional
    public Note create(NewNote note) {
        StoredNote stored = this.notes.save(new StoredNote(null, note.title(), note.body(), StoredNote.tags(note.tags())));
        this.vectors.add(List.of(new Document(stored.id().toString(), note.title() + " " + note.body(),
                Map.of("noteId", stored.id()))));
        return stored.toNote();
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
        return this.notes.findById(id).map((note) -> this.vectors
            .similaritySearch(SearchRequest.builder()
                .query(note.title() + " " + note.body())
                .topK(k)
                .filterExpression(new FilterExpressionBuilder().ne("noteId", id).build())
                .build())
            .stream()
            .flatMap((similar) -> this.notes.findById(Long.parseLong(similar.getId())).map(StoredNote::toNote).stream())
            .toList());
    }

    @Transactional
    public boolean delete(long id) {
        if (!this.notes.existsById(id)) {
            return false;
        }
        this.notes.deleteById(id);
        this.vectors.delete(List.of(Long.toString(id)));
        return true;
    }
}
