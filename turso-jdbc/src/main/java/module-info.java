/**
 * The JDBC driver for the turso engine: {@code jdbc:turso:} URLs, {@link dev.turso4j.jdbc.TursoDataSource}
 * and embedded replicas ({@link dev.turso4j.jdbc.TursoReplica}).
 */
module dev.turso4j.jdbc {
    requires transitive java.sql;
    requires transitive dev.turso4j.nativelib;

    exports dev.turso4j.jdbc;

    provides java.sql.Driver with dev.turso4j.jdbc.TursoDriver;
}
