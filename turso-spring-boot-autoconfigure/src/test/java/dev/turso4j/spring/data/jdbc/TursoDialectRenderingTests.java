package dev.turso4j.spring.data.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.data.relational.core.dialect.RenderContextFactory;
import org.springframework.data.relational.core.sql.LockMode;
import org.springframework.data.relational.core.sql.Select;
import org.springframework.data.relational.core.sql.SqlIdentifier;
import org.springframework.data.relational.core.sql.StatementBuilder;
import org.springframework.data.relational.core.sql.Table;
import org.springframework.data.relational.core.sql.render.SqlRenderer;

/** The SQL text each clause of {@link TursoDialect} renders, as Spring Data tests its own dialects. */
class TursoDialectRenderingTests {

    private final SqlRenderer renderer = SqlRenderer.create(new RenderContextFactory(TursoDialect.INSTANCE)
        .createRenderContext());

    private final Table foo = Table.create("foo");

    @Test
    void limit() {
        Select select = StatementBuilder.select(this.foo.asterisk()).from(this.foo).limit(10).build();

        assertThat(this.renderer.render(select)).isEqualTo("SELECT foo.* FROM foo LIMIT 10");
    }

    @Test
    void anOffsetAloneNeedsANegativeLimit() {
        Select select = StatementBuilder.select(this.foo.asterisk()).from(this.foo).offset(20).build();

        assertThat(this.renderer.render(select)).isEqualTo("SELECT foo.* FROM foo LIMIT -1 OFFSET 20");
    }

    @Test
    void limitAndOffsetAfterOrderBy() {
        Select select = StatementBuilder.select(this.foo.asterisk()).from(this.foo)
            .orderBy(this.foo.column("bar")).limitOffset(10, 20).build();

        assertThat(this.renderer.render(select)).isEqualTo("SELECT foo.* FROM foo ORDER BY foo.bar LIMIT 10 OFFSET 20");
    }

    @Test
    void aLockRendersNothing() {
        Select write = StatementBuilder.select(this.foo.asterisk()).from(this.foo).limit(1)
            .lock(LockMode.PESSIMISTIC_WRITE).build();
        Select read = StatementBuilder.select(this.foo.asterisk()).from(this.foo).lock(LockMode.PESSIMISTIC_READ)
            .build();

        assertThat(this.renderer.render(write)).isEqualTo("SELECT foo.* FROM foo LIMIT 1");
        assertThat(this.renderer.render(read)).isEqualTo("SELECT foo.* FROM foo");
    }

    @Test
    void identifiersAreQuotedWithTheirCaseKept() {
        assertThat(SqlIdentifier.quoted("Order").toSql(TursoDialect.INSTANCE.getIdentifierProcessing()))
            .isEqualTo("\"Order\"");
    }

    @Test
    void theIdColumnIsNamedToTheDriverAndThereAreNoSequences() {
        assertThat(TursoDialect.INSTANCE.getIdGeneration().driverRequiresKeyColumnNames()).isTrue();
        assertThat(TursoDialect.INSTANCE.getIdGeneration().getKeyColumnName(SqlIdentifier.quoted("id")))
            .isEqualTo("id");
        assertThat(TursoDialect.INSTANCE.getIdGeneration().sequencesSupported()).isFalse();
        assertThat(TursoDialect.INSTANCE.getInsertRenderContext().getDefaultValuesInsertPart())
            .isEqualTo(" DEFAULT VALUES");
    }
}
