package dev.turso4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Generated keys for statements whose text a pattern match would misread: the driver asks the
 * engine's parser whether a statement changes rows and already returns them.
 */
class GeneratedKeysTest {

    private TursoDataSource dataSource;

    private Connection connection;

    @BeforeEach
    void createTable() throws SQLException {
        this.dataSource = new TursoDataSource("jdbc:turso::memory:");
        this.connection = this.dataSource.getConnection();
        try (Statement s = this.connection.createStatement()) {
            s.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)");
            s.execute("INSERT INTO note (id, body) VALUES (41, 'before')");
        }
    }

    @AfterEach
    void close() throws SQLException {
        this.connection.close();
        this.dataSource.close();
    }

    @Test
    void aReturningWordInsideAStringIsNotAReturningClause() throws SQLException {
        assertThat(preparedKeys("INSERT INTO note (body) VALUES ('RETURNING')")).containsExactly(42L);
        assertThat(statementKeys("INSERT INTO note (body) VALUES ('a \"returning\" b')")).containsExactly(43L);
    }

    @Test
    void aLeadingCommentDoesNotHideTheInsert() throws SQLException {
        assertThat(preparedKeys("/* audit */ INSERT INTO note (body) VALUES (?)", "x")).containsExactly(42L);
        assertThat(preparedKeys("-- audit\n  insert into note (body) values (?)", "y")).containsExactly(43L);
    }

    @Test
    void aTrailingCommentDoesNotSwallowTheAddedClause() throws SQLException {
        assertThat(preparedKeys("INSERT INTO note (body) VALUES (?) -- keep it short", "x")).containsExactly(42L);
        assertThat(statementKeys("INSERT INTO note (body) VALUES ('y') /* done */ ;")).containsExactly(43L);
    }

    @Test
    void anInsertAfterAWithClauseGetsItsKeys() throws SQLException {
        assertThat(preparedKeys("WITH b(v) AS (VALUES ('p'), ('q')) INSERT INTO note (body) SELECT v FROM b"))
            .containsExactly(42L, 43L);
    }

    @Test
    void updatesAndDeletesReportTheRowsTheyChanged() throws SQLException {
        assertThat(preparedKeys("UPDATE note SET body = ? WHERE id = 41", "after")).containsExactly(41L);
        assertThat(preparedKeys("DELETE FROM note WHERE body = 'after'")).containsExactly(41L);
    }

    @Test
    void aStatementThatReturnsRowsAlreadyKeepsItsOwnClause() throws SQLException {
        try (PreparedStatement insert = this.connection.prepareStatement(
                "INSERT INTO note (body) VALUES ('mine') RETURNING body", Statement.RETURN_GENERATED_KEYS)) {
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                assertThat(keys.next()).isFalse();
            }
        }
        assertThat(count("SELECT count(*) FROM note WHERE body = 'mine'")).isEqualTo(1);
    }

    @Test
    void aQueryOrSchemaChangeIsLeftAlone() throws SQLException {
        assertThat(statementKeys("CREATE TABLE returning_table (returning_column)")).isEmpty();
        try (PreparedStatement select = this.connection.prepareStatement("SELECT 'INSERT' AS word",
                Statement.RETURN_GENERATED_KEYS); ResultSet rs = select.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("INSERT");
        }
    }

    @Test
    void textThatDoesNotParseIsASyntaxError() {
        assertThatThrownBy(() -> this.connection.prepareStatement("INSERT INTO note VALUES (", Statement.RETURN_GENERATED_KEYS))
            .isInstanceOf(SQLSyntaxErrorException.class).hasMessageContaining("INSERT INTO note VALUES (");
    }

    @Test
    void aScriptIsToldApartByTheParserNotBySemicolons() throws SQLException {
        try (Statement s = this.connection.createStatement()) {
            assertThat(s.execute("INSERT INTO note (body) VALUES ('a;b'); INSERT INTO note (body) VALUES ('c')")).isFalse();
            assertThat(s.execute("SELECT body FROM note WHERE body = 'x;y' -- ; not a second statement")).isTrue();
        }
        assertThat(count("SELECT count(*) FROM note")).isEqualTo(3);
    }

    private List<Long> preparedKeys(String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = this.connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.executeUpdate();
            return keys(statement);
        }
    }

    private List<Long> statementKeys(String sql) throws SQLException {
        try (Statement statement = this.connection.createStatement()) {
            statement.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS);
            return keys(statement);
        }
    }

    private static List<Long> keys(Statement statement) throws SQLException {
        List<Long> keys = new ArrayList<>();
        try (ResultSet rs = statement.getGeneratedKeys()) {
            while (rs.next()) {
                keys.add(rs.getLong(1));
            }
        }
        return keys;
    }

    private long count(String sql) throws SQLException {
        try (Statement s = this.connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
