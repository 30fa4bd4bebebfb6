package dev.turso4j.jdbc;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * Generated keys come back through {@code RETURNING}: for INSERT, REPLACE, UPDATE and DELETE the
 * driver appends {@code RETURNING <columns>} (the rowid when no columns are named), so each changed
 * row reports its key, batches and multi-row inserts included.
 */
final class GeneratedKeys {

    /** The key columns asked for by {@code RETURN_GENERATED_KEYS}. */
    static final List<String> ROWID = List.of("rowid");

    private GeneratedKeys() {
    }

    /**
     * @return the SQL with a RETURNING clause for {@code columns}, or {@code sql} unchanged when it is
     * not a single statement that changes rows, or already returns something (as the engine's
     * parser reads it: see {@link SqlShape})
     * @throws SQLException when the statement does not parse
     */
    static String withReturning(String sql, List<String> columns) throws SQLException {
        SqlShape shape = SqlShape.of(sql);
        if (!shape.acceptsReturning()) {
            return sql;
        }
        StringBuilder returning = new StringBuilder(" RETURNING ");
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                returning.append(", ");
            }
            returning.append(quote(columns.get(i)));
        }
        return sql.substring(0, shape.endOfStatement()) + returning;
    }

    private static String quote(String column) {
        if (column.toLowerCase(Locale.ROOT).equals("rowid")) {
            return "rowid";
        }
        return '"' + column.replace("\"", "\"\"") + '"';
    }
}
