package dev.turso4j.spring.ai;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.turso4j.jdbc.TursoDataSource;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.ai.document.Document;
import org.springframework.ai.document.DocumentMetadata;
import org.springframework.ai.embedding.BatchingStrategy;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import org.springframework.ai.vectorstore.observation.DefaultVectorStoreObservationConvention;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link TursoVectorStore} on a real database file: adding, replacing, deleting, searching with every
 * distance type, thresholds, batches and their transactions, observations, hybrid search, 10,000 documents.
 */
class TursoVectorStoreTests {

    private static final int DIMENSIONS = 64;

    @TempDir
    Path dir;

    private TursoDataSource dataSource;

    private JdbcTemplate jdbc;

    private final WordEmbeddingModel embeddingModel = new WordEmbeddingModel(DIMENSIONS);

    @BeforeEach
    void open() throws SQLException {
        this.dataSource = new TursoDataSource("jdbc:turso:" + this.dir.resolve("store.db"));
        this.jdbc = new JdbcTemplate(this.dataSource);
    }

    @AfterEach
    void close() {
        this.dataSource.close();
    }

    private TursoVectorStore.Builder builder() {
        return TursoVectorStore.builder(this.jdbc, this.embeddingModel).initializeSchema(true);
    }

    private static TursoVectorStore started(TursoVectorStore.Builder builder) {
        TursoVectorStore store = builder.build();
        store.afterPropertiesSet();
        return store;
    }

    private static List<Document> animals() {
        return List.of(new Document("cat", "cats purr and chase mice", Map.of("kind", "mammal", "legs", 4)),
                new Document("dog", "dogs bark and chase cats", Map.of("kind", "mammal", "legs", 4)),
                new Document("owl", "owls hunt mice at night", Map.of("kind", "bird", "legs", 2)),
                new Document("eel", "eels swim in dark rivers", Map.of("kind", "fish", "legs", 0)));
    }

    private static SearchRequest query(String text, int topK) {
        return SearchRequest.builder().query(text).topK(topK).build();
    }

    @Test
    void findsTheNearestDocumentsWithTheirScoreAndDistance() {
        TursoVectorStore store = started(builder());
        store.add(animals());
        List<Document> found = store.similaritySearch(query("which animals chase mice", 3));
        assertThat(found).hasSize(3);
        assertThat(found.get(0).getId()).isEqualTo("cat");
        assertThat(found).extracting(Document::getScore).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        Document best = found.get(0);
        assertThat(best.getText()).isEqualTo("cats purr and chase mice");
        assertThat(best.getMetadata()).containsEntry("kind", "mammal").containsEntry("legs", 4);
        double distance = (double) best.getMetadata().get(DocumentMetadata.DISTANCE.value());
        assertThat(best.getScore()).isCloseTo(1 - distance, within(1e-9));
    }

    @ParameterizedTest
    @EnumSource(TursoDistanceType.class)
    void everyDistanceTypeRanksTheSameTextFirstWithTheBestScore(TursoDistanceType distanceType) {
        TursoVectorStore store = started(builder().distanceType(distanceType));
        store.add(animals());
        List<Document> found = store.similaritySearch(query("owls hunt mice at night", 4));
        assertThat(found.get(0).getId()).isEqualTo("owl");
        // Embeddings have length 1: the same text is at distance 0 and scores 1 with every type.
        assertThat(found.get(0).getScore()).isCloseTo(1.0, within(1e-6));
        assertThat(found).extracting(Document::getScore).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(this.jdbc.queryForObject("SELECT " + distanceType.function() + "(embedding, ?) FROM vector_store WHERE id = 'eel'",
                Double.class, this.embeddingModel.embed("owls hunt mice at night")))
            .isCloseTo((double) found.get(3).getMetadata().get(DocumentMetadata.DISTANCE.value()), within(1e-9));
    }

    @ParameterizedTest
    @EnumSource(TursoDistanceType.class)
    void theSimilarityThresholdDropsDocumentsScoringBelowIt(TursoDistanceType distanceType) {
        TursoVectorStore store = started(builder().distanceType(distanceType));
        store.add(animals());
        List<Document> all = store.similaritySearch(query("cats chase mice", 4));
        double threshold = (all.get(0).getScore() + all.get(1).getScore()) / 2;
        List<Document> above = store.similaritySearch(SearchRequest.builder().query("cats chase mice").topK(4)
            .similarityThreshold(threshold).build());
        assertThat(above).extracting(Document::getId).containsExactly(all.get(0).getId());
        assertThat(store.similaritySearch(SearchRequest.builder().query("cats chase mice").topK(4).similarityThresholdAll().build()))
            .hasSize(4);
    }

    @Test
    void topKLimitsTheResults() {
        TursoVectorStore store = started(builder());
        store.add(animals());
        assertThat(store.similaritySearch(query("animals", 2))).hasSize(2);
        assertThat(store.similaritySearch(query("animals", 10))).hasSize(4);
    }

