package dev.turso4j.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
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
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Workload 3: insert 100,000 rows in transactions of 1,000, into a table re-created (untimed) before
 * each iteration. One iteration is one timed run of all 100 transactions. Raw JDBC: autocommit off,
 * addBatch/executeBatch, commit. Template: TransactionTemplate + JdbcTemplate.batchUpdate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
public class BatchInsert {

    @Param({ "turso4j-jdbc", "turso4j-template", "TursoTemplate", "xerial-jdbc", "xerial-template" })
    public String side;

    private Fixture fx;

    private Data.Row5[] rows;

    private TransactionTemplate tx;

    /** The TursoTemplate side's rows as it takes them: one Object[] per row. */
    private List<Object[]> batchArgs;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        this.fx = new Fixture(this.side, "insert_batch", Databases.BUSY_TIMEOUT, false);
        this.rows = Data.rows5(Data.SEED_INSERT, Data.INSERT_TX_ROWS);
        if (this.fx.pool != null) {
            this.tx = new TransactionTemplate(new DataSourceTransactionManager(this.fx.pool));
        }
        this.batchArgs = new ArrayList<>();
        for (Data.Row5 row : this.rows) {
            this.batchArgs.add(new Object[] { row.i(), row.r(), row.t(), row.b(), SingleInsert.NULL_TEXT });
        }
    }

    @Setup(Level.Iteration)
    public void recreateTable() throws SQLException {
        this.fx.setup((c) -> {
            Databases.execute(c, "DROP TABLE IF EXISTS insert_rows");
            Databases.execute(c, "CREATE TABLE insert_rows " + Data.CREATE_ROW5);
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        this.fx.close();
    }

    @Benchmark
    public void insert100k() throws SQLException {
        if (this.tx != null) {
            BatchPreparedStatementSetter setter = new BatchPreparedStatementSetter() {
                @Override
                public void setValues(PreparedStatement ps, int i) throws SQLException {
                    bind(ps, BatchInsert.this.rows[i]);
                }

                @Override
                public int getBatchSize() {
                    return BatchInsert.this.rows.length;
                }
            };
            for (int t = 0; t < Data.INSERT_ROWS / Data.INSERT_TX_ROWS; t++) {
                if (this.fx.turso != null) {
                    this.tx.executeWithoutResult((status) -> this.fx.turso.batch(Data.SQL_INSERT, this.batchArgs));
                }
                else {
                    this.tx.executeWithoutResult((status) -> this.fx.jdbc.batchUpdate(Data.SQL_INSERT, setter));
                }
            }
            return;
        }
        Connection c = this.fx.conn;
        c.setAutoCommit(false);
        // Prepared once per run: the table was just re-created.
        try (PreparedStatement ps = c.prepareStatement(Data.SQL_INSERT)) {
            for (int t = 0; t < Data.INSERT_ROWS / Data.INSERT_TX_ROWS; t++) {
                for (Data.Row5 row : this.rows) {
                    bind(ps, row);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            }
        }
        finally {
            c.setAutoCommit(true);
        }
    }

    static void bind(PreparedStatement ps, Data.Row5 row) throws SQLException {
        ps.setLong(1, row.i());
        ps.setDouble(2, row.r());
        ps.setString(3, row.t());
        ps.setBytes(4, row.b());
        ps.setNull(5, Types.VARCHAR);
    }
}
