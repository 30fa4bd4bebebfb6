package dev.turso4j.spring.ai;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.turso4j.jdbc.TursoDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Every filter operator run against documents in a real database: which documents each one selects,
 * missing keys included, and values that try SQL injection.
 */
class TursoVectorStoreFilterTests {

    @TempDir
    Path dir;

    private TursoDataSource dataSource;

    private TursoVectorStore store;

    private final FilterExpressionBuilder b = new FilterExpressionBuilder();

    @BeforeEach
    void addBooks() throws SQLException {
        this.dataSource = new TursoDataSource("jdbc:turso:" + this.dir.resolve("filters.db"));
        this.store = TursoVectorStore.builder(new JdbcTemplate(this.dataSource), new WordEmbeddingModel(32))
            .initializeSchema(true)
            .build();
        this.store.afterPropertiesSet();
        this.store.add(List.of(book("dune", "sf", 1965, 4.5, true, "US"), book("solaris", "sf", 1961, 4.2, false, "PL"),
                book("emma", "novel", 1815, 3.9, true, "GB"), book("ulysses", "novel", 1922, 3.7, false, "IE"),
                new Document("untitled", "a book without metadata", Map.of())));
    }

    private static Document book(String id, String genre, int year, double rating, boolean owned, String country) {
        Map<String, Object> metadata = new HashMap<>(Map.of("genre", genre, "year", year, "rating", rating, "owned", owned,
                "author", Map.of("country", country)));
        return new Document(id, "the book " + id, metadata);
    }

    @AfterEach
    void close() {
        this.dataSource.close();
    }

    private List<String> matching(Filter.Expression filter) {
        return this.store.similaritySearch(SearchRequest.builder().query("book").topK(100).filterExpression(filter).build())
            .stream()
            .map(Document::getId)
            .sorted()
            .toList();
    }

    private List<String> matching(String filter) {
        return this.store.similaritySearch(SearchRequest.builder().query("book").topK(100).filterExpression(filter).build())
            .stream()
            .map(Document::getId)
            .sorted()
            .toList();
    }

    @Test
    void comparisons() {
        assertThat(matching(this.b.eq("genre", "sf").build())).containsExactly("dune", "solaris");
        assertThat(matching(this.b.ne("genre", "sf").build())).containsExactly("emma", "ulysses", "untitled");
        assertThat(matching(this.b.gt("year", 1961).build())).containsExactly("dune");
        assertThat(matching(this.b.gte("year", 1961).build())).containsExactly("dune", "solaris");
        assertThat(matching(this.b.lt("rating", 3.9).build())).containsExactly("ulysses");
        assertThat(matching(this.b.lte("rating", 3.9).build())).containsExactly("emma", "ulysses");
        assertThat(matching(this.b.eq("owned", true).build())).containsExactly("dune", "emma");
        assertThat(matching(this.b.eq("author.country", "PL").build())).containsExactly("solaris");
    }

    @Test
    void membershipAndMissingValues() {
        assertThat(matching(this.b.in("year", 1965, 1815, 2000).build())).containsExactly("dune", "emma");
        assertThat(matching(this.b.nin("genre", "sf").build())).containsExactly("emma", "ulysses", "untitled");
        assertThat(matching(this.b.isNull("genre").build())).containsExactly("untitled");
        assertThat(matching(this.b.isNotNull("genre").build())).containsExactly("dune", "emma", "solaris", "ulysses");
    }

    @Test
    void notIsTheComplementOfItsOperandMissingKeysIncluded() {
        List<String> all = List.of("dune", "emma", "solaris", "ulysses", "untitled");
        for (FilterExpressionBuilder.Op op : List.of(this.b.eq("genre", "sf"), this.b.gt("year", 1900),
                this.b.in("author.country", "US", "GB"), this.b.and(this.b.eq("owned", true), this.b.lt("year", 1900)),
                this.b.or(this.b.isNull("genre"), this.b.eq("genre", "novel")))) {
            List<String> selected = matching(op.build());
            assertThat(matching(this.b.not(this.b.group(op)).build())).as("NOT %s", op.build())
                .containsExactlyElementsOf(all.stream().filter((id) -> !selected.contains(id)).toList());
        }
    }

    @Test
    void nestedGroups() {
        assertThat(matching(this.b.and(this.b.group(this.b.or(this.b.eq("genre", "sf"), this.b.lt("year", 1900))),
                this.b.not(this.b.group(this.b.eq("author.country", "US")))).build()))
            .containsExactly("emma", "solaris");
        assertThat(matching("(genre == 'sf' || year < 1900) && owned == true")).containsExactly("dune", "emma");
        assertThat(matching("genre in ['novel'] && not (year >= 1900)")).containsExactly("emma");
    }

    @ParameterizedTest
    @ValueSource(strings = { "' OR 1=1 --", "sf' OR 'a'='a", "sf\"); DROP TABLE vector_store; --", "%", "$.genre" })
    void valuesThatTrySqlInjectionMatchNothing(String value) {
        assertThat(matching(this.b.eq("genre", value).build())).isEmpty();
        assertThat(matching(this.b.in("genre", value, "nothing").build())).isEmpty();
        this.store.delete(this.b.eq("genre", value).build());
        assertThat(matching(this.b.isNotNull("genre").build())).hasSize(4);
    }

    @Test
    void keysThatTrySqlInjectionAreRefusedBeforeAnySqlRuns() {
        assertThatIllegalArgumentException().isThrownBy(() -> matching(this.b.eq("genre') = 1 OR ('1", "sf").build()))
            .withMessageContaining("is not a metadata name");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> this.store.delete(this.b.eq("x\" OR 1=1 --", "sf").build()))
            .withMessageContaining("is not a metadata name");
        assertThat(matching(this.b.isNotNull("genre").build())).hasSize(4);
    }
}
