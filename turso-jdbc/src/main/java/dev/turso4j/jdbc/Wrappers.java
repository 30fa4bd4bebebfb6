package dev.turso4j.jdbc;

import java.sql.SQLException;

/**
 * {@link java.sql.Wrapper#unwrap} for driver objects that wrap nothing but themselves.
 */
final class Wrappers {

    private Wrappers() {
    }

    static <T> T unwrap(Object self, Class<T> type) throws SQLException {
        if (type.isInstance(self)) {
            return type.cast(self);
        }
        throw Errors.misuse("not a wrapper for " + type.getName());
    }
}
