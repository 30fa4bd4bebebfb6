package dev.turso4j.spring.data.jdbc;

import java.util.List;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;

interface PassageRepository extends ListCrudRepository<Passage, Long> {

    @Query("SELECT * FROM passage ORDER BY vector_distance_cos(embedding, :query) LIMIT :k")
    List<Passage> nearest(@Param("query") float[] query, @Param("k") int k);
}
