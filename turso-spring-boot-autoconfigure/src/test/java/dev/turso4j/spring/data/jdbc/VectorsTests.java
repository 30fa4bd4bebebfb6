package dev.turso4j.spring.data.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A {@code float[]} property is a turso vector: stored as vector32, searched with the engine's functions. */
class VectorsTests extends DataJdbcTestSupport {

    @Autowired
    PassageRepository passages;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anEmbeddingRoundTripsAndIsAVectorToTheEngine() {
        Passage north = this.passages.save(new Passage(null, "north", new float[] { 0, 1, 0.5f }));
        this.passages.save(new Passage(null, "east", new float[] { 1, 0, 0.25f }));

        assertThat(this.passages.findById(north.id()).orElseThrow().embedding()).containsExactly(0, 1, 0.5f);
        assertThat(this.jdbc.queryForObject("SELECT vector_extract(embedding) FROM passage WHERE id = ?", String.class,
                north.id())).isEqualTo("[0,1,0.5]");
        List<Passage> nearest = this.passages.nearest(new float[] { 0.1f, 1, 0.5f }, 1);
        assertThat(nearest).extracting(Passage::text).containsExactly("north");
    }
}
