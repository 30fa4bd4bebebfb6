package dev.turso4j.samples.notes;

import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The notes HTTP API. */
@RestController
@RequestMapping("/notes")
public class NotesController {

    private final NoteService notes;

    public NotesController(NoteService notes) {
        this.notes = notes;
    }

    @PostMapping
    public ResponseEntity<Note> create(@RequestBody NewNote note) {
        if (note.title() == null || note.title().isBlank() || note.body() == null) {
            return ResponseEntity.badRequest().build();
        }
        Note created = this.notes.create(note);
        return ResponseEntity.created(URI.create("/notes/" + created.id())).body(created);
    }

    @GetMapping
    public List<Note> list(@RequestParam(required = false) String tag) {
        return this.notes.list(tag);
    }

    @GetMapping("/{id}")
    public ResponseEntity<Note> get(@PathVariable long id) {
        return ResponseEntity.of(this.notes.find(id));
    }

    @GetMapping("/{id}/similar")
    public ResponseEntity<List<Note>> similar(@PathVariable long id, @RequestParam(defaultValue = "3") int k) {
        return ResponseEntity.of(this.notes.similar(id, Math.max(1, Math.min(k, 50))));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable long id) {
        return this.notes.delete(id) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }
}
