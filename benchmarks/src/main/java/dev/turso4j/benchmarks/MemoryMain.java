package dev.turso4j.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.turso4j.benchmarks.Databases.Engine;
import dev.turso4j.bridge.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The memory check, as a child process: {@code N} point selects through HikariCP + JdbcTemplate
 * (each one a prepare, bind, step, read and close in the driver), with the resident set size read
 * from /proc/self/status before and after. Run with a fixed, pre-touched heap so heap growth does
 * not show as RSS growth. Prints tab-separated lines for the suite.
 *
 * <p>Arguments: {@code turso|sqlite <executions> <warm-up executions>}.
 */
public final class MemoryMain {

    private MemoryMain() {
    }

    public static void main(String[] args) throws Exception {
        Engine engine = Engine.valueOf(args[0].toUpperCase(java.util.Locale.ROOT));
        long executions = Long.parseLong(args[1]);
        long warmup = Long.parseLong(args[2]);
        Path dir = Databases.freshDir("memory-" + args[0]);
        DataSource unpooled = Databases.open(engine, dir.resolve("memory.db"), Databases.BUSY_TIMEOUT, false);
        try (HikariDataSource pool = Databases.pool(unpooled, "memory")) {
            try (var c = pool.getConnection()) {
                Databases.loadRows5(c, "point_rows", Data.rows5(Data.SEED_POINT, Data.POINT_ROWS));
            }
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            long[] keys = Data.pointKeys(1 << 16);
            run(jdbc, keys, warmup);
            System.gc();
            long before = rssKb();
            long liveBefore = live(engine);
            long step = Math.max(1, executions / 10);
            StringBuilder trend = new StringBuilder();
            long done = 0;
            while (done < executions) {
                long n = Math.min(step, executions - done);
                run(jdbc, keys, n);
                done += n;
                trend.append(trend.isEmpty() ? "" : ",").append(rssKb());
            }
            System.gc();
            long after = rssKb();
            System.out.println("memory\t" + args[0] + "\trss_before_kb\t" + before);
            System.out.println("memory\t" + args[0] + "\trss_after_kb\t" + after);
            System.out.println("memory\t" + args[0] + "\trss_trend_kb\t" + trend);
            System.out.println("memory\t" + args[0] + "\tnative_objects_before\t" + liveBefore);
            System.out.println("memory\t" + args[0] + "\tnative_objects_after\t" + live(engine));
            System.out.println("memory\t" + args[0] + "\texecutions\t" + executions);
        }
        finally {
            Databases.close(unpooled);
            Databases.deleteTree(dir);
        }
    }

    private static void run(JdbcTemplate jdbc, long[] keys, long n) {
        for (long k = 0; k < n; k++) {
            if (jdbc.queryForObject(Data.SQL_POINT, Fixture.ROW5, keys[(int) (k & 0xffff)]) == null) {
                throw new IllegalStateException("no row");
            }
        }
    }

    private static long live(Engine engine) {
        return (engine == Engine.TURSO) ? Native.liveObjects() : -1;
    }

    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }
}
