package dev.turso4j.spring.ai.autoconfigure;

import dev.turso4j.spring.TursoTemplate;
import dev.turso4j.spring.ai.TursoVectorStore;
import dev.turso4j.spring.boot.autoconfigure.TursoTemplateAutoConfiguration;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.embedding.BatchingStrategy;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.TokenCountBatchingStrategy;
import org.springframework.ai.vectorstore.SpringAIVectorStoreTypes;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationConvention;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * A {@link TursoVectorStore} in the application's turso database, when there is an {@link EmbeddingModel}
 * and {@code spring.ai.vectorstore.type} is {@code turso} or unset, as Spring AI configures its own stores.
 */
@AutoConfiguration(after = TursoTemplateAutoConfiguration.class)
@ConditionalOnClass({ TursoVectorStore.class, EmbeddingModel.class })
@ConditionalOnBean({ EmbeddingModel.class, TursoTemplate.class })
@ConditionalOnProperty(name = SpringAIVectorStoreTypes.TYPE, havingValue = TursoVectorStore.PROVIDER, matchIfMissing = true)
@EnableConfigurationProperties(TursoVectorStoreProperties.class)
public final class TursoVectorStoreAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(BatchingStrategy.class)
    BatchingStrategy tursoVectorStoreBatchingStrategy() {
        return new TokenCountBatchingStrategy();
    }

    @Bean
    @ConditionalOnMissingBean
    TursoVectorStore tursoVectorStore(TursoTemplate tursoTemplate, EmbeddingModel embeddingModel,
            TursoVectorStoreProperties properties, BatchingStrategy batchingStrategy,
            ObjectProvider<ObservationRegistry> observationRegistry,
            ObjectProvider<VectorStoreObservationConvention> observationConvention) {
        TursoVectorStore.Builder builder = TursoVectorStore.builder(tursoTemplate.getJdbcTemplate(), embeddingModel)
            .tableName(properties.getTableName())
            .distanceType(properties.getDistanceType())
            .initializeSchema(properties.isInitializeSchema())
            .removeExistingVectorStoreTable(properties.isRemoveExistingVectorStoreTable())
            .fullTextIndex(properties.isFullTextIndex())
            .indexedMetadataFields(properties.getIndexedMetadataFields())
            .batchingStrategy(batchingStrategy)
            .observationRegistry(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
        if (properties.getDimensions() != null) {
            builder.dimensions(properties.getDimensions());
        }
        observationConvention.ifAvailable(builder::customObservationConvention);
        return builder.build();
    }
}
