package dev.turso4j.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One process of {@link MultiProcessReplicaTest}: opens its own replica file, writes its rows, and
 * syncs until it sees every process's rows. Exits 0 when it does, 1 otherwise.
 * Arguments: replica file, remote URL, worker id, rows to write, total rows expected.
 */
public final class ReplicaWorker {

    private ReplicaWorker() {
    }

    public static void main(String[] args) throws Exception {
        String file = args[0];
        String url = args[1];
        int worker = Integer.parseInt(args[2]);
        int rows = Integer.parseInt(args[3]);
        long expected = Long.parseLong(args[4]);
        try (TursoDataSource dataSource = new TursoDataSource(
                TursoConfig.forPath(file).withRemoteUrl(url).withAuthToken(() -> "worker-" + worker))) {
            TursoReplica replica = dataSource.unwrap(TursoReplica.class);
            try (Connection c = dataSource.getConnection();
                    PreparedStatement insert = c.prepareStatement("INSERT INTO shared (id, worker, n) VALUES (?, ?, ?)")) {
                for (int n = 0; n < rows; n++) {
                    // Replicas assign rowids independently: keys must not collide across writers.
                    insert.setLong(1, worker * 1_000_000L + n);
                    insert.setInt(2, worker);
                    insert.setInt(3, n);
                    insert.executeUpdate();
                    if (n % 10 == 9) {
                        syncQuietly(replica);
                    }
                }
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                syncQuietly(replica);
                if (count(dataSource) == expected) {
                    System.out.println("worker " + worker + " sees all " + expected + " rows");
                    System.exit(0);
                }
                Thread.sleep(100);
            }
            System.out.println("worker " + worker + " sees " + count(dataSource) + " of " + expected + " rows");
            System.exit(1);
        }
    }

    /** Another worker's push may be in flight (the server serves one request at a time): try again later. */
    private static void syncQuietly(TursoReplica replica) {
        try {
            replica.sync();
        }
        catch (SQLException ex) {
            System.out.println("sync failed, retrying: " + ex.getMessage());
        }
    }

    private static long count(TursoDataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM shared")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
