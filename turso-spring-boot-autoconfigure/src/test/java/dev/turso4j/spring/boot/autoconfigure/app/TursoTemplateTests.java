package dev.turso4j.spring.boot.autoconfigure.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turso4j.jdbc.TursoErrorCode;
import dev.turso4j.spring.TursoResult;
import dev.turso4j.spring.TursoTemplate;
import dev.turso4j.spring.VectorDistance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.BadSqlGrammarException;

/**
 * TursoTemplate as users call it (queries, updates, transactions and sync as plain calls), on the
 * starter's pooled in-memory database.
 */
@SpringBootTest(classes = TestApplication.class)
@ExtendWith(OutputCaptureExtension.class)
class TursoTemplateTests {

    @Autowired
    TursoTemplate turso;

    @BeforeEach
    void schema() {
        this.turso.execute("DROP TABLE IF EXISTS users");
        this.turso.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT UNIQUE, score REAL, avatar BLOB)");
    }

    @Test
    void queriesAndExecutes() {
        TursoResult insert = this.turso.execute("INSERT INTO users (id, name) VALUES (?, ?)", 1, "Alice");
        assertThat(insert.rowsAffected()).isEqualTo(1);
        assertThat(insert.lastInsertRowid()).isEqualTo(1L);
        TursoResult result = this.turso.query("SELECT name FROM users WHERE id = ?", 1);
        assertThat(result.columns()).containsExactly("name");
        assertThat(result.rows().get(0).get("name")).isEqualTo("Alice");
    }

    @Test
    void valuesComeBackAsTheirStorageClassesInColumnOrder() {
        this.turso.execute("INSERT INTO users (name, email, score, avatar) VALUES (?, ?, ?, ?)", "Bob", "b@x", 2.5,
                new byte[] { 1, 2 });
        Map<String, Object> row = this.turso.query("SELECT id, name, email, score, avatar, NULL AS empty FROM users")
            .rows()
            .get(0);
        assertThat(row.keySet()).containsExactly("id", "name", "email", "score", "avatar", "empty");
        assertThat(row.get("id")).isEqualTo(1L);
        assertThat(row.get("score")).isEqualTo(2.5);
        assertThat(row.get("avatar")).isEqualTo(new byte[] { 1, 2 });
        assertThat(row.get("empty")).isNull();
    }

    @Test
    void namedParametersBatchesAndRowMappers() {
        this.turso.execute("INSERT INTO users (name, email) VALUES (:name, :email)", Map.of("name", "Carol", "email", "c@x"));
        assertThat(this.turso.batch("INSERT INTO users (name) VALUES (?)", List.of(new Object[] { "D" }, new Object[] { "E" })))
            .containsExactly(1, 1);
        assertThat(this.turso.batchNamed("INSERT INTO users (name) VALUES (:name)", List.of(Map.of("name", "F"))))
            .containsExactly(1);
        List<String> names = this.turso.query("SELECT name FROM users ORDER BY name", (rs, i) -> rs.getString(1));
        assertThat(names).containsExactly("Carol", "D", "E", "F");
        assertThat(this.turso.query("SELECT email FROM users WHERE name = :name", Map.of("name", "Carol")).rows())
            .extracting((r) -> r.get("email")).containsExactly("c@x");
    }

    @Test
    void errorsAreDataAccessExceptionsWithATursoErrorCodeAndLogTheSqlNotTheValues(CapturedOutput output) {
        this.turso.execute("INSERT INTO users (email) VALUES (?)", "secret-value@x");
        assertThatThrownBy(() -> this.turso.execute("INSERT INTO users (email) VALUES (?)", "secret-value@x"))
            .isInstanceOf(DuplicateKeyException.class)
            .satisfies((ex) -> assertThat(TursoErrorCode.of(ex)).isEqualTo(TursoErrorCode.CONSTRAINT))
            .hasMessageNotContaining("secret-value");
        assertThatThrownBy(() -> this.turso.query("SELEKT 1")).isInstanceOf(BadSqlGrammarException.class);
        assertThat(output).contains("turso statement failed (CONSTRAINT): INSERT INTO users (email) VALUES (?)")
            .contains("SELEKT 1")
            .doesNotContain("secret-value");
    }

    @Test
    void nearestFindsTheClosestVectorsAndReturnsThemAsFloats() {
        this.turso.execute("DROP TABLE IF EXISTS docs");
        this.turso.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, title TEXT, embedding BLOB)");
        this.turso.execute("INSERT INTO docs (title, embedding) VALUES (?, ?)", "north", new float[] { 0, 1 });
        this.turso.execute("INSERT INTO docs (title, embedding) VALUES (?, ?)", "east", new float[] { 1, 0 });
        this.turso.execute("INSERT INTO docs (title, embedding) VALUES (?, ?)", "north-east", new float[] { 1, 1 });
        TursoResult nearest = this.turso.nearest("docs", "embedding", new float[] { 0.1f, 1 }, 2, VectorDistance.COSINE);
        assertThat(nearest.rows()).extracting((r) -> r.get("title")).containsExactly("north", "north-east");
        assertThat(nearest.rows().get(0).get("embedding")).isEqualTo(new float[] { 0, 1 });
        assertThat((Double) nearest.rows().get(0).get("distance")).isLessThan((Double) nearest.rows().get(1).get("distance"));
        List<String> byL2 = this.turso.nearest("docs", "embedding", new float[] { 2, 0 }, 1, VectorDistance.L2,
                (rs, i) -> rs.getString("title"));
        assertThat(byL2).containsExactly("east");
        assertThatThrownBy(() -> this.turso.nearest("docs; DROP TABLE docs", "embedding", new float[] { 1 }, 1,
                VectorDistance.COSINE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void syncOnALocalDatabaseIsMisuse() {
        assertThatThrownBy(this.turso::sync).satisfies((ex) -> assertThat(TursoErrorCode.of(ex)).isEqualTo(TursoErrorCode.MISUSE))
            .hasMessageContaining("no remote");
    }
}
