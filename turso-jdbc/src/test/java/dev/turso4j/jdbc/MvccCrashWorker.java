package dev.turso4j.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process {@link MvccTest} kills: four threads commit small concurrent transactions into an MVCC
 * database and print {@code ACK <id>} after each commit returns, until the process is killed.
 */
public final class MvccCrashWorker {

    public static void main(String[] args) throws Exception {
        TursoDataSource dataSource = new TursoDataSource("jdbc:turso:" + args[0] + "?journal_mode=mvcc");
        String round = args[1];
        AtomicInteger ids = new AtomicInteger();
        for (int t = 0; t < 4; t++) {
            Thread writer = new Thread(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    connection.setAutoCommit(false);
                    while (true) {
                        String id = round + "-" + ids.incrementAndGet();
                        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO acks (id, payload) VALUES (?, ?)")) {
                            insert.setString(1, id);
                            insert.setString(2, "x".repeat(200));
                            insert.executeUpdate();
                            connection.commit();
                        }
                        catch (SQLException conflict) {
                            connection.rollback();
                            continue;
                        }
                        synchronized (System.out) {
                            System.out.println("ACK " + id);
                            System.out.flush();
                        }
                    }
                }
                catch (SQLException ex) {
                    ex.printStackTrace();
                }
            });
            writer.start();
        }
        Thread.currentThread().join();
    }
}
