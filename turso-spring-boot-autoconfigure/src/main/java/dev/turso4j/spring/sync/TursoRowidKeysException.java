package dev.turso4j.spring.sync;

import java.util.List;

/**
 * Thrown at start-up, with {@code turso.sync.rowid-keys=fail}, when replicated tables are keyed by
 * rowid.
 */
public class TursoRowidKeysException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final List<String> tables;

    /** @param tables the tables keyed by rowid */
    public TursoRowidKeysException(List<String> tables) {
        super("replicated tables keyed by rowid: " + tables);
        this.tables = List.copyOf(tables);
    }

    /** @return the tables keyed by rowid */
    public List<String> getTables() {
        return this.tables;
    }
}
