package dev.turso4j.spring.boot.autoconfigure.sync;

import dev.turso4j.jdbc.TursoReplica;
import dev.turso4j.spring.boot.autoconfigure.TursoDataSourceAutoConfiguration;
import dev.turso4j.spring.boot.autoconfigure.TursoPooledDataSource;
import dev.turso4j.spring.boot.autoconfigure.TursoProperties;
import dev.turso4j.spring.sync.TursoRowidKeyCheck;
import dev.turso4j.spring.sync.TursoSyncScheduler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * For an embedded replica ({@code turso.remote-url} set): the scheduler that syncs every
 * {@code turso.sync.interval}, checkpoints the WAL, and pushes at shutdown; and, with
 * {@code turso.sync.rowid-keys} set to {@code warn} or {@code fail}, the start-up check of tables
 * keyed by rowid.
 */
@AutoConfiguration(after = TursoDataSourceAutoConfiguration.class)
@ConditionalOnBean(TursoPooledDataSource.class)
@ConditionalOnProperty("turso.remote-url")
public final class TursoSyncAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TursoSyncScheduler tursoSyncScheduler(TursoPooledDataSource dataSource, TursoProperties properties) {
        TursoProperties.Sync sync = properties.getSync();
        return new TursoSyncScheduler(replica(dataSource), sync.getInterval(), sync.getMaxBackoff(),
                sync.getCheckpointThreshold().toBytes(), sync.getShutdownTimeout());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnExpression("'${turso.sync.rowid-keys:ignore}'.toLowerCase() != 'ignore'")
    TursoRowidKeyCheck tursoRowidKeyCheck(TursoPooledDataSource dataSource, TursoProperties properties) {
        return new TursoRowidKeyCheck(replica(dataSource), properties.getSync().getRowidKeys() == TursoProperties.RowidKeys.FAIL);
    }

    private static TursoReplica replica(TursoPooledDataSource dataSource) {
        return dataSource.getTursoDataSource().getReplica();
    }
}
