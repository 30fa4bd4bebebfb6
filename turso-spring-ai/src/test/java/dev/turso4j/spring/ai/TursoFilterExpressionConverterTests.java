package dev.turso4j.spring.ai;

import java.util.List;

import dev.turso4j.spring.ai.TursoFilterExpressionConverter.Condition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import org.springframework.ai.vectorstore.filter.FilterExpressionTextParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The SQL each filter operator becomes, and the keys and values that must not reach the SQL text.
 * {@link TursoVectorStoreFilterTests} runs the same operators against documents in a real database.
 */
class TursoFilterExpressionConverterTests {

    private final TursoFilterExpressionConverter converter = new TursoFilterExpressionConverter("metadata");

    private final FilterExpressionBuilder b = new FilterExpressionBuilder();

    private Condition convert(FilterExpressionBuilder.Op op) {
        return this.converter.convert(op.build());
    }

    @Test
    void comparisonsBindThePathAndTheValue() {
        assertThat(convert(this.b.eq("genre", "drama"))).isEqualTo(new Condition("json_extract(metadata, '$.\"genre\"') = ?", List.of("drama")));
        assertThat(convert(this.b.ne("genre", "drama")).sql()).isEqualTo("json_extract(metadata, '$.\"genre\"') IS NOT ?");
        assertThat(convert(this.b.gt("year", 2020))).isEqualTo(new Condition("json_extract(metadata, '$.\"year\"') > ?", List.of(2020L)));
        assertThat(convert(this.b.gte("year", 2020)).sql()).isEqualTo("json_extract(metadata, '$.\"year\"') >= ?");
        assertThat(convert(this.b.lt("rating", 4.5)).parameters()).containsExactly(4.5);
        assertThat(convert(this.b.lte("year", 2020)).sql()).isEqualTo("json_extract(metadata, '$.\"year\"') <= ?");
    }

    @Test
    void membershipAndNullTests() {
        assertThat(convert(this.b.in("genre", "drama", "comedy")))
            .isEqualTo(new Condition("json_extract(metadata, '$.\"genre\"') IN (?, ?)", List.of("drama", "comedy")));
        assertThat(convert(this.b.nin("year", 2019, 2020)))
            .isEqualTo(new Condition("NOT coalesce(json_extract(metadata, '$.\"year\"') IN (?, ?), 0)", List.of(2019L, 2020L)));
        assertThat(convert(this.b.isNull("author"))).isEqualTo(new Condition("json_extract(metadata, '$.\"author\"') IS NULL", List.of()));
        assertThat(convert(this.b.isNotNull("author")).sql()).isEqualTo("json_extract(metadata, '$.\"author\"') IS NOT NULL");
    }

    @Test
    void logicalOperatorsAndNestedGroups() {
        Condition condition = convert(this.b.and(this.b.group(this.b.or(this.b.eq("genre", "drama"), this.b.gte("year", 2020))),
                this.b.not(this.b.group(this.b.eq("draft", true)))));
        assertThat(condition.sql()).isEqualTo("((json_extract(metadata, '$.\"genre\"') = ? OR json_extract(metadata, '$.\"year\"') >= ?) AND "
                + "NOT coalesce(json_extract(metadata, '$.\"draft\"') = ?, 0))");
        assertThat(condition.parameters()).containsExactly("drama", 2020L, 1L);
    }

    @Test
    void textExpressionsTranslateTheSameWay() {
        Filter.Expression parsed = new FilterExpressionTextParser()
            .parse("genre == 'drama' && year >= 2020 && author.country in ['NL', 'BE']");
        Condition condition = this.converter.convert(parsed);
        assertThat(condition.sql()).contains("json_extract(metadata, '$.\"author\".\"country\"') IN (?, ?)");
        assertThat(condition.parameters()).containsExactly("drama", 2020L, "NL", "BE");
    }

    @Test
    void nestedKeysAndQuotedKeysBecomeJsonPaths() {
        assertThat(TursoFilterExpressionConverter.jsonPath("author.country")).isEqualTo("$.\"author\".\"country\"");
        assertThat(TursoFilterExpressionConverter.jsonPath("'release-year'")).isEqualTo("$.\"release-year\"");
        assertThat(TursoFilterExpressionConverter.jsonPath("\"genre\"")).isEqualTo("$.\"genre\"");
    }

    @ParameterizedTest
    @ValueSource(strings = { "genre') OR 1=1 --", "a\"b", "x; DROP TABLE vector_store", "$.genre", "a..b", "", "a b",
            "genre[0]", "'unbalanced" })
    void keysThatAreNotMetadataNamesAreRefused(String key) {
        assertThatIllegalArgumentException().isThrownBy(() -> convert(this.b.eq(key, "x")))
            .withMessageContaining("is not a metadata name");
    }

    @Test
    void valuesNeverReachTheSqlText() {
        String attack = "x' OR '1'='1'); DROP TABLE vector_store; --";
        Condition condition = convert(this.b.or(this.b.eq("genre", attack), this.b.in("tag", attack, "y")));
        assertThat(condition.sql()).doesNotContain("DROP").doesNotContain("OR '1'");
        assertThat(condition.parameters()).contains(attack);
    }

    @Test
    void unsupportedValuesAreRefusedWithTheirType() {
        assertThatIllegalArgumentException().isThrownBy(() -> convert(this.b.eq("when", new java.util.Date())))
            .withMessageContaining("java.util.Date").withMessageContaining("String, a number or a Boolean");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> this.converter.convert(new Filter.Expression(Filter.ExpressionType.EQ, new Filter.Key("a"), new Filter.Value(null))))
            .withMessageContaining("ISNULL");
        assertThatIllegalArgumentException().isThrownBy(() -> convert(this.b.in("genre", List.of())))
            .withMessageContaining("at least one value");
    }

    @Test
    void theMetadataColumnMustBeAnIdentifier() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TursoFilterExpressionConverter("metadata; --"));
    }
}
