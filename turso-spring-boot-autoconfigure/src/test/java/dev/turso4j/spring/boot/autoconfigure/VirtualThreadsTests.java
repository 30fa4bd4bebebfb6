package dev.turso4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turso4j.spring.TursoTemplate;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Thousands of virtual threads ({@code spring.threads.virtual.enabled=true}, Boot's
 * {@code applicationTaskExecutor}) read and write one database file through the starter's pool of
 * four: none deadlocks, none loses a row, and none parks while pinned to its carrier.
 *
 * <p>Pinning, as checked here: a virtual thread that blocks (sleeps, parks, waits for a lock) while a
 * monitor (before Java 24) or a native frame holds it to its carrier blocks that carrier too, and the
 * scheduler has only as many carriers as cores. The JDK records each such block as a
 * {@code jdk.VirtualThreadPinned} event; the test records them all (threshold 0) while the threads run
 * and allows none: not ours (a Java wait under a monitor, or a Java upcall from native code that
 * waits), not the pool's, not Spring's. The test's own park in a class initializer proves the recording
 * sees one. A JNI call pins while it runs on every JDK.
 *
 * <p>A wait inside native code would be no Java park and no event, but it would keep its carrier:
 * with fewer carriers than pooled connections, writers waiting for a lock could hold them all while
 * the virtual thread that holds the lock waits for one, until their busy timeout ends in BUSY. So on
 * a virtual thread the driver waits for locks in Java ({@code LockWait}: the library reports the lock
 * at once, {@code Thread.sleep} frees the carrier). The Java 25 run gives the scheduler two carriers
 * for a pool of four ({@code -Djdk.virtualThreadScheduler.parallelism}, the pom's
 * {@code turso.test.java25.carriers}), and the lock-holder test proves the holder still gets one.
 *
 * <p>Runs in the Java 25 test run only (the {@code java25} Surefire execution): Java 17 has no virtual
 * threads, and the test fails there rather than pass on platform threads.
 */
class VirtualThreadsTests {

    private static final int THREADS = 3000;

    /** Every tenth thread also increments a counter in a read-write transaction. */
    private static final int TRANSACTION_EVERY = 10;

    /** The warm-up's worker number: its own rows apart, and a transaction too. */
    private static final int WARM_UP_WORKER = -TRANSACTION_EVERY;

    private static final Duration DEADLINE = Duration.ofMinutes(3);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TursoDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
                JdbcTemplateAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
                TursoTemplateAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
        .withPropertyValues("spring.threads.virtual.enabled=true");

    @TempDir
    Path dir;

    @Test
    void threeThousandVirtualThreadsReadAndWriteThroughThePoolWithoutDeadlockOrPinnedWaits() {
        // A minute of busy timeout: under a write load that never lets up, a waiter polling for the lock
        // can lose it for seconds (busy waits are not fair); this test is about threads, not fairness.
        this.runner.withPropertyValues("turso.database=" + this.dir.resolve("virtual.db"), "turso.busy-timeout=1m")
            .run((context) -> {
            Workload workload = new Workload(context);
            workload.createTables();
            workload.warmUp();
            long[] busyBefore = workload.busyCounters();
            Path events = this.dir.resolve("pinned.jfr");
            try (Recording recording = new Recording()) {
                recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
                recording.start();
                workload.executor.submit(PinnedOnPurpose::touch).get(1, TimeUnit.MINUTES);
                workload.runAll(THREADS, workload::readAndWrite);
                recording.stop();
                recording.dump(events);
            }
            assertThat(workload.jdbc.queryForObject("SELECT count(*) FROM item", Long.class))
                .isEqualTo(2L * THREADS + 2);
            assertThat(workload.jdbc.queryForObject("SELECT value FROM counter WHERE id = 1", Long.class))
                .isEqualTo((long) THREADS / TRANSACTION_EVERY + 1);
            long[] busy = workload.busyCounters();
            assertThat(busy[0]).as("statements that waited for another connection's lock (busy back-off)")
                .isGreaterThan(busyBefore[0]);
            assertThat(busy[1]).as("waits that ended in BUSY").isEqualTo(busyBefore[1]);
            List<RecordedEvent> pinned = RecordingFile.readAllEvents(events);
            assertThat(pinned).as("the recording sees a pinned park (the test's own, in a class initializer)")
                .anyMatch(VirtualThreadsTests::isOnPurpose);
            List<RecordedEvent> others = pinned.stream().filter((event) -> !isOnPurpose(event)).toList();
            assertThat(others).as("virtual threads parked while pinned:%n%s", describe(others)).isEmpty();
        });
    }

