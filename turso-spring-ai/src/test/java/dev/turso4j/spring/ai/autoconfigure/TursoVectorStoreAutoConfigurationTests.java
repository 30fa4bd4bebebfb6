package dev.turso4j.spring.ai.autoconfigure;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.turso4j.spring.ai.TursoDistanceType;
import dev.turso4j.spring.ai.TursoVectorStore;
import dev.turso4j.spring.ai.WordEmbeddingModel;
import dev.turso4j.spring.boot.autoconfigure.TursoDataSourceAutoConfiguration;
import dev.turso4j.spring.boot.autoconfigure.TursoInvalidPropertyException;
import dev.turso4j.spring.boot.autoconfigure.TursoTemplateAutoConfiguration;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.BatchingStrategy;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.TokenCountBatchingStrategy;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.annotation.Import;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** {@link TursoVectorStoreAutoConfiguration}: when the store exists, and what its properties do. */
@ExtendWith(OutputCaptureExtension.class)
class TursoVectorStoreAutoConfigurationTests {

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TursoDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class, TursoTemplateAutoConfiguration.class,
                    TursoVectorStoreAutoConfiguration.class))
            .withPropertyValues("turso.database=" + this.dir.resolve("app.db"));
    }

    @Configuration(proxyBeanMethods = false)
    static class Embeddings {

        @Bean
        EmbeddingModel embeddingModel() {
            return new WordEmbeddingModel(48);
        }
    }

    @Test
    void aStoreInTheTursoDatabaseWhenThereIsAnEmbeddingModel() {
        runner().withUserConfiguration(Embeddings.class)
            .withPropertyValues("spring.ai.vectorstore.turso.initialize-schema=true")
            .run((context) -> {
                assertThat(context).hasSingleBean(VectorStore.class).hasSingleBean(TokenCountBatchingStrategy.class);
                TursoVectorStore store = context.getBean(TursoVectorStore.class);
                assertThat(store.getTableName()).isEqualTo("vector_store");
                assertThat(store.getDistanceType()).isEqualTo(TursoDistanceType.COSINE);
                assertThat(store.dimensions()).as("from the embedding model").isEqualTo(48);
                store.add(List.of(new Document("a", "turso in spring", Map.of())));
                assertThat(store.similaritySearch(SearchRequest.builder().query("spring").topK(1).build()))
                    .extracting(Document::getId).containsExactly("a");
                assertThat(context.getBean(JdbcTemplate.class)
                    .queryForObject("SELECT count(*) FROM vector_store", Integer.class)).isEqualTo(1);
            });
    }

    @Test
    void propertiesConfigureTheStore() {
        runner().withUserConfiguration(Embeddings.class)
            .withPropertyValues("spring.ai.vectorstore.turso.initialize-schema=true", "spring.ai.vectorstore.turso.table-name=docs",
                    "spring.ai.vectorstore.turso.dimensions=48", "spring.ai.vectorstore.turso.distance-type=euclidean",
                    "spring.ai.vectorstore.turso.full-text-index=true",
                    "spring.ai.vectorstore.turso.indexed-metadata-fields=lang,author.country")
            .run((context) -> {
                TursoVectorStore store = context.getBean(TursoVectorStore.class);
                assertThat(context.getBean(JdbcTemplate.class).queryForList("SELECT name FROM sqlite_schema WHERE type = 'index' "
                        + "AND name LIKE 'docs_meta_%' ORDER BY name", String.class))
                    .containsExactly("docs_meta_author_country", "docs_meta_lang");
                assertThat(store.getTableName()).isEqualTo("docs");
                assertThat(store.getDistanceType()).isEqualTo(TursoDistanceType.EUCLIDEAN);
                store.add(List.of(new Document("a", "hybrid search finds keywords", Map.of())));
                assertThat(store.hybridSearch(SearchRequest.builder().query("keywords").topK(1).build()))
                    .extracting(Document::getId).containsExactly("a");
            });
    }

    @Test
    void removeExistingVectorStoreTableStartsEmpty() {
        ApplicationContextRunner runner = runner().withUserConfiguration(Embeddings.class)
            .withPropertyValues("spring.ai.vectorstore.turso.initialize-schema=true");
        runner.run((context) -> context.getBean(TursoVectorStore.class).add(List.of(new Document("a", "kept", Map.of()))));
        runner.run((context) -> assertThat(count(context.getBean(JdbcTemplate.class))).isEqualTo(1));
        runner.withPropertyValues("spring.ai.vectorstore.turso.remove-existing-vector-store-table=true")
            .run((context) -> assertThat(count(context.getBean(JdbcTemplate.class))).isZero());
    }

    private static int count(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT count(*) FROM vector_store", Integer.class);
    }

    @Test
    void withoutTheSchemaStartUpSaysHowToCreateIt() {
        runner().withUserConfiguration(Embeddings.class).run((context) -> assertThat(context).getFailure()
            .rootCause()
            .hasMessageContaining("Table vector_store does not exist")
            .hasMessageContaining("spring.ai.vectorstore.turso.initialize-schema=true"));
    }

    @Test
    void backsOffWithoutAnEmbeddingModelOrForAnotherStoreType() {
        runner().run((context) -> assertThat(context).doesNotHaveBean(VectorStore.class));
        runner().withUserConfiguration(Embeddings.class)
            .withPropertyValues("spring.ai.vectorstore.type=pgvector")
            .run((context) -> assertThat(context).doesNotHaveBean(VectorStore.class));
        runner().withUserConfiguration(Embeddings.class)
            .withPropertyValues("spring.ai.vectorstore.type=turso", "spring.ai.vectorstore.turso.initialize-schema=true")
            .run((context) -> assertThat(context).hasSingleBean(TursoVectorStore.class));
    }

    @Test
    void backsOffWithoutATursoDatabase() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TursoVectorStoreAutoConfiguration.class))
            .withUserConfiguration(Embeddings.class)
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(VectorStore.class));
    }

    @Test
    void usesTheApplicationsBatchingStrategyAndObservationRegistry() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        BatchingStrategy oneByOne = (documents) -> documents.stream().map(List::of).toList();
        runner().withUserConfiguration(Embeddings.class)
            .withBean(BatchingStrategy.class, () -> oneByOne)
            .withBean(TestObservationRegistry.class, () -> registry)
            .withPropertyValues("spring.ai.vectorstore.turso.initialize-schema=true")
            .run((context) -> {
                context.getBean(TursoVectorStore.class)
                    .add(List.of(new Document("a", "one", Map.of()), new Document("b", "two", Map.of())));
                assertThat(((WordEmbeddingModel) context.getBean(EmbeddingModel.class)).calls()).isEqualTo(2);
                io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat(registry)
                    .hasObservationWithNameEqualTo("db.vector.client.operation")
                    .that()
                    .hasLowCardinalityKeyValue("db.system", "turso");
            });
    }

    @Test
    void anInvalidTableNameIsExplainedWhenTheApplicationFailsToStart(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of("turso.database", this.dir.resolve("app.db").toString(),
                "spring.ai.vectorstore.turso.table-name", "docs; DROP TABLE x"));
        assertThatException().isThrownBy(application::run);
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("spring.ai.vectorstore.turso.table-name is set to \"docs; DROP TABLE x\"")
            .contains("spring.ai.vectorstore.turso.table-name=vector_store");
    }

    @Test
    void indexedMetadataFieldsMustBeMetadataNames() {
        runner().withUserConfiguration(Embeddings.class)
            .withPropertyValues("spring.ai.vectorstore.turso.indexed-metadata-fields=lang,x') ; --")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .isInstanceOf(TursoInvalidPropertyException.class)
                .hasMessageContaining("spring.ai.vectorstore.turso.indexed-metadata-fields must be metadata names"));
    }

    @Test
    void dimensionsMustBePositive() {
        runner().withUserConfiguration(Embeddings.class)
            .withPropertyValues("spring.ai.vectorstore.turso.dimensions=0")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .isInstanceOf(TursoInvalidPropertyException.class)
                .hasMessageContaining("spring.ai.vectorstore.turso.dimensions must be a positive number"));
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Embeddings.class)
    static class Application {

    }

    @Test
    void everyPropertyHasADescription() throws Exception {
        Map<String, String> descriptions = new TreeMap<>();
        for (String file : List.of("META-INF/spring-configuration-metadata.json")) {
            try (InputStream in = TursoVectorStoreProperties.class.getClassLoader().getResourceAsStream(file)) {
                JSONArray properties = new JSONObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getJSONArray("properties");
                for (int i = 0; i < properties.length(); i++) {
                    JSONObject property = properties.getJSONObject(i);
                    if (property.getString("name").startsWith(TursoVectorStoreProperties.PREFIX + ".")) {
                        descriptions.put(property.getString("name"), property.optString("description"));
                    }
                }
            }
        }
        assertThat(descriptions.keySet()).isEqualTo(Set.of("spring.ai.vectorstore.turso.table-name",
                "spring.ai.vectorstore.turso.initialize-schema", "spring.ai.vectorstore.turso.dimensions",
                "spring.ai.vectorstore.turso.distance-type", "spring.ai.vectorstore.turso.remove-existing-vector-store-table",
                "spring.ai.vectorstore.turso.full-text-index", "spring.ai.vectorstore.turso.indexed-metadata-fields"));
        descriptions.forEach((name, description) -> assertThat(description).as(name).isNotBlank());
    }
}
