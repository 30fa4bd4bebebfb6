package dev.turso4j.spring.boot.autoconfigure.app;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface BookRepository extends JpaRepository<Book, Long> {

    List<Book> findByTitleContaining(String part);
}