    @Test
    void writersWaitingForALockDoNotStarveItsVirtualHolderOfACarrier() {
        // The holder keeps a write transaction open across a Java park, which unmounts it; meanwhile
        // writers on the pool's other connections wait for its lock in native code, each keeping its
        // carrier. The holder must still get a carrier back to commit.
        this.runner.withPropertyValues("turso.database=" + this.dir.resolve("holder.db")).run((context) -> {
            Workload workload = new Workload(context);
            workload.createTables();
            workload.warmUp();
            long waitsBefore = workload.busyCounters()[0];
            CountDownLatch holding = new CountDownLatch(1);
            Queue<Throwable> holderFailure = new ConcurrentLinkedQueue<>();
            CountDownLatch holderDone = new CountDownLatch(1);
            workload.executor.execute(() -> {
                try {
                    workload.tx.executeWithoutResult((status) -> {
                        workload.turso.execute("INSERT INTO item (worker, kind) VALUES (?, ?)", -2, "holder");
                        holding.countDown();
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
                    });
                }
                catch (Throwable ex) {
                    holderFailure.add(ex);
                }
                finally {
                    holding.countDown();
                    holderDone.countDown();
                }
            });
            assertThat(holding.await(1, TimeUnit.MINUTES)).as("the holder took the write lock").isTrue();
            int writers = 4 * Runtime.getRuntime().availableProcessors() + 4;
            workload.runAll(writers, (i) -> workload.jdbc.update("INSERT INTO item (worker, kind) VALUES (?, ?)", i, "waiter"));
            assertThat(holderDone.await(1, TimeUnit.MINUTES)).isTrue();
            assertThat(holderFailure).isEmpty();
            assertThat(workload.jdbc.queryForObject("SELECT count(*) FROM item", Long.class)).isEqualTo(writers + 3L);
            assertThat(workload.busyCounters()[0]).as("writers waited for the holder's lock").isGreaterThan(waitsBefore);
        });
    }

    /** {@code Thread.isVirtual()}, which the tests' Java 17 release level cannot name. */
    private static boolean isVirtual() throws ReflectiveOperationException {
        try {
            return (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
        }
        catch (NoSuchMethodException ex) {
            return false; // Java 17
        }
    }

    private static boolean isOnPurpose(RecordedEvent event) {
        return event.getStackTrace() != null && event.getStackTrace()
            .getFrames()
            .stream()
            .anyMatch((frame) -> frame.getMethod().getType().getName().equals(PinnedOnPurpose.class.getName()));
    }

    private static String describe(List<RecordedEvent> events) {
        return events.stream().limit(10).map((event) -> {
            String thread = (event.getThread() != null) ? event.getThread().getJavaName() : "?";
            String frames = (event.getStackTrace() == null) ? "  (no stack)" : event.getStackTrace()
                .getFrames()
                .stream()
                .limit(40)
                .map(VirtualThreadsTests::frame)
                .collect(Collectors.joining("\n"));
            return "pinned " + event.getDuration().toMillis() + " ms on " + thread + "\n" + frames;
        }).collect(Collectors.joining("\n\n"));
    }

    private static String frame(RecordedFrame frame) {
        return "  at " + frame.getMethod().getType().getName() + "." + frame.getMethod().getName() + ":"
                + frame.getLineNumber();
    }

    /**
     * A virtual thread that parks inside a class initializer stays pinned on every JDK so far: proof that
     * the recording sees a pinned park.
     */
    static final class PinnedOnPurpose {

        static {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }

        private PinnedOnPurpose() {
        }

        static void touch() {
        }
    }

    @FunctionalInterface
    interface Task {

        void run(int i) throws Exception;
    }

    /** The beans under test and the virtual threads that use them. */
    private static final class Workload {

        private final AsyncTaskExecutor executor;

        private final JdbcTemplate jdbc;

        private final TursoTemplate turso;

        private final TransactionTemplate tx;

        private final TursoPooledDataSource dataSource;

        Workload(ApplicationContext context) throws Exception {
            this.executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
            this.jdbc = context.getBean(JdbcTemplate.class);
            this.turso = context.getBean(TursoTemplate.class);
            this.tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
            this.dataSource = context.getBean(TursoPooledDataSource.class);
            assertThat(this.dataSource.getMaximumPoolSize()).as("the starter's pool").isEqualTo(4);
            assertThat(runsOnVirtualThread()).as("applicationTaskExecutor runs tasks on virtual threads (Java 21+)")
                .isTrue();
        }

        private boolean runsOnVirtualThread() throws Exception {
            return this.executor.submit(VirtualThreadsTests::isVirtual).get(1, TimeUnit.MINUTES);
        }

        void createTables() {
            this.jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, worker INTEGER NOT NULL, kind TEXT NOT NULL)");
            this.jdbc.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)");
            this.jdbc.update("INSERT INTO counter (id, value) VALUES (1, 0)");
        }

