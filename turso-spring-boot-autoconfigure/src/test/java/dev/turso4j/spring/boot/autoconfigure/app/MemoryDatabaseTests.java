package dev.turso4j.spring.boot.autoconfigure.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** With no database configured, every pooled connection sees the same in-memory database. */
@SpringBootTest(classes = TestApplication.class, properties = "turso.pool.maximum-size=4")
class MemoryDatabaseTests {

    @Autowired
    DataSource dataSource;

    @Test
    void aTableCreatedOnMemoryIsVisibleFromEveryPooledConnection() throws Exception {
        Connection[] held = new Connection[4];
        held[0] = this.dataSource.getConnection();
        held[0].createStatement().execute("CREATE TABLE shared (x)");
        held[0].createStatement().execute("INSERT INTO shared VALUES (42)");
        for (int i = 1; i < held.length; i++) {
            held[i] = this.dataSource.getConnection();
        }
        for (Connection c : held) {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT x FROM shared")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(42);
            }
        }
        for (Connection c : held) {
            c.close();
        }
    }
}
