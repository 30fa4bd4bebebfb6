package dev.turso4j.benchmarks;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Workload 1: point select by primary key on a 10,000-row table, all five columns read. */
@State(Scope.Benchmark)
public class PointSelect {

    @Param({ "turso4j-jdbc", "turso4j-template", "TursoTemplate", "xerial-jdbc", "xerial-template" })
    public String side;

    private Fixture fx;

    private PreparedStatement select;

    private long[] keys;

    private int k;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        this.fx = new Fixture(this.side, "point", Databases.BUSY_TIMEOUT, false);
        this.fx.setup((c) -> Databases.loadRows5(c, "point_rows", Data.rows5(Data.SEED_POINT, Data.POINT_ROWS)));
        this.keys = Data.pointKeys(1 << 16);
        this.select = this.fx.reusedStatement(Data.SQL_POINT);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        this.fx.close();
    }

    @Benchmark
    public Object pointSelect() throws SQLException {
        long id = this.keys[this.k++ & 0xffff];
        if (this.fx.turso != null) {
            return this.fx.turso.query(Data.SQL_POINT, Fixture.ROW5, id).get(0);
        }
        if (this.select == null) {
            return this.fx.jdbc.queryForObject(Data.SQL_POINT, Fixture.ROW5, id);
        }
        this.select.setLong(1, id);
        try (ResultSet rs = this.select.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("no row " + id);
            }
            return Fixture.row5(rs);
        }
    }
}