        /** Loads and initializes the classes of every path once, so the measured run meets no class initializer. */
        void warmUp() throws Exception {
            runAll(1, (i) -> readAndWrite(WARM_UP_WORKER));
        }

        void readAndWrite(int i) {
            this.jdbc.update("INSERT INTO item (worker, kind) VALUES (?, ?)", i, "jdbc");
            this.turso.execute("INSERT INTO item (worker, kind) VALUES (?, ?)", i, "turso");
            Object own = this.turso.query("SELECT count(*) AS n FROM item WHERE worker = ?", i).rows().get(0).get("n");
            if (!Long.valueOf(2).equals(own)) {
                throw new AssertionError("thread " + i + " sees " + own + " rows of its own, not 2");
            }
            if (i % TRANSACTION_EVERY == 0) {
                this.tx.executeWithoutResult((status) -> {
                    long value = this.jdbc.queryForObject("SELECT value FROM counter WHERE id = 1", Long.class);
                    this.turso.execute("UPDATE counter SET value = ? WHERE id = 1", value + 1);
                });
            }
        }

        long[] busyCounters() throws Exception {
            return this.dataSource.getTursoDataSource().getBusyCounters();
        }

        /**
         * Runs {@code count} tasks, each on a virtual thread of its own, and waits for all within the
         * deadline; fails with the first errors, or with the stacks of the threads still running.
         */
        void runAll(int count, Task task) throws Exception {
            CountDownLatch done = new CountDownLatch(count);
            Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
            Map<Thread, Integer> running = new ConcurrentHashMap<>();
            for (int t = 0; t < count; t++) {
                int i = t;
                this.executor.execute(() -> {
                    running.put(Thread.currentThread(), i);
                    long start = System.nanoTime();
                    try {
                        task.run(i);
                    }
                    catch (Throwable ex) {
                        failures.add(new AssertionError("thread " + i + " failed after "
                                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms", ex));
                    }
                    finally {
                        running.remove(Thread.currentThread());
                        done.countDown();
                    }
                });
            }
            if (!done.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(done.getCount() + " of " + count + " virtual threads still running after "
                        + DEADLINE + " (deadlock?)\n" + threadDump(running));
            }
            if (!failures.isEmpty()) {
                AssertionError error = new AssertionError(failures.size() + " of " + count + " virtual threads failed");
                failures.stream().limit(5).forEach(error::addSuppressed);
                throw error;
            }
        }

        private static String threadDump(Map<Thread, Integer> running) {
            StringBuilder dump = new StringBuilder("virtual threads still running (at most 20):\n");
            new ArrayList<>(running.keySet()).stream().limit(20).forEach((thread) -> {
                dump.append(thread).append('\n');
                for (StackTraceElement element : thread.getStackTrace()) {
                    dump.append("  at ").append(element).append('\n');
                }
            });
            dump.append("platform threads:\n");
            for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
                dump.append(info);
            }
            return dump.toString();
        }
    }
}
