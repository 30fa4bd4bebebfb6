package dev.turso4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk is a clear error that loses nothing already committed. The disk is a 1 MB tmpfs
 * mounted for the test (the build machines run as root).
 */
class FullDiskTest {

    @TempDir
    Path dir;

    private Path disk;

    @BeforeEach
    void mountTinyDisk() throws Exception {
        this.disk = Files.createDirectories(this.dir.resolve("disk"));
        run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", this.disk.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        run("umount", this.disk.toString());
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }

    @Test
    void writesFailClearlyAndCommittedRowsSurvive() throws SQLException {
        SQLException failure = null;
        long committed = 0;
        try (TursoDataSource ds = new TursoDataSource("jdbc:turso:" + this.disk.resolve("full.db"));
                Connection c = ds.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB)");
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO t (payload) VALUES (?)")) {
                for (int i = 0; i < 1000 && failure == null; i++) {
                    insert.setBytes(1, new byte[16 * 1024]);
                    try {
                        insert.executeUpdate();
                        committed++;
                    }
                    catch (SQLException ex) {
                        failure = ex;
                    }
                }
            }
            assertThat((Throwable) failure).as("a 1 MB disk fills up").isNotNull();
            assertThat(TursoErrorCode.of(failure)).isIn(TursoErrorCode.FULL, TursoErrorCode.IO);
            assertThat(failure.getMessage()).doesNotContain("\u0000\u0000");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(committed);
            }
        }
        catch (SQLException ex) {
            // a connection broken by the I/O error may refuse even reads: reopen and count
            assertThat(TursoErrorCode.of(ex)).isIn(TursoErrorCode.FULL, TursoErrorCode.IO);
        }
        try (TursoDataSource ds = new TursoDataSource("jdbc:turso:" + this.disk.resolve("full.db"));
                Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            assertThat(rs.getLong(1)).as("every committed row is still there").isEqualTo(committed);
        }
    }
}
