package dev.turso4j.jdbc;

import dev.turso4j.bridge.Native;
import dev.turso4j.bridge.NativeException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * What an SQL text holds, as the engine's parser reads it: how many statements, and whether the
 * first one changes rows and already returns them. Strings, comments and {@code WITH} prefixes are
 * read as the engine reads them, so a {@code 'RETURNING'} literal or a leading comment fools nothing.
 */
record SqlShape(int statements, boolean changesRows, boolean returnsRows, int endOfStatement) {

    /**
     * @param sql the text
     * @return its shape
     * @throws SQLException when its first statement does not parse
     */
    static SqlShape of(String sql) throws SQLException {
        if (sql == null) {
            throw Errors.misuse("SQL is null");
        }
        long packed;
        try {
            packed = Native.describe(sql.getBytes(StandardCharsets.UTF_8));
        }
        catch (NativeException ex) {
            throw Errors.from(ex, sql);
        }
        return new SqlShape((int) ((packed >>> 40) & 0xFFFF), (packed & (1L << 32)) != 0, (packed & (1L << 33)) != 0,
                (int) (packed & 0xFFFF_FFFFL));
    }

    /** Whether the text holds several statements, to be run one after the other. */
    boolean isScript() {
        return this.statements > 1;
    }

    /** Whether a {@code RETURNING} clause can be added: one statement that changes rows, returning none. */
    boolean acceptsReturning() {
        return this.statements == 1 && this.changesRows && !this.returnsRows;
    }
}
