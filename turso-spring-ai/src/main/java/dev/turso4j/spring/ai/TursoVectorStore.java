package dev.turso4j.spring.ai;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.turso4j.jdbc.TursoDataSource;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.document.Document;
import org.springframework.ai.document.DocumentMetadata;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.observation.conventions.VectorStoreProvider;
import org.springframework.ai.vectorstore.AbstractVectorStoreBuilder;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.observation.AbstractObservationVectorStore;
import org.springframework.ai.vectorstore.observation.DefaultVectorStoreObservationConvention;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationContext;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationConvention;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationDocumentation;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Spring AI {@link org.springframework.ai.vectorstore.VectorStore} in a turso table: embedded in the
 * application, persistent, and synced with the application's database when that is a replica of a
 * Turso Cloud database.
 * <p>
 * Each document is a row {@code (id TEXT PRIMARY KEY, content TEXT, metadata TEXT (JSON),
 * embedding F32_BLOB(dimensions))}. turso has no vector index: a search computes the distance to every
 * row that passes the filter and keeps the nearest. {@link #hybridSearch(SearchRequest)} adds keyword
 * ranking from turso's full-text index when the store was built with {@link Builder#fullTextIndex(boolean)}.
 * <pre>{@code
 * TursoVectorStore store = TursoVectorStore.builder(jdbcTemplate, embeddingModel)
 *         .tableName("docs").initializeSchema(true).build();
 * }</pre>
 */
public final class TursoVectorStore extends AbstractObservationVectorStore implements InitializingBean {

    /** The table used when none is named. */
    public static final String DEFAULT_TABLE_NAME = "vector_store";

    /** The name of turso in Spring AI's vector store observations. */
    public static final String PROVIDER = "turso";

    /** The constant {@code k} of reciprocal rank fusion: a rank r counts 1 / (k + r). */
    static final int RRF_K = 60;

    private static final int DELETE_CHUNK = 500;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private static final VectorStoreObservationConvention DEFAULT_CONVENTION = new DefaultVectorStoreObservationConvention();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final TypeReference<Map<String, Object>> METADATA = new TypeReference<>() {
    };

    private final JdbcTemplate jdbcTemplate;

    private final TransactionTemplate transactionTemplate;

    private final String tableName;

    private final TursoDistanceType distanceType;

    private final boolean initializeSchema;

    private final boolean removeExistingVectorStoreTable;

    private final boolean fullTextIndex;

    private final List<String> indexedMetadataFields;

    private final ObservationRegistry observationRegistry;

    private final VectorStoreObservationConvention observationConvention;

    private final TursoFilterExpressionConverter filterConverter = new TursoFilterExpressionConverter("metadata");

    private volatile int dimensions;

    private TursoVectorStore(Builder builder) {
        super(builder);
        this.jdbcTemplate = builder.jdbcTemplate;
        Assert.notNull(this.jdbcTemplate.getDataSource(), "the JdbcTemplate must have a DataSource");
        this.transactionTemplate = new TransactionTemplate(new JdbcTransactionManager(this.jdbcTemplate.getDataSource()));
        this.tableName = builder.tableName;
        this.distanceType = builder.distanceType;
        this.initializeSchema = builder.initializeSchema;
        this.removeExistingVectorStoreTable = builder.removeExistingVectorStoreTable;
        this.fullTextIndex = builder.fullTextIndex;
        this.indexedMetadataFields = builder.indexedMetadataFields;
        this.dimensions = builder.dimensions;
        this.observationRegistry = builder.getObservationRegistry();
        this.observationConvention = builder.getCustomObservationConvention();
    }

    /**
     * @param jdbcTemplate the JdbcTemplate on the turso database that holds the table
     * @param embeddingModel the model that turns texts into embeddings
     * @return a builder of a store
     */
    public static Builder builder(JdbcTemplate jdbcTemplate, EmbeddingModel embeddingModel) {
        return new Builder(jdbcTemplate, embeddingModel);
    }

    /**
     * Drops the table when asked to, creates it (and its full-text index) when asked to, and checks that
     * the embeddings already in it have this store's number of dimensions.
     */
    @Override
    public void afterPropertiesSet() {
        int dimensions = dimensions();
        if (this.removeExistingVectorStoreTable) {
            this.jdbcTemplate.execute("DROP TABLE IF EXISTS " + quoted(this.tableName));
        }
        if (this.initializeSchema) {
            this.jdbcTemplate.execute("CREATE TABLE IF NOT EXISTS " + quoted(this.tableName) + " (id TEXT PRIMARY KEY NOT NULL, "
                    + "content TEXT, metadata TEXT NOT NULL DEFAULT '{}', embedding F32_BLOB(" + dimensions + ") NOT NULL)");
            for (String field : this.indexedMetadataFields) {
                this.jdbcTemplate.execute("CREATE INDEX IF NOT EXISTS " + quoted(this.tableName + "_meta_"
                        + field.replaceAll("[^A-Za-z0-9_]", "_")) + " ON " + quoted(this.tableName) + " ("
                        + TursoFilterExpressionConverter.extract("metadata", field) + ")");
            }
            if (this.fullTextIndex) {
                refuseFullTextIndexOnAReplica();
                this.jdbcTemplate.execute("CREATE INDEX IF NOT EXISTS " + quoted(this.tableName + "_fts") + " ON "
                        + quoted(this.tableName) + " USING fts (content)");
            }
        }
        if (!tableExists()) {
            throw new IllegalStateException("Table " + this.tableName + " does not exist: create it, or let the store "
                    + "create it (initializeSchema(true), spring.ai.vectorstore.turso.initialize-schema=true)");
        }
        List<Integer> stored = this.jdbcTemplate.queryForList("SELECT length(embedding) / 4 FROM " + quoted(this.tableName)
                + " LIMIT 1", Integer.class);
        if (!stored.isEmpty() && stored.get(0) != dimensions) {
            throw new IllegalStateException("Table " + this.tableName + " holds embeddings of " + stored.get(0)
                    + " dimensions, but this store has " + dimensions + ": use another table, or recreate this one "
                    + "(spring.ai.vectorstore.turso.remove-existing-vector-store-table=true) and add the documents again");
        }
    }

    /**
     * turso's full-text index is an experimental engine feature: a sync server without it refuses the
     * pushed {@code CREATE INDEX}, and every later push of that replica with it.
     */
    private void refuseFullTextIndexOnAReplica() {
        try {
            DataSource dataSource = this.jdbcTemplate.getDataSource();
            if (dataSource.isWrapperFor(TursoDataSource.class) && dataSource.unwrap(TursoDataSource.class).getReplica() != null) {
                throw new IllegalStateException("A full-text index cannot be created in an embedded replica: the sync server "
                        + "refuses CREATE INDEX ... USING fts unless started with --experimental-index-method, and a refused "
                        + "push blocks the replica's later pushes. Use hybrid search with a local database, or set "
                        + "spring.ai.vectorstore.turso.full-text-index=false");
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not tell whether the database is a replica", ex);
        }
    }

    private boolean tableExists() {
        return !this.jdbcTemplate.queryForList("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?",
                Integer.class, this.tableName).isEmpty();
    }

    @Override
    public void doAdd(List<Document> documents) {
        int dimensions = dimensions();
        String upsert = "INSERT INTO " + quoted(this.tableName) + " (id, content, metadata, embedding) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (id) DO UPDATE SET content = excluded.content, metadata = excluded.metadata, "
                + "embedding = excluded.embedding";
        for (List<Document> batch : this.batchingStrategy.batch(documents)) {
            List<float[]> embeddings = this.embeddingModel.embed(batch.stream().map(this.embeddingModel::getEmbeddingContent).toList());
            List<Object[]> rows = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                Document document = batch.get(i);
                float[] embedding = embeddings.get(i);
                if (embedding.length != dimensions) {
                    throw new IllegalStateException("The embedding model gave " + embedding.length
                            + " dimensions for document " + document.getId() + ", but this store has " + dimensions);
                }
                rows.add(new Object[] { document.getId(), document.getText(), JSON.writeValueAsString(document.getMetadata()),
                        embedding });
            }
            this.transactionTemplate.executeWithoutResult(status -> this.jdbcTemplate.batchUpdate(upsert, rows));
        }
    }

    @Override
    public void doDelete(List<String> idList) {
        // In chunks: a statement takes a bounded number of parameters.
        for (int from = 0; from < idList.size(); from += DELETE_CHUNK) {
            List<String> chunk = idList.subList(from, Math.min(idList.size(), from + DELETE_CHUNK));
            StringJoiner ids = new StringJoiner(", ", "(", ")");
            chunk.forEach(id -> ids.add("?"));
            this.jdbcTemplate.update("DELETE FROM " + quoted(this.tableName) + " WHERE id IN " + ids, chunk.toArray());
        }
    }

    @Override
    protected void doDelete(Filter.Expression filterExpression) {
        TursoFilterExpressionConverter.Condition condition = this.filterConverter.convert(filterExpression);
        this.jdbcTemplate.update("DELETE FROM " + quoted(this.tableName) + " WHERE " + condition.sql(),
                condition.parameters().toArray());
    }

    @Override
    public List<Document> doSimilaritySearch(SearchRequest request) {
        float[] embedding = this.embeddingModel.embed(request.getQuery());
        return nearest(embedding, request, request.getTopK());
    }

    /**
     * Ranks documents by their distance to {@code embedding}; in SQL: the nearest rowids first, then their
     * rows, as sorting whole rows is slower than sorting rowids.
     */
    private List<Document> nearest(float[] embedding, SearchRequest request, int limit) {
        List<Object> parameters = new ArrayList<>();
        parameters.add(embedding);
        StringJoiner where = new StringJoiner(" AND ", " WHERE ", "").setEmptyValue("");
        if (request.getFilterExpression() != null) {
            TursoFilterExpressionConverter.Condition condition = this.filterConverter.convert(request.getFilterExpression());
            where.add(condition.sql());
            parameters.addAll(condition.parameters());
        }
        // 0 accepts every document, whatever its score (Spring AI's SIMILARITY_THRESHOLD_ACCEPT_ALL).
        if (request.getSimilarityThreshold() > SearchRequest.SIMILARITY_THRESHOLD_ACCEPT_ALL) {
            where.add("distance <= ?");
            parameters.add(this.distanceType.maxDistance(request.getSimilarityThreshold()));
        }
        parameters.add(limit);
        String table = quoted(this.tableName);
        String sql = "SELECT t.id, t.content, t.metadata, n.distance FROM (SELECT rowid AS turso4j_rowid, "
                + this.distanceType.function() + "(embedding, ?) AS distance FROM " + table + where
                + " ORDER BY distance LIMIT ?) n JOIN " + table + " t ON t.rowid = n.turso4j_rowid ORDER BY n.distance";
        return this.jdbcTemplate.query(sql, this::document, parameters.toArray());
    }

    private Document document(ResultSet rs, int row) throws SQLException {
        double distance = rs.getDouble("distance");
        Map<String, Object> metadata = new HashMap<>(JSON.readValue(rs.getString("metadata"), METADATA));
        metadata.put(DocumentMetadata.DISTANCE.value(), distance);
        return Document.builder().id(rs.getString("id")).text(rs.getString("content")).metadata(metadata)
            .score(this.distanceType.score(distance)).build();
    }

    /**
     * Hybrid search: ranks documents by vector similarity to the request's query and by keyword relevance
     * (BM25 over turso's full-text index of the content), and merges both rankings by reciprocal rank
     * fusion. A document ranked r in a list gets {@code 1 / (60 + r)} from it; its {@code score} is the
     * sum, and documents matching both ways come first. The filter applies to both rankings; the
     * similarity threshold to the vector ranking only. Each ranking looks at {@code max(50, 4 * topK)}
     * documents. Needs a store built with {@link Builder#fullTextIndex(boolean)}.
     * @param request the query text, how many documents to return, and an optional filter
     * @return at most {@code topK} documents, best first
     * @throws IllegalStateException when the table has no full-text index
     */
    public List<Document> hybridSearch(SearchRequest request) {
        Assert.notNull(request, "request must not be null");
        VectorStoreObservationContext context = createObservationContextBuilder(VectorStoreObservationContext.Operation.QUERY.value())
            .queryRequest(request)
            .build();
        return VectorStoreObservationDocumentation.AI_VECTOR_STORE
            .observation(this.observationConvention, DEFAULT_CONVENTION, () -> context, this.observationRegistry)
            .observe(() -> {
                List<Document> documents = fuse(request);
                context.setQueryResponse(documents);
                return documents;
            });
    }

    private List<Document> fuse(SearchRequest request) {
        if (!hasFullTextIndex()) {
            throw new IllegalStateException("Hybrid search needs a full-text index on " + this.tableName + ".content: "
                    + "build the store with fullTextIndex(true) and initializeSchema(true) "
                    + "(spring.ai.vectorstore.turso.full-text-index=true)");
        }
        int candidates = Math.max(50, 4 * request.getTopK());
        Map<String, Document> byId = new LinkedHashMap<>();
        Map<String, Double> fused = new HashMap<>();
        List<Document> vectorRanking = nearest(this.embeddingModel.embed(request.getQuery()), request, candidates);
        for (int rank = 0; rank < vectorRanking.size(); rank++) {
            Document document = vectorRanking.get(rank);
            byId.put(document.getId(), document);
            fused.merge(document.getId(), 1.0 / (RRF_K + rank + 1), Double::sum);
        }
        List<Document> keywordRanking = keywordRanking(request, candidates);
        for (int rank = 0; rank < keywordRanking.size(); rank++) {
            Document document = keywordRanking.get(rank);
            byId.putIfAbsent(document.getId(), document);
            fused.merge(document.getId(), 1.0 / (RRF_K + rank + 1), Double::sum);
        }
        return fused.entrySet().stream()
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
            .limit(request.getTopK())
            .map(entry -> byId.get(entry.getKey()).mutate().score(entry.getValue()).build())
            .toList();
    }

    /** Documents whose content has any word of the query, by BM25 relevance; the query's words only. */
    private List<Document> keywordRanking(SearchRequest request, int limit) {
        StringJoiner words = new StringJoiner(" ");
        Matcher word = WORD.matcher(request.getQuery());
        while (word.find()) {
            words.add(word.group());
        }
        if (words.length() == 0) {
            return List.of();
        }
        List<Object> parameters = new ArrayList<>(List.of(words.toString()));
        String filter = "";
        if (request.getFilterExpression() != null) {
            TursoFilterExpressionConverter.Condition condition = this.filterConverter.convert(request.getFilterExpression());
            filter = " AND " + condition.sql();
            parameters.addAll(condition.parameters());
        }
        parameters.add(limit);
        String sql = "SELECT id, content, metadata, fts_score(content, ?1) AS relevance FROM " + quoted(this.tableName)
                + " WHERE fts_match(content, ?1)" + filter + " ORDER BY relevance DESC LIMIT ?";
        RowMapper<Document> mapper = (rs, row) -> Document.builder().id(rs.getString("id")).text(rs.getString("content"))
            .metadata(JSON.readValue(rs.getString("metadata"), METADATA)).build();
        return this.jdbcTemplate.query(sql, mapper, parameters.toArray());
    }

    private boolean hasFullTextIndex() {
        return !this.jdbcTemplate.queryForList("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? "
                + "AND sql LIKE '%USING fts%'", Integer.class, this.tableName).isEmpty();
    }

    @Override
    public VectorStoreObservationContext.Builder createObservationContextBuilder(String operationName) {
        return VectorStoreObservationContext.builder(PROVIDER, operationName)
            .collectionName(this.tableName)
            .dimensions(dimensions())
            .fieldName("embedding")
            .similarityMetric(this.distanceType.similarityMetric());
    }

    /** @return the {@link JdbcTemplate} the store runs its SQL with */
    @Override
    @SuppressWarnings("unchecked")
    public <T> Optional<T> getNativeClient() {
        return Optional.of((T) this.jdbcTemplate);
    }

    /** @return the table holding the documents */
    public String getTableName() {
        return this.tableName;
    }

    /** @return how distances are measured */
    public TursoDistanceType getDistanceType() {
        return this.distanceType;
    }

    /** @return the number of dimensions of every embedding: as configured, or the embedding model's */
    public int dimensions() {
        if (this.dimensions <= 0) {
            this.dimensions = this.embeddingModel.dimensions();
        }
        return this.dimensions;
    }

    private static String quoted(String identifier) {
        return '"' + identifier + '"';
    }

    /** Builds a {@link TursoVectorStore}; call {@code build()} and, outside a Spring context, {@code afterPropertiesSet()}. */
    public static final class Builder extends AbstractVectorStoreBuilder<Builder> {

        private final JdbcTemplate jdbcTemplate;

        private String tableName = DEFAULT_TABLE_NAME;

        private int dimensions;

        private TursoDistanceType distanceType = TursoDistanceType.COSINE;

        private boolean initializeSchema;

        private boolean removeExistingVectorStoreTable;

        private boolean fullTextIndex;

        private List<String> indexedMetadataFields = List.of();

        private Builder(JdbcTemplate jdbcTemplate, EmbeddingModel embeddingModel) {
            super(embeddingModel);
            Assert.notNull(jdbcTemplate, "jdbcTemplate must not be null");
            this.jdbcTemplate = jdbcTemplate;
        }

        /**
         * @param tableName the table of the documents: letters, digits and underscores, not starting with a
         * digit (default {@value TursoVectorStore#DEFAULT_TABLE_NAME})
         * @return this builder
         */
        public Builder tableName(String tableName) {
            Assert.isTrue(tableName != null && IDENTIFIER.matcher(tableName).matches(),
                    () -> "tableName must be letters, digits and underscores, not starting with a digit: " + tableName);
            this.tableName = tableName;
            return this;
        }

        /**
         * @param dimensions the length of every embedding; 0 (the default) asks the embedding model
         * @return this builder
         */
        public Builder dimensions(int dimensions) {
            Assert.isTrue(dimensions >= 0, "dimensions must not be negative");
            this.dimensions = dimensions;
            return this;
        }

        /**
         * @param distanceType how to measure distance (default {@link TursoDistanceType#COSINE})
         * @return this builder
         */
        public Builder distanceType(TursoDistanceType distanceType) {
            Assert.notNull(distanceType, "distanceType must not be null");
            this.distanceType = distanceType;
            return this;
        }

        /**
         * @param initializeSchema whether to create the table when it is missing (default false)
         * @return this builder
         */
        public Builder initializeSchema(boolean initializeSchema) {
            this.initializeSchema = initializeSchema;
            return this;
        }

        /**
         * @param removeExistingVectorStoreTable whether to drop the table, and every document in it, at
         * start-up (default false)
         * @return this builder
         */
        public Builder removeExistingVectorStoreTable(boolean removeExistingVectorStoreTable) {
            this.removeExistingVectorStoreTable = removeExistingVectorStoreTable;
            return this;
        }

        /**
         * @param fullTextIndex whether the schema created by {@link #initializeSchema(boolean)} has a
         * full-text index on the content, which {@link TursoVectorStore#hybridSearch(SearchRequest)} needs
         * (default false; it makes adding documents slower)
         * @return this builder
         */
        public Builder fullTextIndex(boolean fullTextIndex) {
            this.fullTextIndex = fullTextIndex;
            return this;
        }

        /**
         * Metadata fields that filters compare often, each indexed by the schema that
         * {@link #initializeSchema(boolean)} creates. A search filtered on an indexed field reads only
         * the matching documents instead of the whole table; adding documents gets a little slower.
         * @param fields metadata names, dotted for nested objects ({@code author.country})
         * @return this builder
         * @throws IllegalArgumentException for a name that is not a metadata name
         */
        public Builder indexedMetadataFields(List<String> fields) {
            Assert.notNull(fields, "fields must not be null");
            fields.forEach(TursoFilterExpressionConverter::jsonPath);
            this.indexedMetadataFields = List.copyOf(fields);
            return this;
        }

        @Override
        public TursoVectorStore build() {
            return new TursoVectorStore(this);
        }
    }
}
