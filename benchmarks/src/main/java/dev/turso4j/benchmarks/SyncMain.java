package dev.turso4j.benchmarks;

import dev.turso4j.jdbc.TursoConfig;
import dev.turso4j.jdbc.TursoDataSource;
import dev.turso4j.jdbc.TursoReplica;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Workload 8, the Java side, as a child process: replica A inserts 10,000 rows (untimed) and pushes
 * them (timed); replica B, bootstrapped from the same server, pulls them (timed). The twin of
 * {@code native/src/sync_side.rs}. Prints result lines in rows per second.
 *
 * <p>Arguments: {@code <server url> <work dir> <warm-up rounds> <measured rounds>}.
 */
public final class SyncMain {

    private SyncMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Path dir = Path.of(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        List<Double> push = new ArrayList<>();
        List<Double> pull = new ArrayList<>();
        try (TursoDataSource a = replica(dir.resolve("sync-a-java.db"), url)) {
            try (Connection ca = a.getConnection()) {
                Databases.execute(ca, "CREATE TABLE sync_rows " + Data.CREATE_ROW5);
                a.unwrap(TursoReplica.class).push();
                try (TursoDataSource b = replica(dir.resolve("sync-b-java.db"), url); Connection cb = b.getConnection()) {
                    for (int round = 0; round < warmup + rounds; round++) {
                        insertRound(ca, round);
                        long t0 = System.nanoTime();
                        a.unwrap(TursoReplica.class).push();
                        long t1 = System.nanoTime();
                        boolean changed = b.unwrap(TursoReplica.class).pull();
                        long t2 = System.nanoTime();
                        long expected = (long) (round + 1) * Data.SYNC_ROWS;
                        long seen = count(cb);
                        if (!changed || seen != expected) {
                            throw new IllegalStateException("pull saw " + seen + " rows, expected " + expected);
                        }
                        if (round >= warmup) {
                            push.add(Data.SYNC_ROWS / ((t1 - t0) / 1e9));
                            pull.add(Data.SYNC_ROWS / ((t2 - t1) / 1e9));
                        }
                    }
                }
            }
        }
        print("sync_push", push);
        print("sync_pull", pull);
    }

    private static TursoDataSource replica(Path file, String url) throws SQLException {
        return new TursoDataSource(TursoConfig.forPath(file.toString()).withRemoteUrl(url).withAuthToken(() -> "t"));
    }

    private static void insertRound(Connection c, int round) throws SQLException {
        Data.Row5[] rows = Data.rows5(Data.SEED_INSERT + round, Data.SYNC_ROWS);
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(Data.SQL_INSERT.replace("insert_rows", "sync_rows"))) {
            for (Data.Row5 row : rows) {
                BatchInsert.bind(ps, row);
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        }
        finally {
            c.setAutoCommit(true);
        }
    }

    private static long count(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM sync_rows")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void print(String workload, List<Double> samples) {
        Score score = Score.of(samples.stream().mapToDouble(Double::doubleValue).toArray());
        System.out.println(score.line(workload, "turso4j-jdbc"));
    }
}
