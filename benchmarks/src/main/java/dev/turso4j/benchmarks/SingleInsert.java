package dev.turso4j.benchmarks;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.jdbc.core.SqlParameterValue;

/** Workload 4: single-row insert in autocommit (one durable commit per row). */
@State(Scope.Benchmark)
public class SingleInsert {

    @Param({ "turso4j-jdbc", "turso4j-template", "TursoTemplate", "xerial-jdbc", "xerial-template" })
    public String side;

    static final SqlParameterValue NULL_TEXT = new SqlParameterValue(Types.VARCHAR, null);

    private Fixture fx;

    private PreparedStatement insert;

    private Data.Row5[] rows;

    private int k;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        this.fx = new Fixture(this.side, "insert_single", Databases.BUSY_TIMEOUT, false);
        this.fx.setup((c) -> Databases.execute(c, "CREATE TABLE insert_rows " + Data.CREATE_ROW5));
        this.rows = Data.rows5(Data.SEED_INSERT, Data.INSERT_TX_ROWS);
        this.insert = this.fx.reusedStatement(Data.SQL_INSERT);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        this.fx.close();
    }

    @Benchmark
    public int insert() throws SQLException {
        Data.Row5 row = this.rows[this.k++ % this.rows.length];
        if (this.fx.turso != null) {
            return (int) this.fx.turso.execute(Data.SQL_INSERT, row.i(), row.r(), row.t(), row.b(), NULL_TEXT)
                .rowsAffected();
        }
        if (this.insert == null) {
            // A typed NULL: with an untyped one Spring asks getParameterMetaData(), which turso4j does not
            // support, and HikariCP evicts the connection on its SQLSTATE 0A000 (see the report).
            return this.fx.jdbc.update(Data.SQL_INSERT, row.i(), row.r(), row.t(), row.b(), NULL_TEXT);
        }
        BatchInsert.bind(this.insert, row);
        return this.insert.executeUpdate();
    }
}
