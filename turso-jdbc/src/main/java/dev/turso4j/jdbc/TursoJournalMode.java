package dev.turso4j.jdbc;

import java.util.Locale;

/**
 * How a turso database keeps transactions apart, set with {@code journal_mode} on the URL or
 * {@link TursoConfig#withJournalMode}.
 */
public enum TursoJournalMode {

    /** Write-ahead log: many readers, one writer at a time; read-write transactions begin {@code IMMEDIATE}. */
    WAL,

    /**
     * Multi-version concurrency control: read-write transactions begin {@code CONCURRENT}, run side by
     * side, and conflict (SQLState 40001) only when they write the same rows. Not for tables
     * {@code WITHOUT ROWID}, virtual tables, {@code REINDEX} or embedded replicas.
     */
    MVCC;

    /** @return the value of {@code PRAGMA journal_mode} for this mode */
    String pragmaValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static TursoJournalMode parse(String value) {
        for (TursoJournalMode mode : values()) {
            if (mode.pragmaValue().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new IllegalArgumentException("expected wal or mvcc, not '" + value + "'");
    }
}
