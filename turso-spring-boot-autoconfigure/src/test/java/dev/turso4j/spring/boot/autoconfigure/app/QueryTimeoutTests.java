package dev.turso4j.spring.boot.autoconfigure.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turso4j.jdbc.TursoErrorCode;
import dev.turso4j.spring.TursoTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Boot's query timeout ({@code spring.jdbc.template.query-timeout}) and a transaction's timeout stop
 * a runaway query through the pool, and the pooled connection goes on serving.
 */
@SpringBootTest(classes = TestApplication.class,
        properties = { "spring.jdbc.template.query-timeout=1s", "turso.pool.maximum-size=1" })
@ExtendWith(OutputCaptureExtension.class)
@Timeout(60)
class QueryTimeoutTests {

    private static final String RUNAWAY = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
            + "SELECT count(*) AS n FROM n";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("turso4j-timeout");
        registry.add("turso.database", () -> dir.resolve("timeout.db").toString());
    }

    @Autowired
    TursoTemplate turso;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void bootsQueryTimeoutStopsARunawayQuery(CapturedOutput output) {
        assertThatThrownBy(() -> this.turso.query(RUNAWAY)).isInstanceOf(QueryTimeoutException.class)
            .satisfies((ex) -> assertThat(TursoErrorCode.of(ex)).isEqualTo(TursoErrorCode.INTERRUPT));
        assertThat(output).contains("turso statement failed (INTERRUPT)");
        assertThat(this.turso.query("SELECT 1 AS one").rows()).as("the only pooled connection still serves")
            .hasSize(1);
    }

    @Test
    void aTransactionTimeoutRollsTheTransactionBack() {
        TransactionTemplate tx = new TransactionTemplate(this.transactionManager);
        tx.setTimeout(1);
        assertThatThrownBy(() -> tx.executeWithoutResult((status) -> {
            this.turso.execute("INSERT INTO note (body) VALUES (?)", "never committed");
            this.turso.getJdbcTemplate().queryForObject(RUNAWAY, Long.class);
        })).isInstanceOf(QueryTimeoutException.class);
        assertThat(this.turso.query("SELECT count(*) AS n FROM note WHERE body = 'never committed'").rows().get(0))
            .containsEntry("n", 0L);
        this.turso.execute("INSERT INTO note (body) VALUES (?)", "after");
    }

}
