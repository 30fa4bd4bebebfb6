package dev.turso4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.turso4j.bridge.Native;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Native objects behind JDBC objects nobody closed are freed once the JDBC objects are unreachable. */
class UnclosedObjectsTest {

    @Test
    void theCleanerFreesWhatNobodyClosed() throws Exception {
        Native.ensureLoaded();
        long baseline = Native.liveObjects();
        leak();
        assertThat(Native.liveObjects()).isGreaterThan(baseline);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            System.gc();
            return Native.liveObjects() <= baseline;
        });
    }

    /** Opens a database, connections, statements and a half-read cursor, and drops them all. */
    private static void leak() throws Exception {
        TursoDataSource dataSource = new TursoDataSource("jdbc:turso::memory:");
        for (int i = 0; i < 3; i++) {
            Connection c = dataSource.getConnection();
            PreparedStatement ps = c.prepareStatement("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                    + "WHERE i < 100000) SELECT i FROM n");
            ps.setFetchSize(10);
            ResultSet rs = ps.executeQuery();
            rs.next();
        }
    }
}
