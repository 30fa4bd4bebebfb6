package dev.turso4j.spring.ai.autoconfigure;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.turso4j.spring.ai.TursoVectorStore;
import dev.turso4j.spring.boot.autoconfigure.TursoDataSourceAutoConfiguration;
import dev.turso4j.spring.boot.autoconfigure.TursoTemplateAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.stereotype.Service;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's "Spring AI" example, run as written. */
class VectorStoreExampleTests {

    @TempDir
    Path dir;

    // README: begin
    @Service
    static class FaqSearch {

        private final VectorStore vectorStore;

        FaqSearch(VectorStore vectorStore) {
            this.vectorStore = vectorStore;
        }

        void addAnswers() {
            this.vectorStore.add(List.of(
                    new Document("faq-sync", "A replica syncs by pulling, then pushing", Map.of("topic", "sync", "year", 2026)),
                    new Document("faq-pool", "A pool of 4 connections suits most apps", Map.of("topic", "pool", "year", 2025)),
                    new Document("faq-old", "Replicas used to sync by pushing first", Map.of("topic", "sync", "year", 2023))));
        }

        List<Document> answers(String question) {
            return this.vectorStore.similaritySearch(SearchRequest.builder()
                .query(question)
                .topK(3)
                .similarityThreshold(0.1)
                .filterExpression("topic in ['sync', 'pool'] && year >= 2025")
                .build());
        }

        List<Document> answersByKeywordAndMeaning(String question) {
            return ((TursoVectorStore) this.vectorStore).hybridSearch(SearchRequest.builder().query(question).topK(3).build());
        }
    }
    // README: end

    @Test
    void answersComeFromTheVectorStoreInTheTursoDatabase() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TursoDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
                    JdbcTemplateAutoConfiguration.class, TursoTemplateAutoConfiguration.class,
                    TursoVectorStoreAutoConfiguration.class))
            .withUserConfiguration(TursoVectorStoreAutoConfigurationTests.Embeddings.class, FaqSearch.class)
            .withPropertyValues("turso.database=" + this.dir.resolve("app.db"),
                    "spring.ai.vectorstore.turso.initialize-schema=true", "spring.ai.vectorstore.turso.full-text-index=true")
            .run((context) -> {
                FaqSearch faq = context.getBean(FaqSearch.class);
                faq.addAnswers();
                List<Document> answers = faq.answers("how does a replica sync");
                assertThat(answers).extracting(Document::getId).first().isEqualTo("faq-sync");
                assertThat(answers).extracting(Document::getId).doesNotContain("faq-old");
                assertThat(answers).allSatisfy((answer) -> assertThat(answer.getScore()).isGreaterThanOrEqualTo(0.1));
                assertThat(faq.answersByKeywordAndMeaning("connections pool")).extracting(Document::getId)
                    .first().isEqualTo("faq-pool");
            });
    }
}
