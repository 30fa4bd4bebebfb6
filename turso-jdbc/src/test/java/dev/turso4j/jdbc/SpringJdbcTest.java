package dev.turso4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The driver behind Spring's JDBC support and a real HikariCP pool, on one shared in-memory database.
 */
class SpringJdbcTest {

    private TursoDataSource turso;

    private HikariDataSource pool;

    private JdbcTemplate jdbc;

    @BeforeEach
    void open() throws SQLException {
        this.turso = new TursoDataSource("jdbc:turso::memory:");
        HikariConfig config = new HikariConfig();
        config.setDataSource(this.turso);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(4);
        this.pool = new HikariDataSource(config);
        this.jdbc = new JdbcTemplate(this.pool);
        this.jdbc.execute("CREATE TABLE book (id INTEGER PRIMARY KEY, title TEXT NOT NULL, price TEXT, published TEXT)");
    }

    @AfterEach
    void close() {
        this.pool.close();
        this.turso.close();
    }

    record Book(long id, String title, BigDecimal price, LocalDate published) {
    }

    @Test
    void aTableCreatedOnMemoryIsVisibleFromEveryPooledConnection() throws Exception {
        java.sql.Connection[] held = new java.sql.Connection[4];
        for (int i = 0; i < held.length; i++) {
            held[i] = this.pool.getConnection();
            try (var rs = held[i].createStatement().executeQuery("SELECT count(*) FROM book")) {
                assertThat(rs.next()).isTrue();
            }
        }
        for (java.sql.Connection c : held) {
            c.close();
        }
    }

    @Test
    void jdbcClientMapsRowsToRecordsAndReturnsKeys() {
        JdbcClient client = JdbcClient.create(this.pool);
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        client.sql("INSERT INTO book (title, price, published) VALUES (:title, :price, :published)")
            .param("title", "Dune").param("price", new BigDecimal("9.99")).param("published", LocalDate.of(1965, 8, 1))
            .update(keys, "id");
        assertThat(keys.getKey()).isEqualTo(1L);
        List<Book> books = client.sql("SELECT * FROM book WHERE title = ?").param("Dune").query(Book.class).list();
        assertThat(books).containsExactly(new Book(1, "Dune", new BigDecimal("9.99"), LocalDate.of(1965, 8, 1)));
        assertThat(client.sql("SELECT count(*) FROM book").query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void namedParametersBatchesAndKeyHoldersWork() {
        NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(this.jdbc);
        int[] counts = named.batchUpdate("INSERT INTO book (title) VALUES (:title)",
                new MapSqlParameterSource[] { new MapSqlParameterSource("title", "a"),
                    new MapSqlParameterSource("title", "b") });
        assertThat(counts).containsExactly(1, 1);
        GeneratedKeyHolder holder = new GeneratedKeyHolder();
        named.update("INSERT INTO book (title) VALUES (:title)", new MapSqlParameterSource("title", "c"), holder);
        assertThat(holder.getKey()).isEqualTo(3L);
        List<Map<String, Object>> rows = named.queryForList("SELECT id, title FROM book WHERE title IN (:titles) ORDER BY id",
                Map.of("titles", List.of("a", "c")));
        assertThat(rows).extracting((row) -> row.get("title")).containsExactly("a", "c");
        assertThat(rows.get(0).get("id")).isEqualTo(1L);
        int[][] batch = this.jdbc.batchUpdate("UPDATE book SET price = ? WHERE title = ?", List.of(
                new Object[] { "1.50", "a" }, new Object[] { "2.50", "b" }), 10, (ps, args) -> {
                    ps.setString(1, (String) args[0]);
                    ps.setString(2, (String) args[1]);
                });
        assertThat(batch[0]).containsExactly(1, 1);
    }

    @Test
    void untypedNullsNeitherFailNorCostThePoolItsConnection() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setDataSource(this.turso);
        config.setMaximumPoolSize(1);
        try (HikariDataSource single = new HikariDataSource(config)) {
            TursoConnection before;
            try (var c = single.getConnection()) {
                before = c.unwrap(TursoConnection.class);
            }
            JdbcTemplate jdbc = new JdbcTemplate(single);
            for (int i = 0; i < 5; i++) {
                jdbc.update("INSERT INTO book (title, price) VALUES (?, ?)", "t" + i, null);
            }
            assertThat(jdbc.queryForObject("SELECT count(*) FROM book WHERE price IS NULL", Integer.class)).isEqualTo(5);
            try (var c = single.getConnection(); var ps = c.prepareStatement("SELECT ?")) {
                assertThat(c.unwrap(TursoConnection.class)).as("HikariCP kept the connection").isSameAs(before);
                assertThatThrownBy(ps::getParameterMetaData).isInstanceOf(java.sql.SQLFeatureNotSupportedException.class)
                    .satisfies((ex) -> assertThat(((SQLException) ex).getSQLState()).isEqualTo("HYC00"));
            }
        }
    }

    @Test
    void transactionTemplateCommitsAndRollsBackThroughThePool() {
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(this.pool));
        tx.executeWithoutResult((status) -> this.jdbc.update("INSERT INTO book (title) VALUES ('kept')"));
        assertThatThrownBy(() -> tx.executeWithoutResult((status) -> {
            this.jdbc.update("INSERT INTO book (title) VALUES ('lost')");
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        tx.setReadOnly(true);
        List<String> titles = tx.execute((status) -> this.jdbc.queryForList("SELECT title FROM book", String.class));
        assertThat(titles).containsExactly("kept");
    }
}
