package dev.turso4j.spring.ai.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.turso4j.spring.ai.TursoDistanceType;
import dev.turso4j.spring.ai.TursoFilterExpressionConverter;
import dev.turso4j.spring.ai.TursoVectorStore;
import dev.turso4j.spring.boot.autoconfigure.TursoInvalidPropertyException;
import org.springframework.ai.vectorstore.properties.CommonVectorStoreProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@link TursoVectorStore} of the application, under {@code spring.ai.vectorstore.turso}; the store
 * lives in the turso database configured under {@code turso.*}. Setters reject invalid values with a
 * {@link TursoInvalidPropertyException} that names the property.
 */
@ConfigurationProperties(TursoVectorStoreProperties.PREFIX)
public class TursoVectorStoreProperties extends CommonVectorStoreProperties {

    /** The prefix of these properties. */
    public static final String PREFIX = "spring.ai.vectorstore.turso";

    /**
     * Table holding the documents: letters, digits and underscores, not starting with a digit.
     */
    private String tableName = TursoVectorStore.DEFAULT_TABLE_NAME;

    /**
     * Number of dimensions of the embeddings. Taken from the embedding model when unset.
     */
    private Integer dimensions;

    /**
     * How the distance between embeddings is measured: cosine, euclidean or dot.
     */
    private TursoDistanceType distanceType = TursoDistanceType.COSINE;

    /**
     * Whether to drop the table, and every document in it, at start-up.
     */
    private boolean removeExistingVectorStoreTable;

    /**
     * Whether the schema created by initialize-schema has a full-text index on the content, needed by
     * TursoVectorStore.hybridSearch. Adding documents is slower with it.
     */
    private boolean fullTextIndex;

    /**
     * Metadata fields to index (dotted for nested objects), created with the schema by
     * initialize-schema: a search filtered on an indexed field reads only the matching documents.
     */
    private List<String> indexedMetadataFields = new ArrayList<>();

    public String getTableName() {
        return this.tableName;
    }

    public void setTableName(String tableName) {
        if (tableName == null || !tableName.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new TursoInvalidPropertyException(PREFIX + ".table-name", tableName,
                    "letters, digits and underscores, not starting with a digit", "vector_store");
        }
        this.tableName = tableName;
    }

    public Integer getDimensions() {
        return this.dimensions;
    }

    public void setDimensions(Integer dimensions) {
        if (dimensions != null && dimensions <= 0) {
            throw new TursoInvalidPropertyException(PREFIX + ".dimensions", dimensions, "a positive number", "384");
        }
        this.dimensions = dimensions;
    }

    public TursoDistanceType getDistanceType() {
        return this.distanceType;
    }

    public void setDistanceType(TursoDistanceType distanceType) {
        this.distanceType = distanceType;
    }

    public boolean isRemoveExistingVectorStoreTable() {
        return this.removeExistingVectorStoreTable;
    }

    public void setRemoveExistingVectorStoreTable(boolean removeExistingVectorStoreTable) {
        this.removeExistingVectorStoreTable = removeExistingVectorStoreTable;
    }

    public List<String> getIndexedMetadataFields() {
        return this.indexedMetadataFields;
    }

    public void setIndexedMetadataFields(List<String> indexedMetadataFields) {
        for (String field : indexedMetadataFields) {
            if (!TursoFilterExpressionConverter.isMetadataName(field)) {
                throw new TursoInvalidPropertyException(PREFIX + ".indexed-metadata-fields", field,
                        "metadata names: letters, digits, '_' and '-', with '.' between nested names", "category");
            }
        }
        this.indexedMetadataFields = new ArrayList<>(indexedMetadataFields);
    }

    public boolean isFullTextIndex() {
        return this.fullTextIndex;
    }

    public void setFullTextIndex(boolean fullTextIndex) {
        this.fullTextIndex = fullTextIndex;
    }
}
