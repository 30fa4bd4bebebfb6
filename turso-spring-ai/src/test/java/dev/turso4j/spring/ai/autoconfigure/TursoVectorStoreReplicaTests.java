package dev.turso4j.spring.ai.autoconfigure;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.turso4j.spring.TursoTemplate;
import dev.turso4j.spring.ai.TursoVectorStore;
import dev.turso4j.spring.boot.autoconfigure.TursoDataSourceAutoConfiguration;
import dev.turso4j.spring.boot.autoconfigure.TursoTemplateAutoConfiguration;
import dev.turso4j.testing.SyncServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two applications, each with its embedded replica of one database on a real sync server
 * ({@code tursodb --sync-server} on loopback) and a vector store in it: a document added on one is
 * found by a search on the other once both have synced.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TursoVectorStoreReplicaTests {

    @TempDir
    Path dir;

    private SyncServer server;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TursoDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
                JdbcTemplateAutoConfiguration.class, TursoTemplateAutoConfiguration.class,
                TursoVectorStoreAutoConfiguration.class))
        .withUserConfiguration(TursoVectorStoreAutoConfigurationTests.Embeddings.class);

    @BeforeEach
    void startServer() {
        this.server = SyncServer.start(this.dir.resolve("server"));
    }

    @AfterEach
    void stopServer() {
        this.server.close();
    }

    private ApplicationContextRunner replica(String file) {
        return this.runner.withPropertyValues("turso.database=" + this.dir.resolve(file), "turso.remote-url=" + this.server.url(),
                "turso.auth-token=test-token", "spring.ai.vectorstore.turso.initialize-schema=true",
                "spring.ai.vectorstore.turso.indexed-metadata-fields=lang");
    }

    @Test
    void aDocumentAddedOnOneReplicaIsFoundOnAnotherAfterBothSync() {
        replica("one.db").run((one) -> replica("two.db").run((two) -> {
            TursoVectorStore first = one.getBean(TursoVectorStore.class);
            first.add(List.of(new Document("faq-1", "replicas sync through Turso Cloud", Map.of("lang", "en")),
                    new Document("faq-2", "vectors live in a turso table", Map.of("lang", "en"))));
            one.getBean(TursoTemplate.class).sync();

            TursoVectorStore second = two.getBean(TursoVectorStore.class);
            SearchRequest request = SearchRequest.builder().query("how do replicas sync").topK(1)
                .filterExpression("lang == 'en'").build();
            assertThat(second.similaritySearch(request)).isEmpty();
            two.getBean(TursoTemplate.class).sync();
            assertThat(second.similaritySearch(request)).extracting(Document::getId).containsExactly("faq-1");

            second.add(List.of(new Document("faq-3", "a second replica writes too", Map.of("lang", "en"))));
            second.delete(List.of("faq-2"));
            two.getBean(TursoTemplate.class).sync();
            one.getBean(TursoTemplate.class).sync();
            assertThat(first.similaritySearch(SearchRequest.builder().query("second replica writes").topK(5).build()))
                .extracting(Document::getId).containsExactlyInAnyOrder("faq-3", "faq-1");
        }));
        assertThat(this.server.queryLong("SELECT count(*) FROM vector_store")).isEqualTo(2);
        assertThat(this.server.queryLong("SELECT count(*) FROM sqlite_schema WHERE name = 'vector_store_meta_lang'")).isEqualTo(1);
    }

    @Test
    void aFullTextIndexIsRefusedOnAReplicaBeforeItCouldBlockItsPushes() {
        replica("fts.db").withPropertyValues("spring.ai.vectorstore.turso.full-text-index=true")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("A full-text index cannot be created in an embedded replica")
                .hasMessageContaining("spring.ai.vectorstore.turso.full-text-index=false"));
        assertThat(this.server.queryLong("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql LIKE '%fts%'"))
            .isZero();
    }
}
