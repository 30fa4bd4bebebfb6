package dev.turso4j.benchmarks;

import java.sql.SQLException;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;

/**
 * Workload 11a: {@code VectorStore.similaritySearch} with topK 10 over 10,000 or 100,000 documents of
 * 384 dimensions, with no filter or with {@code category == 3} (one document in ten), on
 * TursoVectorStore (a turso file through HikariCP + JdbcTemplate) and on Spring AI's
 * SimpleVectorStore (in memory). Both stores hold the same documents, added in setup through
 * {@code add} in calls of 1,000, and get their embeddings from the same lookup model (see
 * {@link VectorStores.PrecomputedEmbeddingModel}); 16 queries are used in turn. Setup checks one answer
 * of each store against a brute force in Java.
 */
@State(Scope.Benchmark)
public class VectorStoreSearch {

    @Param({ VectorStores.TURSO, VectorStores.SIMPLE })
    public String store;

    @Param({ "10000", "100000" })
    public int documents;

    @Param({ "none", "category" })
    public String filter;

    private VectorStores.Opened opened;

    private SearchRequest[] requests;

    private int q;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        VectorStores.PrecomputedEmbeddingModel model = new VectorStores.PrecomputedEmbeddingModel(this.documents);
        List<Document> docs = VectorStores.documents(this.documents);
        this.opened = VectorStores.Opened.open(this.store, model);
        long start = System.nanoTime();
        this.opened.add(docs);
        System.out.printf("setup: %s added %,d documents in %.1f s%n", this.store, this.documents,
                (System.nanoTime() - start) / 1e9);
        boolean filtered = !this.filter.equals("none");
        this.requests = new SearchRequest[VectorStores.QUERIES];
        for (int i = 0; i < this.requests.length; i++) {
            this.requests[i] = VectorStores.request(i, filtered);
        }
        VectorStores.check(this.opened.store.similaritySearch(this.requests[0]), model, docs, 0, filtered,
                this.store + " over " + this.documents);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        this.opened.close();
    }

    @Benchmark
    public List<Document> search() {
        List<Document> found = this.opened.store.similaritySearch(this.requests[this.q++ % this.requests.length]);
        if (found.size() != VectorStores.TOP_K) {
            throw new IllegalStateException(found.size() + " documents");
        }
        return found;
    }
}
