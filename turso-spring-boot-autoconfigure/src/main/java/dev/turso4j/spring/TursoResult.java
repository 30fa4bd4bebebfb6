package dev.turso4j.spring;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The result of {@link TursoTemplate#query} or {@link TursoTemplate#execute}: the column names, the
 * rows as maps from column name to value in column order, and for statements that change data the
 * number of rows changed and the rowid of the last row inserted.
 *
 * <p>Values are Long (INTEGER), Double (REAL), String (TEXT), byte[] (BLOB) or null; vector columns
 * of {@link TursoTemplate#nearest} are {@code float[]}. {@link #toString()} shows counts, never values.
 */
public final class TursoResult {

    private final List<String> columns;

    private final List<Map<String, Object>> rows;

    private final long rowsAffected;

    private final Long lastInsertRowid;

    TursoResult(List<String> columns, List<Map<String, Object>> rows, long rowsAffected, Long lastInsertRowid) {
        this.columns = Collections.unmodifiableList(columns);
        this.rows = Collections.unmodifiableList(rows);
        this.rowsAffected = rowsAffected;
        this.lastInsertRowid = lastInsertRowid;
    }

    /** @return the column names, in order; empty for statements that return no rows */
    public List<String> columns() {
        return this.columns;
    }

    /** @return the rows, each a map from column name to value in column order */
    public List<Map<String, Object>> rows() {
        return this.rows;
    }

    /** @return the number of rows changed by {@link TursoTemplate#execute}; 0 for queries */
    public long rowsAffected() {
        return this.rowsAffected;
    }

    /**
     * @return the rowid of the last row inserted on the connection that ran {@link TursoTemplate#execute},
     * or {@code null} for queries
     */
    public Long lastInsertRowid() {
        return this.lastInsertRowid;
    }

    @Override
    public String toString() {
        return "TursoResult[columns=" + this.columns + ", rows=" + this.rows.size() + ", rowsAffected="
                + this.rowsAffected + ", lastInsertRowid=" + this.lastInsertRowid + "]";
    }
}
