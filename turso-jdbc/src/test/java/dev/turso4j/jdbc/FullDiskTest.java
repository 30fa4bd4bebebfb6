package dev.turso4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
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
 * mounted for the test; where none can be mounted (not root, no {@code mount}, a container without
 * the capability) the test is skipped, saying why.
 */
class FullDiskTest {

    @TempDir
    Path dir;

    private Path disk;

    private boolean mounted;

    @BeforeEach
    void mountTinyDisk() throws Exception {
        this.disk = Files.createDirectories(this.dir.resolve("disk"));
        Result mount = run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", this.disk.toString());
        assumeTrue(mount.exitValue() == 0, () -> "cannot mount a 1 MB tmpfs to fill up (" + mount + ")");
        this.mounted = true;
    }

    @AfterEach
    void unmount() throws Exception {
        if (this.mounted) {
            Result umount = run("umount", this.disk.toString());
            assertThat(umount.exitValue()).as(umount.toString()).isZero();
        }
    }

    private record Result(String command, int exitValue, String output) {

        @Override
        public String toString() {
            return this.command + " exited with " + this.exitValue + ": " + this.output.strip();
        }
    }

    private static Result run(String... command) throws Exception {
        String line = String.join(" ", command);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        }
        catch (IOException ex) {
            return new Result(line, -1, String.valueOf(ex.getMessage()));
        }
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(line + " finishes").isTrue();
        return new Result(line, process.exitValue(), output);
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
            // a connection broken by the I/O error may refuse even reads (or closing): reopen and
            // count. Only once the disk has filled up, though: an error before that is a failure.
            assertThat((Throwable) failure).as("the disk filled up before: " + ex).isNotNull();
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