    @Test
    void addingAnExistingIdReplacesTheDocument() {
        TursoVectorStore store = started(builder());
        store.add(animals());
        store.add(List.of(new Document("cat", "cats sleep all day long", Map.of("kind", "mammal", "lazy", true))));
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM vector_store", Integer.class)).isEqualTo(4);
        Document cat = store.similaritySearch(query("cats sleep all day long", 1)).get(0);
        assertThat(cat.getId()).isEqualTo("cat");
        assertThat(cat.getScore()).isCloseTo(1.0, within(1e-6));
        assertThat(cat.getMetadata()).containsEntry("lazy", true).doesNotContainKey("legs");
    }

    @Test
    void deletesByIdAndByFilter() {
        TursoVectorStore store = started(builder());
        store.add(animals());
        store.delete(List.of("cat", "no-such-id"));
        assertThat(ids(store)).containsExactlyInAnyOrder("dog", "owl", "eel");
        store.delete(new FilterExpressionBuilder().eq("kind", "mammal").build());
        assertThat(ids(store)).containsExactlyInAnyOrder("owl", "eel");
        store.delete("kind == 'bird'");
        assertThat(ids(store)).containsExactly("eel");
    }

    private List<String> ids(TursoVectorStore store) {
        return this.jdbc.queryForList("SELECT id FROM " + store.getTableName(), String.class);
    }

    @Test
    void eachBatchIsOneEmbeddingCallAndOneTransaction() {
        BatchingStrategy pairs = (documents) -> IntStream.range(0, (documents.size() + 1) / 2)
            .mapToObj((i) -> documents.subList(2 * i, Math.min(documents.size(), 2 * i + 2)))
            .toList();
        TursoVectorStore store = started(builder().batchingStrategy(pairs));
        store.add(animals());
        assertThat(this.embeddingModel.calls()).isEqualTo(2);

        // The second batch's embeddings have the wrong length: the first batch stays, none of the second lands.
        WordEmbeddingModel shortOnSecondCall = new WordEmbeddingModel(DIMENSIONS) {
            @Override
            public org.springframework.ai.embedding.EmbeddingResponse call(org.springframework.ai.embedding.EmbeddingRequest request) {
                if (calls() == 1) {
                    super.call(request);
                    return new WordEmbeddingModel(8).call(request);
                }
                return super.call(request);
            }
        };
        TursoVectorStore failing = started(TursoVectorStore.builder(this.jdbc, shortOnSecondCall).tableName("failing")
            .initializeSchema(true).batchingStrategy(pairs));
        assertThatIllegalStateException().isThrownBy(() -> failing.add(animals()))
            .withMessageContaining("gave 8 dimensions for document owl, but this store has 64");
        assertThat(ids(failing)).containsExactlyInAnyOrder("cat", "dog");
    }

