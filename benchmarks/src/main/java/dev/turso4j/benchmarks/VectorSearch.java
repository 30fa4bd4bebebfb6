package dev.turso4j.benchmarks;

import dev.turso4j.benchmarks.Databases.Engine;
import dev.turso4j.spring.VectorDistance;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.jdbc.core.RowMapper;

/**
 * Workload 6: k = 10 nearest neighbours over 10,000 rows of 384-dim f32 vectors, by brute force:
 * {@code ORDER BY vector_distance_cos(v, vector32(?)) LIMIT 10}. turso has the functions built in
 * (a {@code float[]} binds as the f32 blob); on SQLite they are Java UDFs (sqlite-jdbc) or Rust
 * scalar functions (native), and the query vector is bound as the f32 blob.
 */
@State(Scope.Benchmark)
public class VectorSearch {

    record Hit(long id, double distance) {
    }

    static final RowMapper<Hit> HIT = (rs, n) -> new Hit(rs.getLong(1), rs.getDouble(2));

    @Param({ "turso4j-jdbc", "turso4j-template", "TursoTemplate", "xerial-jdbc", "xerial-template" })
    public String side;

    private Fixture fx;

    private PreparedStatement select;

    private float[][] queries;

    private int k;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        this.fx = new Fixture(this.side, "vector", Databases.BUSY_TIMEOUT, true);
        this.fx.setup(Databases::loadVectors);
        this.queries = Data.vectorQueries(16);
        this.select = this.fx.reusedStatement(Data.SQL_VECTOR);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        this.fx.close();
    }

    @Benchmark
    public int knn(Blackhole bh) throws SQLException {
        float[] q = this.queries[this.k++ % this.queries.length];
        // turso takes the float[] as is; SQLite's user converts it to the f32 blob the UDF reads.
        Object param = (this.fx.side.engine == Engine.TURSO) ? q : Data.vectorBlob(q);
        int n = 0;
        if (this.fx.turso != null) {
            // Its own API: SELECT *, vector_distance_cos("v", vector32(?)) AS distance ... LIMIT ?
            List<Hit> hits = this.fx.turso.nearest("vectors", "v", q, Data.K, VectorDistance.COSINE,
                    (rs, i) -> new Hit(rs.getLong("id"), rs.getDouble("distance")));
            bh.consume(hits);
            n = hits.size();
        }
        else if (this.select == null) {
            List<Hit> hits = this.fx.jdbc.query(Data.SQL_VECTOR, HIT, param);
            bh.consume(hits);
            n = hits.size();
        }
        else {
            this.select.setObject(1, param);
            try (ResultSet rs = this.select.executeQuery()) {
                while (rs.next()) {
                    bh.consume(rs.getLong(1));
                    bh.consume(rs.getDouble(2));
                    n++;
                }
            }
        }
        if (n != Data.K) {
            throw new IllegalStateException(n + " hits");
        }
        return n;
    }
}
