package dev.turso4j.benchmarks;

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

/** Workload 2: scan of 1,000 rows x 5 columns (integer, real, 50-byte text, 100-byte blob, null). */
@State(Scope.Benchmark)
public class Scan {

    @Param({ "turso4j-jdbc", "turso4j-template", "TursoTemplate", "xerial-jdbc", "xerial-template" })
    public String side;

    private Fixture fx;

    private PreparedStatement select;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        this.fx = new Fixture(this.side, "scan", Databases.BUSY_TIMEOUT, false);
        this.fx.setup((c) -> Databases.loadRows5(c, "scan_rows", Data.rows5(Data.SEED_SCAN, Data.SCAN_ROWS)));
        this.select = this.fx.reusedStatement(Data.SQL_SCAN);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        this.fx.close();
    }

    @Benchmark
    public int scan(Blackhole bh) throws SQLException {
        int n = 0;
        if (this.select == null) {
            List<Fixture.Row5Out> rows = (this.fx.turso != null) ? this.fx.turso.query(Data.SQL_SCAN, Fixture.ROW5)
                    : this.fx.jdbc.query(Data.SQL_SCAN, Fixture.ROW5);
            for (Fixture.Row5Out row : rows) {
                bh.consume(row);
                n++;
            }
        }
        else {
            try (ResultSet rs = this.select.executeQuery()) {
                while (rs.next()) {
                    bh.consume(Fixture.row5(rs));
                    n++;
                }
            }
        }
        if (n != Data.SCAN_ROWS) {
            throw new IllegalStateException(n + " rows");
        }
        return n;
    }
}
