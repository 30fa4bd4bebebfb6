package dev.turso4j.samples.notes;

import java.util.List;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/** Notes with their tags, through Spring Data JDBC (the starter brings the turso dialect). */
interface NoteRepository extends ListCrudRepository<StoredNote, Long> {

    List<StoredNote> findAllByOrderById();

    @Query("SELECT n.* FROM notes n JOIN note_tags t ON t.note_id = n.id WHERE t.tag = :tag ORDER BY n.id")
    List<StoredNote> findByTag(String tag);
}
