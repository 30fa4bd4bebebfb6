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
 * <p>Once {@link #close() closed} (with its connection) it keeps nothing: a statement offered later
 * is closed at once, so a statement whose user finishes after the connection closed cannot leak.
 * Native statements are closed outside the monitor: closing one is a native call.
 */
final class StatementCache {

    private final int capacity;

    private final LinkedHashMap<String, NativeStatement> idle = new LinkedHashMap<>(16, 0.75f, true);

    private boolean closed;

    StatementCache(int capacity) {
        this.capacity = capacity;
    }

    /** @return an idle statement for {@code sql}, now the caller's, or {@code null} */
    synchronized NativeStatement take(String sql) {
        return this.idle.remove(sql);
    }

    /** Keeps an idle statement for reuse; closes it, or the one it displaces, when it cannot be kept. */
    void offer(NativeStatement statement) {
        NativeStatement unwanted;
        synchronized (this) {
            unwanted = this.closed ? statement : keep(statement);
        }
        if (unwanted != null) {
            unwanted.close();
        }
    }

    /** @return the statement displaced by {@code statement}: one of the same SQL, or the eldest when full */
    private NativeStatement keep(NativeStatement statement) {
        NativeStatement previous = this.idle.put(statement.sql(), statement);
        if (previous != null) {
            return previous;
        }
        if (this.idle.size() > this.capacity) {
            Iterator<Map.Entry<String, NativeStatement>> eldest = this.idle.entrySet().iterator();
            NativeStatement evicted = eldest.next().getValue();
            eldest.remove();
            return evicted;
        }
        return null;
    }

    /** Closes every idle statement, and every statement offered from now on. */
    void close() {
        List<NativeStatement> statements;
        synchronized (this) {
            this.closed = true;
            statements = new ArrayList<>(this.idle.values());
            this.idle.clear();
        }
        statements.forEach(NativeStatement::close);
    }
}
