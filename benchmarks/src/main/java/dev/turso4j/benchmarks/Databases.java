package dev.turso4j.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.turso4j.jdbc.TursoConfig;
import dev.turso4j.jdbc.TursoDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.sqlite.Function;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens the databases of every Java side with the same settings: WAL, synchronous FULL (turso's
 * default, set on SQLite to match), the same busy timeout, and the same pool size.
 */
public final class Databases {

    /** The pool size of every pooled side (workload 5 uses all four). */
    public static final int POOL_SIZE = 4;

    /** The busy timeout of every side except workload 5's, the driver's default. */
    public static final Duration BUSY_TIMEOUT = TursoConfig.DEFAULT_BUSY_TIMEOUT;

    /** Workload 5 saturates the write lock: a writer may wait its turn for seconds on any engine. */
    public static final Duration MIXED_BUSY_TIMEOUT = Duration.ofSeconds(60);

    private Databases() {
    }

    /** The engine under a Java side. */
    public enum Engine {
        TURSO, SQLITE
    }

    /**
     * A Java side: which engine, and whether it goes through HikariCP + JdbcTemplate or through a
     * plain connection with its PreparedStatements reused.
     */
    public enum Side {
        TURSO_JDBC("turso4j-jdbc", Engine.TURSO, false),
        TURSO_TEMPLATE("turso4j-template", Engine.TURSO, true),
        /** {@code dev.turso4j.spring.TursoTemplate} over the same HikariCP pool. */
        TURSO_TURSOTEMPLATE("TursoTemplate", Engine.TURSO, true),
        SQLITE_JDBC("xerial-jdbc", Engine.SQLITE, false),
        SQLITE_TEMPLATE("xerial-template", Engine.SQLITE, true);

        public final String id;

        public final Engine engine;

        public final boolean pooled;

        Side(String id, Engine engine, boolean pooled) {
            this.id = id;
            this.engine = engine;
            this.pooled = pooled;
        }

        public static Side of(String id) {
            for (Side side : values()) {
                if (side.id.equals(id)) {
                    return side;
                }
            }
            throw new IllegalArgumentException("unknown side " + id);
        }
    }

    /** Where benchmark databases go; the suite sets it to a folder under benchmarks/target. */
    public static Path workDir() {
        Path dir = Path.of(System.getProperty("turso4j.bench.work", System.getProperty("java.io.tmpdir")));
        try {
            Files.createDirectories(dir);
            return dir;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A fresh, empty folder for one trial's database. */
    public static Path freshDir(String name) {
        try {
            return Files.createTempDirectory(workDir(), name + "-");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The unpooled data source of an engine.
     * @param vectorFunctions for SQLite, register {@code vector32} and {@code vector_distance_cos}
     * on every connection (SQLite has no vector functions; these are the brute force in Java)
     */
    public static DataSource open(Engine engine, Path file, Duration busyTimeout, boolean vectorFunctions)
            throws SQLException {
        if (engine == Engine.TURSO) {
            return new TursoDataSource(TursoConfig.forPath(file.toString()).withBusyTimeout(busyTimeout));
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout((int) busyTimeout.toMillis());
        SQLiteDataSource ds = vectorFunctions ? new VectorSQLiteDataSource(config) : new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        return ds;
    }

    /** HikariCP over a data source, {@link #POOL_SIZE} connections, all opened up front. */
    public static HikariDataSource pool(DataSource unpooled, String name) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(unpooled);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(POOL_SIZE);
        config.setPoolName(name);
        return new HikariDataSource(config);
    }

    public static void close(DataSource ds) {
        try {
            if (ds instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    public static void execute(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        }
    }

    /** Creates {@code table} with the five-column schema and loads {@code rows} in one transaction. */
    public static void loadRows5(Connection conn, String table, Data.Row5[] rows) throws SQLException {
        execute(conn, "CREATE TABLE IF NOT EXISTS " + table + " " + Data.CREATE_ROW5);
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO " + table + " (id, i, r, t, b, n) VALUES (?, ?, ?, ?, ?, NULL)")) {
            for (int k = 0; k < rows.length; k++) {
                ps.setLong(1, k + 1);
                ps.setLong(2, rows[k].i());
                ps.setDouble(3, rows[k].r());
                ps.setString(4, rows[k].t());
                ps.setBytes(5, rows[k].b());
                ps.executeUpdate();
            }
            conn.commit();
        }
        finally {
            conn.setAutoCommit(auto);
        }
    }

    /** Creates the vectors table: 10,000 rows of 384 f32, stored through {@code vector32(?)}. */
    public static void loadVectors(Connection conn) throws SQLException {
        execute(conn, "CREATE TABLE IF NOT EXISTS vectors (id INTEGER PRIMARY KEY, v BLOB)");
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO vectors (id, v) VALUES (?, vector32(?))")) {
            Data.Rng rng = new Data.Rng(Data.SEED_VECTORS);
            for (int id = 1; id <= Data.VECTOR_ROWS; id++) {
                ps.setLong(1, id);
                ps.setBytes(2, Data.vectorBlob(Data.vector(rng)));
                ps.executeUpdate();
            }
            conn.commit();
        }
        finally {
            conn.setAutoCommit(auto);
        }
    }

    /**
     * sqlite-jdbc with the vector functions SQLite lacks, registered as Java UDFs on every new
     * connection: the brute force a sqlite-jdbc user would write.
     */
    static final class VectorSQLiteDataSource extends SQLiteDataSource {

        private static final long serialVersionUID = 1L;

        VectorSQLiteDataSource(SQLiteConfig config) {
            super(config);
        }

        @Override
        public org.sqlite.SQLiteConnection getConnection(String user, String password) throws SQLException {
            org.sqlite.SQLiteConnection conn = super.getConnection(user, password);
            Function.create(conn, "vector32", new Function() {
                @Override
                protected void xFunc() throws SQLException {
                    result(value_blob(0));
                }
            }, 1, Function.FLAG_DETERMINISTIC);
            Function.create(conn, "vector_distance_cos", new Function() {
                @Override
                protected void xFunc() throws SQLException {
                    result(cosineDistance(value_blob(0), value_blob(1)));
                }
            }, 2, Function.FLAG_DETERMINISTIC);
            return conn;
        }
    }

    /** 1 - cosine similarity of two f32 little-endian vectors. */
    static double cosineDistance(byte[] a, byte[] b) {
        ByteBuffer x = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer y = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int n = Math.min(a.length, b.length) / 4;
        float dot = 0;
        float na = 0;
        float nb = 0;
        for (int k = 0; k < n; k++) {
            float p = x.getFloat(k * 4);
            float q = y.getFloat(k * 4);
            dot += p * q;
            na += p * p;
            nb += q * q;
        }
        if (na == 0 || nb == 0) {
            return 1.0;
        }
        return 1.0 - dot / (Math.sqrt(na) * Math.sqrt(nb));
    }
}
