package dev.turso4j.jdbc;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Generated keys come back through {@code RETURNING}: for INSERT, REPLACE, UPDATE and DELETE the
 * driver appends {@code RETURNING <columns>} (the rowid when no columns are named), so each changed
 * row reports its key, batches and multi-row inserts included.
 */
final class GeneratedKeys {

    /** The key columns asked for by {@code RETURN_GENERATED_KEYS}. */
    static final List<String> ROWID = List.of("rowid");

    private static final Pattern DML = Pattern.compile("^\\s*(INSERT|REPLACE|UPDATE|DELETE)\\b",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern RETURNING = Pattern.compile("\\bRETURNING\\b", Pattern.CASE_INSENSITIVE);

    private static final Pattern TRAILING = Pattern.compile("[\\s;]+$");

    private GeneratedKeys() {
    }

    /**
     * @return the SQL with a RETURNING clause for {@code columns}, or {@code sql} unchanged when it is
     * not a DML statement or already returns something
     */
    static String withReturning(String sql, List<String> columns) {
        if (!DML.matcher(sql).find() || RETURNING.matcher(sql).find()) {
            return sql;
        }
        StringBuilder returning = new StringBuilder(" RETURNING ");
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                returning.append(", ");
            }
            returning.append(quote(columns.get(i)));
        }
        return TRAILING.matcher(sql).replaceFirst("") + returning;
    }

    private static String quote(String column) {
        if (column.toLowerCase(Locale.ROOT).equals("rowid")) {
            return "rowid";
        }
        return '"' + column.replace("\"", "\"\"") + '"';
    }
}
