package dev.turso4j.spring.ai;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.util.Assert;

/**
 * Translates a Spring AI {@link Filter.Expression} into an SQL condition over a JSON metadata column.
 * Every value is bound as a parameter. Keys are checked to be metadata names and written into the SQL
 * as JSON path literals ({@code json_extract(metadata, '$."genre"')}), which nothing in a checked key
 * can break out of: written out, a condition can use an index on that expression (see
 * {@link TursoVectorStore.Builder#indexedMetadataFields}).
 * <p>
 * Semantics, for a document whose metadata lacks the key (or holds JSON {@code null}): it never matches
 * {@code EQ}, {@code GT}, {@code GTE}, {@code LT}, {@code LTE} or {@code IN}; it matches {@code NE},
 * {@code NIN} and {@code ISNULL}. {@code NOT} is the exact complement of its operand. A boolean matches
 * a JSON {@code true}/{@code false}. Keys are metadata names, dotted for nested objects
 * ({@code author.country}), made of letters, digits, {@code _} and {@code -}, optionally in quotes;
 * any other key is refused.
 */
public final class TursoFilterExpressionConverter {

    private static final Pattern KEY = Pattern.compile("[\\p{L}\\p{N}_-]+(\\.[\\p{L}\\p{N}_-]+)*");

    private final String metadataColumn;

    /**
     * @param metadataColumn the column holding each document's metadata as a JSON object: a plain
     * identifier (letters, digits, underscores), as it is written into the SQL
     */
    public TursoFilterExpressionConverter(String metadataColumn) {
        Assert.isTrue(metadataColumn != null && metadataColumn.matches("[A-Za-z_][A-Za-z0-9_]*"),
                "metadataColumn must be a plain identifier");
        this.metadataColumn = metadataColumn;
    }

    /**
     * An SQL condition and the values of its {@code ?} parameters, in order.
     * @param sql the condition, to put after {@code WHERE}
     * @param parameters the values to bind
     */
    public record Condition(String sql, List<Object> parameters) {
    }

    /**
     * @param expression the filter to translate
     * @return the SQL condition selecting the documents the filter matches
     * @throws IllegalArgumentException for a key or value the store cannot filter on, naming it
     */
    public Condition convert(Filter.Expression expression) {
        Assert.notNull(expression, "expression must not be null");
        StringBuilder sql = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        expression(expression, sql, parameters);
        return new Condition(sql.toString(), List.copyOf(parameters));
    }

    private void operand(Filter.Operand operand, StringBuilder sql, List<Object> parameters) {
        if (operand instanceof Filter.Expression expression) {
            expression(expression, sql, parameters);
        }
        else if (operand instanceof Filter.Group group) {
            // AND and OR are parenthesized where they are rendered, so a group adds nothing.
            expression(group.content(), sql, parameters);
        }
        else {
            throw new IllegalArgumentException("Expected a filter expression or group, not " + operand);
        }
    }

    private void expression(Filter.Expression expression, StringBuilder sql, List<Object> parameters) {
        switch (expression.type()) {
            case AND, OR -> {
                sql.append('(');
                operand(expression.left(), sql, parameters);
                sql.append(expression.type() == Filter.ExpressionType.AND ? " AND " : " OR ");
                operand(expression.right(), sql, parameters);
                sql.append(')');
            }
            // A comparison with a missing key is NULL: coalesce makes NOT the complement of its operand.
            case NOT -> {
                sql.append("NOT coalesce(");
                operand(expression.left(), sql, parameters);
                sql.append(", 0)");
            }
            case EQ -> comparison(expression, " = ", sql, parameters);
            case NE -> comparison(expression, " IS NOT ", sql, parameters);
            case GT -> comparison(expression, " > ", sql, parameters);
            case GTE -> comparison(expression, " >= ", sql, parameters);
            case LT -> comparison(expression, " < ", sql, parameters);
            case LTE -> comparison(expression, " <= ", sql, parameters);
            case IN -> in(expression, sql, parameters);
            case NIN -> {
                sql.append("NOT coalesce(");
                in(expression, sql, parameters);
                sql.append(", 0)");
            }
            case ISNULL -> {
                key(expression, sql);
                sql.append(" IS NULL");
            }
            case ISNOTNULL -> {
                key(expression, sql);
                sql.append(" IS NOT NULL");
            }
        }
    }

