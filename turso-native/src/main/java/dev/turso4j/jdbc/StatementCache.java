package dev.turso4j.jdbc;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Idle prepared statements of one connection, by SQL text, least recently used first out. Spring's
 * JdbcTemplate prepares and closes a statement on every call; taking it from here saves the engine's
 * prepare and two crossings into native code.
 *
 * <p>The monitor guards the map only: statements leave it under the monitor and are closed (a call
 * into native code) after it is released.
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
    void offer(NativeStatement statement) {
        NativeStatement previous;
        NativeStatement evicted = null;
        synchronized (this) {
            previous = this.idle.put(statement.sql(), statement);
            if (this.idle.size() > this.capacity) {
                Iterator<Map.Entry<String, NativeStatement>> eldest = this.idle.entrySet().iterator();
                evicted = eldest.next().getValue();
                eldest.remove();
            }
        }
        if (previous != null) {
            previous.close();
        }
        if (evicted != null) {
            evicted.close();
        }
    }

    void clear() {
        List<NativeStatement> closing;
        synchronized (this) {
            closing = new ArrayList<>(this.idle.values());
            this.idle.clear();
        }
        closing.forEach(NativeStatement::close);
    }
}
