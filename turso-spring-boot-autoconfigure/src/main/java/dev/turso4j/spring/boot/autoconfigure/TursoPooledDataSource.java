package dev.turso4j.spring.boot.autoconfigure;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.turso4j.jdbc.TursoDataSource;

/**
 * The HikariCP pool over a turso database. Closing it also closes the native database, which the
 * pool alone would leave open.
 */
public final class TursoPooledDataSource extends HikariDataSource {

    private final TursoDataSource turso;

    TursoPooledDataSource(HikariConfig config, TursoDataSource turso) {
        super(config);
        this.turso = turso;
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