    private void comparison(Filter.Expression expression, String operator, StringBuilder sql,
            List<Object> parameters) {
        key(expression, sql);
        sql.append(operator).append('?');
        parameters.add(scalar(value(expression)));
    }

    private void in(Filter.Expression expression, StringBuilder sql, List<Object> parameters) {
        Object value = value(expression);
        Collection<?> values = value instanceof Collection<?> collection ? collection : List.of(value);
        Assert.isTrue(!values.isEmpty(), () -> expression.type() + " needs at least one value: " + expression);
        key(expression, sql);
        StringJoiner placeholders = new StringJoiner(", ", " IN (", ")");
        for (Object each : values) {
            placeholders.add("?");
            parameters.add(scalar(each));
        }
        sql.append(placeholders);
    }

    private void key(Filter.Expression expression, StringBuilder sql) {
        if (!(expression.left() instanceof Filter.Key key)) {
            throw new IllegalArgumentException(expression.type() + " needs a metadata key on its left: " + expression);
        }
        sql.append(extract(this.metadataColumn, key.key()));
    }

    /**
     * @param metadataColumn the JSON column (a plain identifier)
     * @param key a metadata name, dotted for nested objects
     * @return {@code json_extract(column, '$."a"."b"')}, the expression a filter on {@code key} compares
     * @throws IllegalArgumentException when the key is not a metadata name
     */
    static String extract(String metadataColumn, String key) {
        return "json_extract(" + metadataColumn + ", '" + jsonPath(key) + "')";
    }

    /**
     * @param key a filter key, optionally in quotes
     * @return whether it names a metadata field: letters, digits, {@code _} and {@code -}, with {@code .}
     * between nested names
     */
    public static boolean isMetadataName(String key) {
        return key != null && KEY.matcher(unquoted(key)).matches();
    }

    /** {@code $."a"."b"} for the key {@code a.b}; the key's characters are checked, so quoting is safe. */
    static String jsonPath(String key) {
        if (!isMetadataName(key)) {
            throw new IllegalArgumentException("Filter key " + key + " is not a metadata name: use letters, digits, "
                    + "'_' and '-', with '.' between nested names");
        }
        StringBuilder path = new StringBuilder("$");
        for (String part : unquoted(key).split("\\.")) {
            path.append(".\"").append(part).append('"');
        }
        return path.toString();
    }

    private static String unquoted(String key) {
        if (key.length() >= 2 && (key.charAt(0) == '\'' || key.charAt(0) == '"')
                && key.charAt(key.length() - 1) == key.charAt(0)) {
            return key.substring(1, key.length() - 1);
        }
        return key;
    }

    private static Object value(Filter.Expression expression) {
        if (!(expression.right() instanceof Filter.Value value)) {
            throw new IllegalArgumentException(expression.type() + " needs a value on its right: " + expression);
        }
        return value.value();
    }

    /** What a JSON value holds once extracted: text, an integer, a real, or 1/0 for a boolean. */
    private static Object scalar(Object value) {
        if (value instanceof String || value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float number) {
            return number.doubleValue();
        }
        if (value instanceof Boolean bool) {
            return bool ? 1L : 0L;
        }
        if (value == null) {
            throw new IllegalArgumentException("A filter value is null: use ISNULL or ISNOTNULL to test for a missing value");
        }
        throw new IllegalArgumentException("A filter value is a " + value.getClass().getName()
                + ": use a String, a number or a Boolean");
    }
}
