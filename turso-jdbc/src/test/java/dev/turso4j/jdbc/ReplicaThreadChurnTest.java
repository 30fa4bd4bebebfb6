package dev.turso4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turso4j.testing.SyncServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Applications call the driver from threads that come and go (pools grow and shrink), and the thread
 * that first touches the native library is often one of them. The JVM must survive that.
 *
 * <p>Runs in a fresh JVM, because what matters is which thread made the library's first allocation:
 * a short-lived thread opens a replica and ends, then short-lived threads use it one after another.
 * With mimalloc v3 as the library's global allocator (the turso crate's default {@code mimalloc}
 * feature), the first such thread crashed the JVM with SIGSEGV inside mimalloc: mimalloc takes the
 * first allocating thread for the process's main thread, frees its thread data when it ends, and a
 * new thread on the same (reused) stack is taken for the main thread again.
 */
class ReplicaThreadChurnTest {

    @TempDir
    Path dir;

    @Test
    void shortLivedThreadsUsingAReplicaDoNotCrashTheJvm() throws Exception {
        try (SyncServer server = SyncServer.start(this.dir.resolve("server"))) {
            server.execute("CREATE TABLE churn (thread TEXT, n INTEGER)");
            Path output = this.dir.resolve("child.log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-XX:ErrorFile=" + this.dir.resolve("hs_err_%p.log"));
            String library = System.getProperty("turso4j.library.path");
            if (library != null) {
                command.add("-Dturso4j.library.path=" + library);
            }
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(Child.class.getName());
            command.add(this.dir.resolve("replica.db").toString());
            command.add(server.url());
            command.add("60");
            Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
            boolean ended = child.waitFor(90, TimeUnit.SECONDS);
            if (!ended) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String log = Files.readString(output, StandardCharsets.UTF_8);
            String crash;
            try (Stream<Path> files = Files.list(this.dir)) {
                crash = files.filter((p) -> p.getFileName().toString().startsWith("hs_err"))
                    .findFirst()
                    .map((p) -> {
                        try {
                            return String.join("\n", Files.readAllLines(p).subList(0, 12));
                        }
                        catch (Exception ex) {
                            return p.toString();
                        }
                    })
                    .orElse("");
            }
            assertThat(ended).as("child JVM ended; its output:\n" + log).isTrue();
            assertThat(child.exitValue()).as("child JVM exit code; its output:\n" + log + "\n" + crash).isZero();
            assertThat(log).contains("survived 60 threads");
            assertThat(server.queryLong("SELECT count(*) FROM churn")).isEqualTo(61);
        }
    }

    /** The child JVM: a short-lived thread opens the replica, then short-lived threads use it. */
    public static final class Child {

        public static void main(String[] args) throws Exception {
            String file = args[0];
            String url = args[1];
            int threads = Integer.parseInt(args[2]);
            AtomicReference<TursoDataSource> replica = new AtomicReference<>();
            run("opener", () -> {
                TursoDataSource dataSource = new TursoDataSource(
                        TursoConfig.forPath(file).withRemoteUrl(url).withAuthToken(() -> "token"));
                replica.set(dataSource);
                use(dataSource, "opener");
            });
            for (int i = 0; i < threads; i++) {
                String name = "churn-" + i;
                run(name, () -> {
                    use(replica.get(), name);
                    if (name.endsWith("0")) {
                        replica.get().unwrap(TursoReplica.class).sync();
                    }
                });
            }
            replica.get().unwrap(TursoReplica.class).sync();
            replica.get().close();
            System.out.println("survived " + threads + " threads");
        }

        private static void use(TursoDataSource dataSource, String name) throws SQLException {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO churn VALUES ('" + name + "', 1)");
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM churn")) {
                    rs.next();
                }
            }
        }

        @FunctionalInterface
        interface Body {

            void run() throws Exception;
        }

        private static void run(String name, Body body) throws Exception {
            AtomicReference<Exception> failure = new AtomicReference<>();
            Thread thread = new Thread(() -> {
                try {
                    body.run();
                }
                catch (Exception ex) {
                    failure.set(ex);
                }
            }, name);
            thread.start();
            thread.join(30_000);
            if (thread.isAlive()) {
                throw new IllegalStateException(name + " still runs after 30 s");
            }
            if (failure.get() != null) {
                throw failure.get();
            }
        }
    }
}
