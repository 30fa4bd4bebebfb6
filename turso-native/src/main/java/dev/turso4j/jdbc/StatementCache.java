package dev.turso4j.jdbc;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Idle prepared statements of one connection, by SQL text, least recently used first out. Spring's
 * JdbcTemplate prepares and closes a statement on every call; taking it from here saves the engine's
 * prepare and two crossings into native code.
 */
final class StatementCache {

    private final int capacity;

    private final LinkedHashMap<String, NativeStatement> idle = new LinkedHashMap<>(16, 0.75f, true);

    StatementCache(int capacity) {
        this.capacity = capacity;
    }

    /** @return an idle statement for {@code sql}, now the caller's, or {@code null} */
    synchronized NativeStatement take(String sql) {
        return this.idle.remove(sql);
    }

    /** Keeps an idle statement for reuse; closes it, or the least recently used one, when full. */
    synchronized void offer(NativeStatement statement) {
        NativeStatement previous = this.idle.put(statement.sql(), statement);
        if (previous != null) {
            previous.close();
        }
        if (this.idle.size() > this.capacity) {
            Iterator<Map.Entry<String, NativeStatement>> eldest = this.idle.entrySet().iterator();
            eldest.next().getValue().close();
            eldest.remove();
        }
    }

    synchronized void clear() {
        this.idle.values().forEach(NativeStatement::close);
        this.idle.clear();
    }
}
