package dev.turso4j.spring.sync;

import dev.turso4j.jdbc.TursoReplica;
import java.sql.SQLException;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * The opt-in start-up check of replicated tables keyed by rowid (see
 * {@link TursoReplica#rowidKeyedTables()}): replicas that insert into them hand out the same keys,
 * and the last push overwrites the other rows without a word. It runs once every singleton is ready,
 * so tables created by Flyway or {@code schema.sql} are seen.
 */
public class TursoRowidKeyCheck implements SmartInitializingSingleton {

    private static final Log logger = LogFactory.getLog(TursoRowidKeyCheck.class);

    private final TursoReplica replica;

    private final boolean failOnFinding;

    /**
     * @param replica the replica whose tables to check
     * @param failOnFinding whether finding such tables stops the start-up (else it logs a warning)
     */
    public TursoRowidKeyCheck(TursoReplica replica, boolean failOnFinding) {
        this.replica = replica;
        this.failOnFinding = failOnFinding;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> tables;
        try {
            tables = this.replica.rowidKeyedTables();
        }
        catch (SQLException ex) {
            throw new IllegalStateException("cannot read the replica's schema to check its keys", ex);
        }
        if (tables.isEmpty()) {
            return;
        }
        if (this.failOnFinding) {
            throw new TursoRowidKeysException(tables);
        }
        logger.warn("turso replica tables keyed by rowid: " + tables + ". Replicas that insert into them hand out "
                + "the same keys, and the last push overwrites the other rows; use keys unique across instances "
                + "(UUIDs, or ids with an instance prefix).");
    }
}
