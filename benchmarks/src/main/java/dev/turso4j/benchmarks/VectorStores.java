package dev.turso4j.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.turso4j.benchmarks.Databases.Engine;
import dev.turso4j.spring.ai.TursoVectorStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.SimpleVectorStore;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Workload 11's data and stores: documents of a short text and two metadata fields, their 384-dim
 * embeddings precomputed (random unit vectors from the suite's SplitMix64), and the two stores
 * under test built as a user would build them: {@link TursoVectorStore} on a turso file through
 * HikariCP + JdbcTemplate, and Spring AI's in-memory {@link SimpleVectorStore}.
 */
final class VectorStores {

    static final String TURSO = "TursoVectorStore";

    static final String SIMPLE = "SimpleVectorStore";

    static final int DIMENSIONS = 384;

    static final int TOP_K = 10;

    /** Metadata {@code category} is the document's number modulo this: the filter keeps one in ten. */
    static final int CATEGORIES = 10;

    static final int FILTER_CATEGORY = 3;

    /** Different query vectors, used in turn. */
    static final int QUERIES = 16;

    /** Documents per {@code VectorStore.add} call, in setup and in the add benchmark. */
    static final int ADD_BATCH = 1_000;

    static final long SEED_DOCUMENT_VECTORS = 21;

    static final long SEED_QUERY_VECTORS = 22;

    static final long SEED_TEXTS = 23;

    /** Length of every document's text (after its {@code "document <n>: "} prefix). */
    static final int TEXT_LEN = 200;

    private static final String[] WORDS = { "turso", "vector", "store", "spring", "embedding", "query", "search",
        "database", "replica", "sync", "document", "metadata", "filter", "index", "cosine", "distance", "java",
        "rust", "engine", "page", "table", "row", "column", "blob", "json", "token", "model", "answer", "context",
        "chunk", "retrieval", "prompt" };

    /** {@code category == 3}: one document in ten. */
    static final Filter.Expression FILTER = new FilterExpressionBuilder().eq("category", FILTER_CATEGORY).build();

    private VectorStores() {
    }

    /** {@code count} random unit vectors of {@link #DIMENSIONS}, from {@code seed}. */
    static float[][] unitVectors(long seed, int count) {
        Data.Rng rng = new Data.Rng(seed);
        float[][] vectors = new float[count][];
        for (int n = 0; n < count; n++) {
            float[] v = new float[DIMENSIONS];
            double norm = 0;
            for (int j = 0; j < DIMENSIONS; j++) {
                v[j] = (float) (rng.next() >>> 40) / 16_777_216.0f * 2.0f - 1.0f;
                norm += v[j] * v[j];
            }
            float scale = (float) (1 / Math.sqrt(norm));
            for (int j = 0; j < DIMENSIONS; j++) {
                v[j] *= scale;
            }
            vectors[n] = v;
        }
        return vectors;
    }

    /**
     * Documents 0..count-1: a fixed id (a name-based UUID, as ids are UUIDs by default), the text
     * {@code "document <n>: "} and {@link #TEXT_LEN} characters of words, metadata {@code category}
     * (n mod 10) and {@code source}.
     */
    static List<Document> documents(int count) {
        Data.Rng rng = new Data.Rng(SEED_TEXTS);
        List<Document> documents = new ArrayList<>(count);
        StringBuilder text = new StringBuilder();
        for (int n = 0; n < count; n++) {
            text.setLength(0);
            text.append("document ").append(n).append(": ");
            int start = text.length();
            while (text.length() - start < TEXT_LEN) {
                text.append(WORDS[(int) rng.below(WORDS.length)]).append(' ');
            }
            text.setLength(start + TEXT_LEN);
            documents.add(Document.builder()
                .id(UUID.nameUUIDFromBytes(("document " + n).getBytes(StandardCharsets.UTF_8)).toString())
                .text(text.toString())
                .metadata(Map.of("category", n % CATEGORIES, "source", "doc-" + n + ".md"))
                .build());
        }
        return documents;
    }

    /** The search of query {@code q} (0..15): top 10, with or without the category filter. */
    static SearchRequest request(int q, boolean filtered) {
        SearchRequest.Builder request = SearchRequest.builder().query("query " + q).topK(TOP_K);
        if (filtered) {
            request.filterExpression(FILTER);
        }
        return request.build();
    }

    /**
     * An embedding model whose work is a lookup: the text {@code "document <n>: ..."} is document
     * n's precomputed vector, {@code "query <q>"} query q's. Both stores get the same vectors, the
     * same array each time (neither keeps the array it is given: SimpleVectorStore copies it, the
     * turso store binds it), so embedding costs a parse of the number and nothing else.
     */
    static final class PrecomputedEmbeddingModel implements EmbeddingModel {

        private final float[][] documents;

        private final float[][] queries;

        PrecomputedEmbeddingModel(int documents) {
            this.documents = unitVectors(SEED_DOCUMENT_VECTORS, documents);
            this.queries = unitVectors(SEED_QUERY_VECTORS, QUERIES);
        }

        float[] document(int n) {
            return this.documents[n];
        }

        float[] query(int q) {
            return this.queries[q];
        }

        @Override
        public EmbeddingResponse call(EmbeddingRequest request) {
            List<String> texts = request.getInstructions();
            List<Embedding> embeddings = new ArrayList<>(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                embeddings.add(new Embedding(embed(texts.get(i)), i));
            }
            return new EmbeddingResponse(embeddings);
        }

        @Override
        public float[] embed(String text) {
            if (text.startsWith("query ")) {
                return this.queries[Integer.parseInt(text, 6, text.length(), 10)];
            }
            if (text.startsWith("document ")) {
                int end = text.indexOf(':', 9);
                return this.documents[Integer.parseInt(text, 9, end, 10)];
            }
            throw new IllegalArgumentException("not a benchmark text: " + text);
        }

        @Override
        public float[] embed(Document document) {
            return embed(document.getText());
        }

        @Override
        public int dimensions() {
            return DIMENSIONS;
        }
    }

    /** One store under test, and what it holds open. */
    static final class Opened implements AutoCloseable {

        final VectorStore store;

        private final DataSource unpooled;

        private final HikariDataSource pool;

        private final Path dir;

        private Opened(VectorStore store, DataSource unpooled, HikariDataSource pool, Path dir) {
            this.store = store;
            this.unpooled = unpooled;
            this.pool = pool;
            this.dir = dir;
        }

        /**
         * {@link #TURSO}: a TursoVectorStore (schema created by the store) on a new database file,
         * through HikariCP (pool of 4) and JdbcTemplate, as a Spring Boot application has it;
         * {@link #SIMPLE}: {@code SimpleVectorStore.builder(model).build()}.
         */
        static Opened open(String side, EmbeddingModel model) throws SQLException {
            if (side.equals(SIMPLE)) {
                return new Opened(SimpleVectorStore.builder(model).build(), null, null, null);
            }
            if (!side.equals(TURSO)) {
                throw new IllegalArgumentException("unknown store " + side);
            }
            Path dir = Databases.freshDir("vector_store");
            DataSource unpooled = Databases.open(Engine.TURSO, dir.resolve("vector_store.db"), Databases.BUSY_TIMEOUT, false);
            HikariDataSource pool = Databases.pool(unpooled, "vector_store");
            return new Opened(tursoStore(pool, model), unpooled, pool, dir);
        }

        /** A TursoVectorStore on this store's database, its table dropped and created again. */
        Opened recreated(EmbeddingModel model) {
            if (this.pool == null) {
                return new Opened(SimpleVectorStore.builder(model).build(), null, null, null);
            }
            new JdbcTemplate(this.pool).execute("DROP TABLE IF EXISTS " + TursoVectorStore.DEFAULT_TABLE_NAME);
            return new Opened(tursoStore(this.pool, model), this.unpooled, this.pool, this.dir);
        }

        private static TursoVectorStore tursoStore(DataSource pool, EmbeddingModel model) {
            TursoVectorStore store = TursoVectorStore.builder(new JdbcTemplate(pool), model)
                .initializeSchema(true)
                .dimensions(DIMENSIONS)
                .indexedMetadataFields(List.of("category"))
                .build();
            store.afterPropertiesSet();
            return store;
        }

        /** Adds the documents in calls of {@link #ADD_BATCH}. */
        void add(List<Document> documents) {
            for (int from = 0; from < documents.size(); from += ADD_BATCH) {
                this.store.add(documents.subList(from, Math.min(documents.size(), from + ADD_BATCH)));
            }
        }

        @Override
        public void close() {
            if (this.pool != null) {
                this.pool.close();
                Databases.close(this.unpooled);
                Databases.deleteTree(this.dir);
            }
        }
    }

    /**
     * Checks a store's answer against a brute force over the vectors: the same ten documents (nine
     * at least: a near tie may rank differently in float and double), nearest first.
     */
    static void check(List<Document> found, PrecomputedEmbeddingModel model, List<Document> documents, int q,
            boolean filtered, String what) {
        float[] query = model.query(q);
        double[] similarity = new double[documents.size()];
        for (int n = 0; n < similarity.length; n++) {
            similarity[n] = dot(query, model.document(n));
        }
        List<String> expected = IntStream.range(0, documents.size())
            .filter((n) -> !filtered || n % CATEGORIES == FILTER_CATEGORY)
            .boxed()
            .sorted(Comparator.comparingDouble((Integer n) -> -similarity[n]))
            .limit(TOP_K)
            .map((n) -> documents.get(n).getId())
            .toList();
        Set<String> overlap = new HashSet<>(expected);
        overlap.retainAll(found.stream().map(Document::getId).toList());
        if (found.size() != TOP_K || overlap.size() < TOP_K - 1) {
            throw new IllegalStateException(what + ": expected " + expected + ", found "
                    + found.stream().map(Document::getId).toList());
        }
        if (filtered && !found.stream().allMatch((d) -> ((Number) d.getMetadata().get("category")).intValue() == FILTER_CATEGORY)) {
            throw new IllegalStateException(what + ": a document outside the filter: " + found);
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
