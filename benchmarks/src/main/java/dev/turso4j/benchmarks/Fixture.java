package dev.turso4j.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.turso4j.benchmarks.Databases.Side;
import dev.turso4j.spring.TursoTemplate;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * One side's database for one JMH trial: a fresh file in its own folder, the unpooled data source,
 * and either a plain connection (the raw JDBC sides, statements prepared once) or HikariCP +
 * JdbcTemplate (the template sides).
 */
final class Fixture implements AutoCloseable {

    /** What the five-column selects map each row to on every Java side. */
    record Row5Out(long i, double r, String t, byte[] b, String n) {
    }

    static final RowMapper<Row5Out> ROW5 = (rs, rowNum) -> row5(rs);

    static Row5Out row5(ResultSet rs) throws SQLException {
        return new Row5Out(rs.getLong(1), rs.getDouble(2), rs.getString(3), rs.getBytes(4), rs.getString(5));
    }

    final Side side;

    final Path dir;

    final DataSource unpooled;

    final HikariDataSource pool;

    final JdbcTemplate jdbc;

    /** The TursoTemplate side's template (over {@link #jdbc}); {@code null} on the other sides. */
    final TursoTemplate turso;

    /** The raw sides' connection; {@code null} on the template sides. */
    final Connection conn;

    Fixture(String sideId, String name, Duration busyTimeout, boolean vectorFunctions) throws SQLException {
        this.side = Side.of(sideId);
        this.dir = Databases.freshDir(name + "-" + sideId);
        this.unpooled = Databases.open(this.side.engine, this.dir.resolve(name + ".db"), busyTimeout, vectorFunctions);
        if (this.side.pooled) {
            this.pool = Databases.pool(this.unpooled, name + "-" + sideId);
            this.jdbc = new JdbcTemplate(this.pool);
            this.turso = (this.side == Side.TURSO_TURSOTEMPLATE) ? new TursoTemplate(this.jdbc) : null;
            this.conn = null;
        }
        else {
            this.pool = null;
            this.jdbc = null;
            this.turso = null;
            this.conn = this.unpooled.getConnection();
        }
    }

    /** Runs setup work on a connection of this side (the pool's, or the raw connection). */
    void setup(SqlWork work) throws SQLException {
        if (this.conn != null) {
            work.run(this.conn);
            return;
        }
        try (Connection c = this.pool.getConnection()) {
            work.run(c);
        }
    }

    /**
     * The raw sides' statement for {@code sql}, prepared once to be reused by every call, and closed
     * with this fixture's connection; {@code null} on the template sides, which prepare per call.
     */
    PreparedStatement reusedStatement(String sql) throws SQLException {
        return (this.conn != null) ? this.conn.prepareStatement(sql) : null;
    }

    interface SqlWork {
        void run(Connection conn) throws SQLException;
    }

    @Override
    public void close() throws SQLException {
        if (this.conn != null) {
            this.conn.close();
        }
        if (this.pool != null) {
            this.pool.close();
        }
        Databases.close(this.unpooled);
        Databases.deleteTree(this.dir);
    }
}
