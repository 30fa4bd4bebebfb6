package dev.turso4j.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The process {@link ReplicaCrashTest} kills. It writes rows in small transactions, printing
 * {@code ACK <id>} once each is committed, and pulls or pushes between them, printing
 * {@code PULL} or {@code PUSH} just before, until it is killed.
 * Arguments: replica file, remote URL, mode ({@code pull} or {@code push}), round.
 */
public final class ReplicaCrashWorker {

    private ReplicaCrashWorker() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[2];
        String round = args[3];
        try (TursoDataSource dataSource = new TursoDataSource(
                TursoConfig.forPath(args[0]).withRemoteUrl(args[1]).withAuthToken(() -> "crash-worker"));
                Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO acks (id, payload) VALUES (?, ?)")) {
            TursoReplica replica = dataSource.getReplica();
            for (int batch = 0;; batch++) {
                c.setAutoCommit(false);
                int rows = mode.equals("push") ? 200 : 5;
                for (int n = 0; n < rows; n++) {
                    insert.setString(1, mode + "-" + round + "-" + batch + "-" + n);
                    insert.setString(2, "x".repeat(100));
                    insert.executeUpdate();
                }
                c.commit();
                c.setAutoCommit(true);
                for (int n = 0; n < rows; n++) {
                    System.out.println("ACK " + mode + "-" + round + "-" + batch + "-" + n);
                }
                System.out.println(mode.toUpperCase());
                System.out.flush();
                try {
                    if (mode.equals("push")) {
                        replica.push();
                    }
                    else {
                        replica.pull();
                    }
                }
                catch (SQLException ex) {
                    System.out.println("sync failed: " + ex.getMessage());
                }
            }
        }
    }
}
