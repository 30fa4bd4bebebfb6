package dev.turso4j.spring.boot.autoconfigure;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.turso4j.jdbc.TursoDataSource;

/**
 * The HikariCP pool over a turso database. Closing it also closes the native database, which the
 * pool alone would leave open. The auto-configuration creates one from {@code turso.*}; create more
 * yourself for several databases (each gets its own health entry and meters).
 */
public final class TursoPooledDataSource extends HikariDataSource {

    private final TursoDataSource turso;

    /**
     * Starts a pool over {@code turso}.
     * @param turso the database to take connections from
     * @param config pool settings; its data source is set to {@code turso}
     */
    public TursoPooledDataSource(TursoDataSource turso, HikariConfig config) {
        super(withDataSource(config, turso));
        this.turso = turso;
    }

    private static HikariConfig withDataSource(HikariConfig config, TursoDataSource turso) {
        config.setDataSource(turso);
        return config;
    }

    /**
     * @return the turso data source the pool takes its connections from
     */
    public TursoDataSource getTursoDataSource() {
        return this.turso;
    }

    @Override
    public void close() {
        try {
            super.close();
        }
        finally {
            this.turso.close();
        }
    }
}