    @Test
    void aDocumentAddedInsideAFailedTransactionIsRolledBack() {
        TursoVectorStore store = started(builder());
        var transactions = new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.support.JdbcTransactionManager(this.dataSource));
        try {
            transactions.executeWithoutResult((status) -> {
                store.add(animals());
                throw new IllegalStateException("the caller's work failed");
            });
        }
        catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("the caller's work failed");
        }
        assertThat(ids(store)).isEmpty();
    }

    @Test
    void theSchemaIsCreatedOnlyWhenAskedAndDimensionsAreChecked() {
        assertThatIllegalStateException().isThrownBy(() -> started(TursoVectorStore.builder(this.jdbc, this.embeddingModel)))
            .withMessageContaining("Table vector_store does not exist")
            .withMessageContaining("spring.ai.vectorstore.turso.initialize-schema=true");
        started(builder().tableName("docs")).add(animals());
        assertThat(this.jdbc.queryForObject("SELECT sql FROM sqlite_schema WHERE name = 'docs'", String.class))
            .containsPattern("embedding F32_BLOB ?\\(64\\) NOT NULL");
        assertThatIllegalStateException().isThrownBy(() -> started(TursoVectorStore.builder(this.jdbc, new WordEmbeddingModel(32))
                .tableName("docs")))
            .withMessageContaining("holds embeddings of 64 dimensions, but this store has 32");
        TursoVectorStore recreated = started(TursoVectorStore.builder(this.jdbc, new WordEmbeddingModel(32)).tableName("docs")
            .initializeSchema(true).removeExistingVectorStoreTable(true));
        assertThat(ids(recreated)).isEmpty();
        assertThat(recreated.dimensions()).isEqualTo(32);
    }

    @Test
    void tableNamesAreIdentifiers() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
            .isThrownBy(() -> builder().tableName("docs; DROP TABLE x"))
            .withMessageContaining("letters, digits and underscores");
    }

    @Test
    void theNativeClientIsTheJdbcTemplate() {
        TursoVectorStore store = started(builder());
        assertThat(store.<JdbcTemplate>getNativeClient()).containsSame(this.jdbc);
    }

    @Test
    void addsAndSearchesTenThousandDocuments() {
        TursoVectorStore store = started(TursoVectorStore.builder(this.jdbc, new WordEmbeddingModel(384)).initializeSchema(true));
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            documents.add(new Document("doc-" + i, "document number " + i + " about topic" + (i % 100),
                    Map.of("topic", i % 100, "even", i % 2 == 0)));
        }
        store.add(documents);
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM vector_store", Integer.class)).isEqualTo(10_000);

        List<Document> found = store.similaritySearch(query("document number 4242 about topic42", 10));
        assertThat(found).hasSize(10);
        // The same text scores 1; another text may tie with it only if its words hash alike.
        assertThat(found.get(0).getScore()).isCloseTo(1.0, within(1e-6));
        assertThat(found).filteredOn((document) -> document.getScore() > 1 - 1e-6).extracting(Document::getId).contains("doc-4242");

        List<Document> filtered = store.similaritySearch(SearchRequest.builder().query("document about topic7").topK(10)
            .filterExpression("topic == 7 && even == false").build());
        assertThat(filtered).hasSize(10).allSatisfy((document) -> {
            assertThat(document.getMetadata()).containsEntry("topic", 7).containsEntry("even", false);
        });

        store.delete(documents.subList(0, 9_000).stream().map(Document::getId).toList());
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM vector_store", Integer.class)).isEqualTo(1_000);
    }

    @Test
    void indexedMetadataFieldsServeFilteredSearches() {
        TursoVectorStore store = started(builder().indexedMetadataFields(List.of("kind", "author.country")));
        store.add(animals());
        assertThat(this.jdbc.queryForList("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'vector_store' "
                + "AND name LIKE 'vector_store_meta_%' ORDER BY name", String.class))
            .containsExactly("vector_store_meta_author_country", "vector_store_meta_kind");
        String plan = String.join("\n", this.jdbc.query("EXPLAIN QUERY PLAN SELECT id FROM vector_store WHERE "
                + new TursoFilterExpressionConverter("metadata").convert(new FilterExpressionBuilder().eq("kind", "bird").build()).sql(),
                (rs, row) -> rs.getString(4), "bird"));
        assertThat(plan).contains("vector_store_meta_kind");
        assertThat(store.similaritySearch(SearchRequest.builder().query("mice").topK(4).filterExpression("kind == 'bird'").build()))
            .extracting(Document::getId).containsExactly("owl");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
            .isThrownBy(() -> builder().indexedMetadataFields(List.of("kind') ; DROP TABLE x; --")))
            .withMessageContaining("is not a metadata name");
    }

    @Test
    void operationsAreObservedWithTheVectorStoreConventions() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        TursoVectorStore store = started(builder().observationRegistry(registry));
        store.add(animals());
        store.similaritySearch(query("mice", 2));
        store.delete(List.of("cat"));
        assertThat(registry).hasNumberOfObservationsWithNameEqualTo(DefaultVectorStoreObservationConvention.DEFAULT_NAME, 3);
        assertThat(registry).hasAnObservation((observation) -> observation
            .hasLowCardinalityKeyValue("db.system", "turso")
            .hasLowCardinalityKeyValue("db.operation.name", "query")
            .hasHighCardinalityKeyValue("db.collection.name", "vector_store")
            .hasHighCardinalityKeyValue("db.vector.dimension_count", "64")
            .hasHighCardinalityKeyValue("db.search.similarity_metric", "cosine")
            .hasHighCardinalityKeyValue("db.vector.query.top_k", "2"));
        assertThat(registry).hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("db.operation.name", "add"));
        assertThat(registry).hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("db.operation.name", "delete"));
    }

    @Test
    void hybridSearchFusesKeywordAndVectorRanks() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        TursoVectorStore store = started(builder().fullTextIndex(true).observationRegistry(registry));
        store.add(animals());
        store.add(List.of(new Document("turso", "turso embeds a database in every application", Map.of("kind", "software"))));

        List<Document> found = store.hybridSearch(query("which database?", 3));
        assertThat(found.get(0).getId()).isEqualTo("turso");
        // Found by both rankings: one ranking alone gives at most 1/(60+1).
        assertThat(found.get(0).getScore()).isGreaterThan(1.0 / 61);
        assertThat(found.subList(1, 3)).allSatisfy((other) -> assertThat(other.getScore()).isLessThan(found.get(0).getScore()));
        assertThat(found).hasSize(3);

        List<Document> filtered = store.hybridSearch(SearchRequest.builder().query("mice").topK(5)
            .filterExpression("kind == 'bird'").build());
        assertThat(filtered).extracting(Document::getId).containsExactly("owl");
        assertThat(registry).hasNumberOfObservationsWithNameEqualTo(DefaultVectorStoreObservationConvention.DEFAULT_NAME, 4);
    }

    @Test
    void hybridSearchNeedsTheFullTextIndex() {
        TursoVectorStore store = started(builder());
        store.add(animals());
        assertThatIllegalStateException().isThrownBy(() -> store.hybridSearch(query("mice", 2)))
            .withMessageContaining("needs a full-text index on vector_store.content")
            .withMessageContaining("spring.ai.vectorstore.turso.full-text-index=true");
    }
}
