package dev.turso4j.benchmarks;

import dev.turso4j.benchmarks.Databases.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the whole benchmark suite and writes {@code docs/benchmarks.md}: for each workload the
 * native baselines (the {@code native/} binary: turso_core as the driver steps it, and rusqlite with
 * bundled SQLite; {@code native/sync}: the turso crate's sync client),
 * then the Java sides under JMH (turso4j and sqlite-jdbc, raw JDBC and HikariCP + JdbcTemplate),
 * then startup, sync and memory in child processes.
 *
 * <p>Arguments: {@code --native <binary> [--native-mimalloc <binary>] [--native-sync <binary>] --out <file>
 * --work <dir> [--full] [--only w1,w2,...]}. The mimalloc binary is the same baselines with mimalloc
 * (the turso crate's default allocator) as the global allocator: it adds a side to workloads 1-3 that
 * shows what the allocator alone is worth. The sync binary (default: {@code turso4j-bench-native-sync}
 * beside {@code --native}) is workload 8's native side.
 * Workloads: point, scan, insert_batch, insert_single, mixed, vector, startup, sync, sync_hang, stop, memory,
 * vector_store, concurrent_writes.
 */
public final class Suite {

    static final List<String> JMH_WORKLOADS = List.of("point", "scan", "insert_batch", "insert_single", "mixed", "vector");

    static final Map<String, Class<?>> JMH_CLASSES = Map.of("point", PointSelect.class, "scan", Scan.class,
            "insert_batch", BatchInsert.class, "insert_single", SingleInsert.class, "mixed", Mixed.class, "vector",
            VectorSearch.class);

    /** The workloads the mimalloc build of the native baselines also runs (see --native-mimalloc). */
    static final Set<String> MIMALLOC_WORKLOADS = Set.of("point", "scan", "insert_batch");

    static final List<String> JAVA_SIDES = List.of("turso4j-jdbc", "turso4j-template", "TursoTemplate", "xerial-jdbc",
            "xerial-template");

    final boolean full;

    final Path nativeBin;

    /** The native baselines with mimalloc as the allocator, or null. */
    Path nativeMimallocBin;

    /** Workload 8's native side. */
    Path nativeSyncBin;

    final Path out;

    final Path work;

    final Set<String> only;

    final Results results = new Results();

    private final Instant started = Instant.now();

    Suite(boolean full, Path nativeBin, Path out, Path work, Set<String> only) {
        this.full = full;
        this.nativeBin = nativeBin;
        this.out = out;
        this.work = work;
        this.only = only;
    }

    public static void main(String[] args) throws Exception {
        boolean full = false;
        Path nativeBin = null;
        Path nativeMimalloc = null;
        Path nativeSync = null;
        Path out = Path.of("docs/benchmarks.md");
        Path work = Path.of("benchmarks/target/work");
        Set<String> only = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--full" -> full = true;
                case "--native" -> nativeBin = Path.of(args[++i]);
                case "--native-mimalloc" -> nativeMimalloc = Path.of(args[++i]).toAbsolutePath();
                case "--native-sync" -> nativeSync = Path.of(args[++i]).toAbsolutePath();
                case "--out" -> out = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--only" -> only.addAll(List.of(args[++i].split(",")));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (nativeBin == null) {
            throw new IllegalArgumentException("--native <path of turso4j-bench-native> is required");
        }
        Suite suite = new Suite(full, nativeBin.toAbsolutePath(), out.toAbsolutePath(), work.toAbsolutePath(), only);
        suite.nativeMimallocBin = nativeMimalloc;
        suite.nativeSyncBin = (nativeSync != null) ? nativeSync
                : suite.nativeBin.resolveSibling("turso4j-bench-native-sync");
        suite.run();
    }

    boolean selected(String workload) {
        return this.only.isEmpty() || this.only.contains(workload);
    }

    /**
     * How one workload is measured: {@code rounds} times, each round running every side once in turn
     * (native turso, native SQLite, then the Java sides, each in a fresh JMH fork), so a drift of
     * the machine (the disk's fsync latency above all) falls on every side alike; samples of all
     * rounds are pooled.
     */
    record Plan(int rounds, int warmup, int iterations, Duration time, boolean singleShot, boolean inProcess) {
    }

    /** Quick (the default) keeps the whole suite under 10 minutes on 2 cores. */
    Plan plan(String workload) {
        Duration time = Duration.ofSeconds(this.full ? 2 : 1);
        return switch (workload) {
            // Single-shot runs of 100 transactions: fsync-bound in part, so interleaved.
            case "insert_batch" -> new Plan(this.full ? 4 : 2, 1, this.full ? 4 : 2, time, true, false);
            // One fsync'd commit per write: the disk's latency drifts, so short interleaved rounds.
            // These run in the suite's JVM (JMH forks = 0): a fork's start-up and data load would cost more than
            // the measurement, and for I/O-bound work the shared JIT profile does not matter.
            case "insert_single", "mixed" -> new Plan(this.full ? 6 : 3, 1, this.full ? 3 : 2, time, false, true);
            // CPU-bound reads: one long block per side. Two seconds of warm-up left the JIT still
            // compiling on 2 cores (scores rose through the measured iterations), so five.
            default -> new Plan(this.full ? 2 : 1, this.full ? 8 : 5, this.full ? 8 : 4, time, false, false);
        };
    }

    int startupLaunches() {
        return this.full ? 30 : 10;
    }

    int syncWarmup() {
        return 1;
    }

    int syncRounds() {
        return this.full ? 10 : 3;
    }

    long memoryExecutions() {
        return 1_000_000;
    }

    void run() throws Exception {
        Databases.deleteTree(this.work);
        Files.createDirectories(this.work);
        System.setProperty("turso4j.bench.work", this.work.toString());
        log("suite: %s mode, work folder %s", this.full ? "full" : "quick", this.work);
        this.results.loadBefore = Machine.loadAverage();
        info();
        for (String workload : JMH_WORKLOADS) {
            if (selected(workload)) {
                Plan plan = plan(workload);
                for (int round = 1; round <= plan.rounds(); round++) {
                    log("%s: round %d of %d", workload, round, plan.rounds());
                    nativeWorkload(this.nativeBin, workload, "turso", plan);
                    if (this.nativeMimallocBin != null && MIMALLOC_WORKLOADS.contains(workload)) {
                        nativeWorkload(this.nativeMimallocBin, workload, "turso", plan);
                    }
                    nativeWorkload(this.nativeBin, workload, "sqlite", plan);
                    jmh(workload, plan, round);
                }
                for (String side : this.results.sides(workload)) {
                    log("  %s %s: %s", workload, side, Report.fmt(this.results.get(workload, side).mean()));
                }
            }
        }
        if (selected("startup")) {
            startup();
        }
        if (selected("sync")) {
            sync();
        }
        if (selected("sync_hang")) {
            syncHang();
        }
        if (selected("stop")) {
            Path dir = this.work.resolve("stop");
            Files.createDirectories(dir);
            log("stop: cancel() and a 1 s query timeout on a runaway scan");
            this.results.stop.putAll(StopLatency.measure(dir, 50, 3));
            log("  stop: %s", this.results.stop);
        }
        if (selected("memory")) {
            memory("turso");
            memory("sqlite");
        }
        if (selected("vector_store")) {
            vectorStore();
        }
        if (selected("concurrent_writes")) {
            concurrentWrites();
        }
        this.results.elapsed = Duration.between(this.started, Instant.now());
        this.results.loadAfter = Machine.loadAverage();
        this.results.plan = planText();
        Files.createDirectories(this.out.getParent());
        Path analysis = this.out.getParent().getParent().resolve("benchmarks/analysis.md");
        Files.writeString(this.out, new Report(this.results, Files.exists(analysis) ? Files.readString(analysis) : null)
            .render());
        log("suite: done in %s; wrote %s", this.results.elapsed.truncatedTo(ChronoUnit.SECONDS), this.out);
    }

    String planText() {
        StringBuilder text = new StringBuilder(this.full ? "full mode" : "quick mode");
        for (String w : JMH_WORKLOADS) {
            Plan p = plan(w);
            text.append(String.format(Locale.ROOT, "; %s: %d round(s) x (%d warm-up + %d measured %s)%s", w,
                    p.rounds(), p.warmup(), p.iterations(), p.singleShot() ? "runs of 100,000 rows"
                            : "iterations of " + p.time().toSeconds() + " s", p.inProcess() ? " in the suite's JVM" : ""));
        }
        text.append(String.format(Locale.ROOT, "; startup: %d launches per side; sync: %d warm-up + %d measured "
                + "rounds; memory: %,d executions per engine", startupLaunches(), syncWarmup(), syncRounds(),
                memoryExecutions()));
        Plan cw = concurrentWritesPlan();
        text.append(String.format(Locale.ROOT, "; concurrent_writes: %d round(s) x (%d warm-up + %d measured iterations "
                + "of %d s) per side, thread count and row pattern, in the suite's JVM", cw.rounds(), cw.warmup(),
                cw.iterations(), cw.time().toSeconds()));
        Plan search = vectorStoreSearchPlan();
        Plan add = vectorStoreAddPlan();
        text.append(String.format(Locale.ROOT, "; vector_store: searches %d warm-up + %d measured iterations of %d s, "
                + "adds %d warm-up + %d measured runs of %,d documents, per store and size in a JMH fork of %s",
                search.warmup(), search.iterations(), search.time().toSeconds(), add.warmup(), add.iterations(),
                VectorStoreAdd.DOCUMENTS, String.join(" ", VECTOR_STORE_HEAP)));
        return text.toString();
    }

    // ---- settings and versions ----

    void info() throws Exception {
        for (String line : runNative(List.of("info", "--dir", this.work.resolve("info").toString()))) {
            String[] f = line.split("\t");
            if (f[0].equals("info")) {
                this.results.nativeInfo.put(f[1], f[2]);
            }
            else if (f[0].equals("checksum")) {
                this.results.nativeChecksum = f[1];
            }
        }
        this.results.javaChecksum = String.format("%016x", Data.checksum());
        for (Engine engine : Engine.values()) {
            Path dir = Databases.freshDir("settings-" + engine);
            DataSource ds = Databases.open(engine, dir.resolve("settings.db"), Databases.BUSY_TIMEOUT, false);
            Map<String, String> readings = new LinkedHashMap<>();
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                readings.put("driver", c.getMetaData().getDriverName() + " " + c.getMetaData().getDriverVersion());
                if (engine == Engine.SQLITE) {
                    readings.put("sqlite_version", scalar(st, "SELECT sqlite_version()"));
                }
                for (String p : List.of("journal_mode", "synchronous", "page_size", "cache_size", "wal_autocheckpoint")) {
                    try {
                        readings.put(p, scalar(st, "PRAGMA " + p));
                    }
                    catch (SQLException ex) {
                        readings.put(p, "(error: " + ex.getMessage() + ")");
                    }
                }
            }
            finally {
                Databases.close(ds);
                Databases.deleteTree(dir);
            }
            this.results.javaInfo.put(engine, readings);
        }
        this.results.machine = Machine.describe(this.work);
        this.results.source = Machine.sourceVersion(this.out.getParent().getParent());
        this.results.tursodb = findTursodb();
    }

    private static String scalar(Statement st, String sql) throws SQLException {
        if (!st.execute(sql)) {
            return "(no row)";
        }
        try (ResultSet rs = st.getResultSet()) {
            return rs.next() ? String.valueOf(rs.getObject(1)) : "(no row)";
        }
    }

    // ---- workloads 1-6 ----

    void nativeWorkload(Path binary, String workload, String engine, Plan plan) throws Exception {
        List<String> args = List.of(binary.toString(), "bench", "--engine", engine, "--workload", workload, "--dir",
                this.work.resolve("native").toString(), "--warmup", String.valueOf(plan.warmup()), "--iterations",
                String.valueOf(plan.iterations()), "--time-ms", String.valueOf(plan.time().toMillis()));
        recordNative(args);
    }

    /** Runs a native baseline command and records the results and notes it prints. */
    private void recordNative(List<String> args) {
        for (String line : run(args, Duration.ofMinutes(5))) {
            if (line.startsWith("result\t")) {
                String[] key = new String[2];
                Score score = Score.parse(line, key);
                this.results.add(key[0], key[1], score.samples());
            }
            else if (line.startsWith("note\t")) {
                String[] f = line.split("\t");
                this.results.addNote(f[1], f[2]);
            }
        }
    }

    void jmh(String workload, Plan plan, int round) throws Exception {
        ChainedOptionsBuilder options = jmhOptions(JMH_CLASSES.get(workload), plan, workload + "-round" + round,
                List.of("-Xms1g", "-Xmx1g"))
            .param("side", JAVA_SIDES.toArray(new String[0]))
            .forks(plan.inProcess() ? 0 : 1);
        if (workload.equals("mixed")) {
            // JMH's synchronized iterations keep finished threads running until the last one's operation
            // ends; a writer starved by SQLite-style back-off can then wait for seconds, stretching every
            // iteration. Without it each thread stops at the bell, as the native side's workers do.
            options.syncIterations(false);
        }
        Collection<RunResult> runs = new Runner(options.build()).run();
        for (RunResult run : runs) {
            String side = run.getParams().getParam("side");
            List<Double> samples = new ArrayList<>();
            for (BenchmarkResult fork : run.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    double s = iteration.getPrimaryResult().getScore();
                    samples.add(plan.singleShot() ? Data.INSERT_ROWS / s : s);
                }
            }
            this.results.add(workload, side, samples.stream().mapToDouble(Double::doubleValue).toArray());
        }
        if (workload.equals("mixed")) {
            for (String side : JAVA_SIDES) {
                Path f = this.work.resolve("mixed-" + side + ".notes");
                if (Files.exists(f)) {
                    for (String note : Files.readAllLines(f)) {
                        String[] kv = note.split("\t");
                        this.results.addNote("mixed " + side + " " + kv[0], kv[1]);
                    }
                    Files.delete(f);
                }
            }
        }
    }

    // ---- workload 12: concurrent writers ----

    /** Writer threads of workload 12. */
    static final List<Integer> CW_THREADS = List.of(1, 2, 4, 8);

    /** Row patterns of workload 12: percent of transactions on the shared hot rows. */
    static final List<Integer> CW_HOT_PERCENTS = List.of(0, 10);

    /** The side through the native binary (turso_core in MVCC), then the Java sides. */
    static final String CW_NATIVE_SIDE = "native-turso-mvcc";

    static String concurrentWritesKey(int hotPercent, int threads) {
        return "concurrent_writes_" + (hotPercent == 0 ? "disjoint" : "hot") + "_t" + threads;
    }

    /** fsync-bound like workloads 4 and 5: short interleaved rounds, every side at each point in turn. */
    Plan concurrentWritesPlan() {
        return new Plan(this.full ? 4 : 2, 1, this.full ? 3 : 2, Duration.ofSeconds(this.full ? 2 : 1), false, true);
    }

    /**
     * Workload 12: 1, 2, 4 and 8 writer threads committing small transactions on disjoint rows, and
     * with 10% of them on a few hot rows; turso_core in MVCC (native), turso4j in MVCC and in its
     * default WAL mode, sqlite-jdbc. Each point in each round gets a fresh database per side.
     */
    void concurrentWrites() throws Exception {
        Plan plan = concurrentWritesPlan();
        Path nativeDir = this.work.resolve("native");
        for (int round = 1; round <= plan.rounds(); round++) {
            log("concurrent_writes: round %d of %d", round, plan.rounds());
            for (int hot : CW_HOT_PERCENTS) {
                for (int threads : CW_THREADS) {
                    String key = concurrentWritesKey(hot, threads);
                    List<String> args = List.of(this.nativeBin.toString(), "concurrent-writes", "--journal", "mvcc",
                            "--threads", String.valueOf(threads), "--hot-percent", String.valueOf(hot), "--key", key,
                            "--dir", nativeDir.toString(), "--warmup", String.valueOf(plan.warmup()), "--iterations",
                            String.valueOf(plan.iterations()), "--time-ms", String.valueOf(plan.time().toMillis()));
                    recordNative(args);
                    for (String side : ConcurrentWrites.SIDES) {
                        Path dir = Databases.freshDir(key + "-" + side);
                        try {
                            ConcurrentWrites.Outcome o = ConcurrentWrites.measure(side, dir, threads, hot, plan.warmup(),
                                    plan.iterations(), plan.time());
                            this.results.add(key, side, o.samples());
                            this.results.addNote(key + " " + side + " commits", String.valueOf(o.commits()));
                            this.results.addNote(key + " " + side + " conflicts", String.valueOf(o.conflicts()));
                            this.results.addNote(key + " " + side + " beyond 5 retries", String.valueOf(o.overBudget()));
                            if (o.busyWaits() >= 0) {
                                this.results.addNote(key + " " + side + " busy waits", String.valueOf(o.busyWaits()));
                            }
                            this.results.concurrentWritesSettings.put(side,
                                    "journal_mode " + o.journalMode() + ", synchronous " + o.synchronous());
                        }
                        finally {
                            Databases.deleteTree(dir);
                        }
                    }
                    StringBuilder line = new StringBuilder();
                    for (String side : this.results.sides(key)) {
                        line.append(String.format(Locale.ROOT, " %s %s;", side, Report.fmt(this.results.get(key, side).mean())));
                    }
                    log("  %s commits/s so far:%s", key, line);
                }
            }
        }
    }

    // ---- workload 11: Spring AI vector stores ----

    /** SimpleVectorStore keeps a copy of every embedding: 100,000 x 384 floats, 154 MB, plus the model's own. */
    static final List<String> VECTOR_STORE_HEAP = List.of("-Xms2g", "-Xmx2g");

    /** Searches are CPU-bound reads: as workloads 1, 2 and 6. */
    Plan vectorStoreSearchPlan() {
        return new Plan(1, this.full ? 8 : 5, this.full ? 8 : 4, Duration.ofSeconds(this.full ? 2 : 1), false, false);
    }

    /** Adds: single runs of 10,000 documents. */
    Plan vectorStoreAddPlan() {
        return new Plan(1, 2, this.full ? 10 : 6, Duration.ZERO, true, false);
    }

    /**
     * TursoVectorStore against SimpleVectorStore: similaritySearch at 10,000 and 100,000 documents,
     * with and without a filter (searches/s), and add (documents/s), each store in its own JMH fork.
     */
    void vectorStore() throws Exception {
        Plan search = vectorStoreSearchPlan();
        log("vector_store: similaritySearch, 2 stores x 2 sizes x 2 filters");
        for (RunResult run : jmhRun(VectorStoreSearch.class, search, "vector_store-search")) {
            String workload = "vector_store_search_" + run.getParams().getParam("documents")
                    + (run.getParams().getParam("filter").equals("none") ? "" : "_filtered");
            this.results.add(workload, run.getParams().getParam("store"), samples(run, 1));
        }
        Plan add = vectorStoreAddPlan();
        log("vector_store: add %,d documents in calls of %,d", VectorStoreAdd.DOCUMENTS, VectorStores.ADD_BATCH);
        for (RunResult run : jmhRun(VectorStoreAdd.class, add, "vector_store-add")) {
            this.results.add("vector_store_add", run.getParams().getParam("store"), samples(run, VectorStoreAdd.DOCUMENTS));
        }
        for (String workload : this.results.scores.keySet()) {
            if (workload.startsWith("vector_store")) {
                for (String side : this.results.sides(workload)) {
                    log("  %s %s: %s", workload, side, Report.fmt(this.results.get(workload, side).mean()));
                }
            }
        }
    }

    private Collection<RunResult> jmhRun(Class<?> benchmark, Plan plan, String log) throws Exception {
        return new Runner(jmhOptions(benchmark, plan, log, VECTOR_STORE_HEAP).forks(1).build()).run();
    }

    /** The JMH options every workload shares: its class, iterations, heap, work folder and log file. */
    private ChainedOptionsBuilder jmhOptions(Class<?> benchmark, Plan plan, String log, List<String> heap) {
        List<String> jvmArgs = new ArrayList<>(heap);
        jvmArgs.add("-Dturso4j.bench.work=" + this.work);
        ChainedOptionsBuilder options = new OptionsBuilder()
            .include(benchmark.getName() + "\\.")
            .jvmArgs(jvmArgs.toArray(new String[0]))
            .output(this.work.resolve("jmh-" + log + ".log").toString())
            .verbosity(VerboseMode.NORMAL)
            .shouldFailOnError(true)
            .warmupIterations(plan.warmup())
            .measurementIterations(plan.iterations())
            .timeUnit(TimeUnit.SECONDS);
        if (!plan.singleShot()) {
            TimeValue time = TimeValue.milliseconds(plan.time().toMillis());
            options.warmupTime(time).measurementTime(time);
        }
        return options;
    }

    /** Per-iteration samples of a run: its scores, or for single-shot runs {@code perRun} divided by the seconds. */
    private static double[] samples(RunResult run, int perRun) {
        List<Double> samples = new ArrayList<>();
        for (BenchmarkResult fork : run.getBenchmarkResults()) {
            for (IterationResult iteration : fork.getIterationResults()) {
                double s = iteration.getPrimaryResult().getScore();
                samples.add(perRun == 1 ? s : perRun / s);
            }
        }
        return samples.stream().mapToDouble(Double::doubleValue).toArray();
    }

    // ---- workload 7: startup ----

    void startup() throws Exception {
        Path dir = this.work.resolve("startup");
        Files.createDirectories(dir);
        Path tursoDb = dir.resolve("startup-turso.db");
        Path sqliteDb = dir.resolve("startup-sqlite.db");
        runNative(List.of("prepare", "--engine", "turso", "--db", tursoDb.toString()));
        runNative(List.of("prepare", "--engine", "sqlite", "--db", sqliteDb.toString()));
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        Map<String, List<String>> commands = new LinkedHashMap<>();
        commands.put("native-turso", List.of(this.nativeBin.toString(), "first-query", "--engine", "turso", "--db",
                tursoDb.toString()));
        commands.put("native-sqlite", List.of(this.nativeBin.toString(), "first-query", "--engine", "sqlite", "--db",
                sqliteDb.toString()));
        commands.put("turso4j-template", List.of(java, "-cp", cp, StartupMain.class.getName(), "turso", tursoDb.toString()));
        commands.put("TursoTemplate", List.of(java, "-cp", cp, StartupMain.class.getName(), "tursotemplate",
                tursoDb.toString()));
        commands.put("xerial-template", List.of(java, "-cp", cp, StartupMain.class.getName(), "sqlite", sqliteDb.toString()));
        commands.put("jvm-only", List.of(java, "-cp", cp, JvmOnlyMain.class.getName()));
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        log("startup: %d launches per side", startupLaunches());
        for (int round = 0; round < startupLaunches() + 1; round++) {
            for (Map.Entry<String, List<String>> side : commands.entrySet()) {
                long before = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
                List<String> output = run(side.getValue(), Duration.ofMinutes(1));
                long at = output.stream().filter((l) -> l.startsWith("first_query_epoch_micros\t"))
                    .mapToLong((l) -> Long.parseLong(l.split("\t")[1])).findFirst()
                    .orElseThrow(() -> new IllegalStateException(side.getKey() + " printed no time: " + output));
                if (round > 0) { // the first round warms the page cache
                    millis.computeIfAbsent(side.getKey(), (k) -> new ArrayList<>()).add((at - before) / 1000.0);
                }
            }
        }
        for (Map.Entry<String, List<Double>> side : millis.entrySet()) {
            Score score = Score.of(side.getValue().stream().mapToDouble(Double::doubleValue).toArray());
            this.results.put("startup", side.getKey(), score);
            log("  startup %s: %.1f ms", side.getKey(), score.mean());
        }
    }

    // ---- workload 8: sync ----

    void sync() throws Exception {
        if (this.results.tursodb == null) {
            this.results.notes.put("sync", "not measured: no tursodb binary (set -Dturso4j.tursodb or run benchmarks/run.sh, "
                    + "which fetches it)");
            log("sync: skipped, no tursodb");
            return;
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        for (String side : List.of("native-turso", "turso4j-jdbc")) {
            Path dir = this.work.resolve("sync-" + side);
            Files.createDirectories(dir);
            try (SyncServerProcess server = SyncServerProcess.start(Path.of(this.results.tursodb), dir)) {
                List<String> command = side.startsWith("native")
                        ? List.of(this.nativeSyncBin.toString(), "sync", "--url", server.url(), "--dir", dir.toString(),
                                "--warmup", String.valueOf(syncWarmup()), "--iterations", String.valueOf(syncRounds()))
                        : List.of(java, "-Xms1g", "-Xmx1g", "-cp", cp, SyncMain.class.getName(), server.url(),
                                dir.toString(), String.valueOf(syncWarmup()), String.valueOf(syncRounds()));
                log("sync %s against %s", side, server.url());
                for (String line : run(command, Duration.ofMinutes(5))) {
                    if (line.startsWith("result\t")) {
                        String[] key = new String[2];
                        Score score = Score.parse(line, key);
                        this.results.put(key[0], key[1], score);
                        log("  %s %s: %s rows/s", key[0], key[1], Report.fmt(score.mean()));
                    }
                }
            }
            catch (RuntimeException ex) {
                this.results.notes.put("sync " + side, "failed: " + ex.getMessage());
                log("sync %s failed: %s", side, ex.getMessage());
            }
        }
    }

    private static String findTursodb() {
        String property = System.getProperty("turso4j.tursodb");
        if (property != null && Files.isExecutable(Path.of(property))) {
            return property;
        }
        for (String version : List.of("0.8.0-pre.4", "0.7.0")) {
            Path p = Path.of(System.getProperty("user.home"), ".cache/turso4j/cli", version, "package/tursodb");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    // ---- workload 9: local work while a sync hangs ----

    /** Request timeout of the hung sync: long enough for thousands of local operations meanwhile. */
    static final Duration HANG_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    void syncHang() throws Exception {
        if (this.results.tursodb == null) {
            this.results.notes.put("sync_hang", "not measured: no tursodb binary");
            return;
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Path dir = this.work.resolve("sync-hang");
        Files.createDirectories(dir);
        try (SyncServerProcess server = SyncServerProcess.start(Path.of(this.results.tursodb), dir)) {
            log("sync_hang: local work while a sync hangs on a black hole (request timeout %s)", HANG_REQUEST_TIMEOUT);
            for (String line : run(List.of(java, "-Xms256m", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    SyncHangMain.class.getName(), server.url(), dir.toString(),
                    String.valueOf(HANG_REQUEST_TIMEOUT.toMillis())), Duration.ofMinutes(2))) {
                String[] f = line.split("\t");
                if (f[0].equals("hang")) {
                    this.results.syncHang.put(f[1], f[2]);
                }
            }
            log("  sync_hang: %s", this.results.syncHang);
        }
    }

    // ---- memory ----

    void memory(String engine) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch",
                "-Dturso4j.bench.work=" + this.work, "-cp", System.getProperty("java.class.path"),
                MemoryMain.class.getName(), engine, String.valueOf(memoryExecutions()), "100000");
        log("memory %s: %,d executions through HikariCP + JdbcTemplate", engine, memoryExecutions());
        Map<String, String> readings = new LinkedHashMap<>();
        for (String line : run(command, Duration.ofMinutes(5))) {
            String[] f = line.split("\t");
            if (f[0].equals("memory")) {
                readings.put(f[2], f[3]);
            }
        }
        this.results.memory.put(engine, readings);
        log("  memory %s: %s", engine, readings);
    }

    // ---- processes ----

    List<String> runNative(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(this.nativeBin.toString());
        command.addAll(args);
        return run(command, Duration.ofMinutes(5));
    }

    /** Runs a command to completion; returns its standard output lines, fails on a non-zero exit. */
    List<String> run(List<String> command, Duration timeout) {
        try {
            Path err = Files.createTempFile(this.work, "stderr-", ".log");
            Process p = new ProcessBuilder(command).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
            byte[] stdout = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            String errText = Files.readString(err);
            Files.delete(err);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("exit " + p.exitValue() + ": " + String.join(" ", command.subList(0,
                        Math.min(command.size(), 6))) + "\n" + errText);
            }
            if (!errText.isBlank()) {
                Files.writeString(this.work.resolve("stderr.log"), String.join(" ", command.subList(0,
                        Math.min(6, command.size()))) + "\n" + errText, StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
            return List.of(new String(stdout, StandardCharsets.UTF_8).split("\n"));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    void log(String format, Object... args) {
        long s = Duration.between(this.started, Instant.now()).toSeconds();
        System.err.printf(Locale.ROOT, "[%3d:%02d] %s%n", s / 60, s % 60, String.format(Locale.ROOT, format, args));
    }

    /** Everything measured, for the report. */
    static final class Results {

        final Map<String, Map<String, Score>> scores = new LinkedHashMap<>();

        private final Map<String, Map<String, List<Double>>> samples = new LinkedHashMap<>();

        final Map<String, String> nativeInfo = new LinkedHashMap<>();

        final Map<Engine, Map<String, String>> javaInfo = new LinkedHashMap<>();

        final Map<String, Map<String, String>> memory = new LinkedHashMap<>();

        final Map<String, String> syncHang = new LinkedHashMap<>();

        final Map<String, String> stop = new LinkedHashMap<>();

        final Map<String, String> notes = new LinkedHashMap<>();

        /** Workload 12: journal mode and synchronous as each Java side's connection reported them. */
        final Map<String, String> concurrentWritesSettings = new LinkedHashMap<>();

        Map<String, String> machine = Map.of();

        String nativeChecksum;

        String javaChecksum;

        String tursodb;

        Duration elapsed;

        String plan;

        String loadBefore;

        String source;

        String loadAfter;

        void put(String workload, String side, Score score) {
            this.scores.computeIfAbsent(workload, (k) -> new LinkedHashMap<>()).put(side, score);
        }

        /** Pools the samples of one more round of a side. */
        void add(String workload, String side, double[] more) {
            List<Double> all = this.samples.computeIfAbsent(workload, (k) -> new LinkedHashMap<>())
                .computeIfAbsent(side, (k) -> new ArrayList<>());
            for (double x : more) {
                all.add(x);
            }
            put(workload, side, Score.of(all.stream().mapToDouble(Double::doubleValue).toArray()));
        }

        /** Notes with numbers (retry counts) add up over rounds. */
        void addNote(String key, String value) {
            this.notes.merge(key, value, (a, b) -> {
                try {
                    return String.valueOf(Long.parseLong(a) + Long.parseLong(b));
                }
                catch (NumberFormatException ex) {
                    return b;
                }
            });
        }

        List<String> sides(String workload) {
            return new ArrayList<>(this.scores.getOrDefault(workload, Map.of()).keySet());
        }

        Score get(String workload, String side) {
            Map<String, Score> m = this.scores.get(workload);
            return (m != null) ? m.get(side) : null;
        }
    }

    /** A tursodb sync server on 127.0.0.1 and a free port, its database a file in {@code dir}. */
    static final class SyncServerProcess implements AutoCloseable {

        private final Process process;

        private final int port;

        private SyncServerProcess(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static SyncServerProcess start(Path binary, Path dir) throws IOException, InterruptedException {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            Process p = new ProcessBuilder(binary.toString(), dir.resolve("server.db").toString(), "--sync-server",
                    "127.0.0.1:" + port)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("tursodb.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
            SyncServerProcess server = new SyncServerProcess(p, port);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && p.isAlive()) {
                try {
                    http.send(HttpRequest.newBuilder(URI.create(server.url() + "/")).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding());
                    return server; // any answer (404 here) means it is up
                }
                catch (IOException ex) {
                    Thread.sleep(50);
                }
            }
            server.close();
            throw new IllegalStateException("tursodb did not start; see " + dir.resolve("tursodb.log"));
        }

        String url() {
            return "http://127.0.0.1:" + this.port;
        }

        @Override
        public void close() {
            this.process.destroy();
            try {
                if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
                    this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
