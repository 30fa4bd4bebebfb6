package dev.turso4j.benchmarks;

import java.sql.SQLException;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.ai.document.Document;

/**
 * Workload 11b: {@code VectorStore.add} of 10,000 documents (384 dimensions) in calls of 1,000, into
 * an empty store (the turso store's table dropped and created again, untimed, before each run). One
 * iteration is one timed run. TursoVectorStore commits each of the batches its batching strategy
 * (Spring AI's default, by token count) makes, one fsync'd transaction each; SimpleVectorStore puts
 * them in a map.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
public class VectorStoreAdd {

    static final int DOCUMENTS = 10_000;

    @Param({ VectorStores.TURSO, VectorStores.SIMPLE })
    public String store;

    private VectorStores.PrecomputedEmbeddingModel model;

    private List<Document> docs;

    private VectorStores.Opened opened;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        this.model = new VectorStores.PrecomputedEmbeddingModel(DOCUMENTS);
        this.docs = VectorStores.documents(DOCUMENTS);
        this.opened = VectorStores.Opened.open(this.store, this.model);
    }

    @Setup(Level.Iteration)
    public void emptyStore() {
        this.opened = this.opened.recreated(this.model);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        this.opened.close();
    }

    @Benchmark
    public void add10k() {
        this.opened.add(this.docs);
    }
}
