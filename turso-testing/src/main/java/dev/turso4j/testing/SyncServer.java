package dev.turso4j.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real turso sync server for tests: Turso's CLI {@code tursodb} in {@code --sync-server} mode, on
 * 127.0.0.1 and a free port. Replicas use {@link #url()}; tests seed and inspect the server's data
 * with {@link #execute} and {@link #query}, which send SQL over HTTP the way Turso's servers take it:
 * a JSON pipeline of statements, {@code POST /v2/pipeline} (the protocol Turso calls Hrana; pushes
 * use it too).
 *
 * <p>The binary comes from the system property {@code turso4j.tursodb} when set; otherwise from
 * {@code ~/.cache/turso4j/cli/<version>/package/tursodb}, which is fetched from the npm registry
 * ({@code npm pack @tursodatabase/cli-linux-x64-gnu@<version>}) the first time. Several JVMs may
 * fetch at once: each downloads into its own temporary folder and moves the result into place
 * atomically. {@link #VERSION} (property {@code turso4j.tursodb.version} overrides it) is the CLI
 * release used with the {@code turso} 0.8.3 sync client: 0.8.0-pre.4 and 0.7.0 both pass the replica
 * tests, but 0.7.0 applies pushed updates some 30 times slower (10,000 updated rows: 12.5 s against
 * 0.4 s), and 0.8.0-pre.4 is the release nearest the client.
 *
 * <p>Its {@code /v2/pipeline} endpoint knows only {@code execute} and {@code batch} requests ({@code close} fails the
 * whole pipeline), ignores named parameters, and reports no affected row count or last rowid.
 *
 * <p>The server accepts any token, serves one request at a time, and never checkpoints. Its output
 * goes to {@code tursodb-sync-server.log} in the work folder. Every wait here is bounded.
 */
public final class SyncServer implements AutoCloseable {

    /** The {@code @tursodatabase/cli-linux-x64-gnu} release used when no binary is given. */
    public static final String VERSION = System.getProperty("turso4j.tursodb.version", "0.8.0-pre.4");

    private static final String PACKAGE = "@tursodatabase/cli-linux-x64-gnu";

    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(10);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private static final int START_ATTEMPTS = 5;

    private static volatile Path binary;

    /** Servers still running; killed when the JVM exits without closing them (not on a JVM crash). */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "sync-server-reaper"));
    }

    private final Path workDir;

    private final Path database;

    private final Path log;

    private final HttpClient http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .version(HttpClient.Version.HTTP_1_1)
        .build();

    private int port;

    private Process process;

    private SyncServer(Path workDir, Path database) {
        this.workDir = workDir;
        this.database = database;
        this.log = workDir.resolve("tursodb-sync-server.log");
    }

    /**
     * Starts a server whose database is {@code server.db} in {@code workDir}, so its data survives
     * {@link #restart()}.
     * @param workDir where the server database and log go (created if missing)
     * @return the running server
     */
    public static SyncServer start(Path workDir) {
        return start(workDir, workDir.resolve("server.db"));
    }

    /**
     * Starts a server with an in-memory database: a {@link #restart()} empties it.
     * @param workDir where the log goes (created if missing)
     * @return the running server
     */
    public static SyncServer startInMemory(Path workDir) {
        return start(workDir, null);
    }

    private static SyncServer start(Path workDir, Path database) {
        try {
            Files.createDirectories(workDir);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        SyncServer server = new SyncServer(workDir.toAbsolutePath(), (database != null) ? database.toAbsolutePath() : null);
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            try {
                server.launch(freePort());
                return server;
            }
            catch (IllegalStateException ex) {
                // Most likely another process took the port between our probe and the server's bind.
                failure = (failure == null) ? ex : failure;
                if (failure != ex) {
                    failure.addSuppressed(ex);
                }
            }
        }
        throw failure;
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://127.0.0.1:" + this.port;
    }

    /** @return the port the server listens on */
    public int port() {
        return this.port;
    }

    /** @return the server database file, or {@code null} when it is in memory */
    public Path database() {
        return this.database;
    }

    /** @return the file the server's output goes to */
    public Path logFile() {
        return this.log;
    }

    /** @return whether the server process is running */
    public synchronized boolean isRunning() {
        return this.process != null && this.process.isAlive();
    }

    /** Stops the server (SIGTERM, then SIGKILL if it lingers) and waits for it to exit. */
    public synchronized void stop() {
        terminate(false);
    }

    /** Kills the server at once (SIGKILL), as a crash would, and waits for it to exit. */
    public synchronized void kill() {
        terminate(true);
    }

    /** Starts the server again on the same port with the same database file. */
    public synchronized void restart() {
        terminate(false);
        IllegalStateException failure = null;
        // The port may be briefly unavailable after the old process exits: retry a few times.
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            try {
                launch(this.port);
                return;
            }
            catch (IllegalStateException ex) {
                failure = ex;
                sleep(200L * (attempt + 1));
            }
        }
        throw failure;
    }

    @Override
    public void close() {
        stop();
    }

    // ---- SQL over HTTP: the JSON pipeline ----

    /**
     * Runs statements on the server, each in its own implicit transaction, in one pipeline request.
     * @param sql the statements
     * @throws IllegalStateException when one fails (those before it stay applied)
     */
    public void execute(String... sql) {
        pipeline(Stream.of(sql).map(s -> new Object[] { s, new Object[0] }).toList());
    }

    /**
     * Runs one statement with positional parameters ({@code ?}) on the server. Parameters may be
     * {@code null}, integral numbers, floating point numbers, strings, booleans or {@code byte[]}.
     * (The server ignores named parameters.)
     * @param sql the statement
     * @param args its parameters
     */
    public void executeWith(String sql, Object... args) {
        pipeline(List.<Object[]>of(new Object[] { sql, args }));
    }

    /**
     * Runs a query on the server.
     * @param sql the query, with positional parameters ({@code ?})
     * @param args its parameters, as for {@link #executeWith}
     * @return the rows, each a map from column name to value ({@link Long}, {@link Double},
     * {@link String}, {@code byte[]} or {@code null}), in column order
     */
    public List<Map<String, Object>> query(String sql, Object... args) {
        return pipeline(List.<Object[]>of(new Object[] { sql, args })).get(0);
    }

    /**
     * @param sql a query that yields one row with one integer (such as {@code SELECT count(*) ...})
     * @param args its parameters
     * @return that integer
     */
    public long queryLong(String sql, Object... args) {
        List<Map<String, Object>> rows = query(sql, args);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new IllegalStateException("expected one row with one column from " + sql + ", got " + rows);
        }
        Object value = rows.get(0).values().iterator().next();
        if (!(value instanceof Long n)) {
            throw new IllegalStateException("expected an integer from " + sql + ", got " + value);
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private List<List<Map<String, Object>>> pipeline(List<Object[]> statements) {
        StringBuilder body = new StringBuilder("{\"requests\":[");
        for (int i = 0; i < statements.size(); i++) {
            body.append((i > 0) ? "," : "")
                .append("{\"type\":\"execute\",\"stmt\":{\"sql\":")
                .append(Json.quote((String) statements.get(i)[0]))
                .append(",\"args\":[");
            Object[] args = (Object[]) statements.get(i)[1];
            for (int a = 0; a < args.length; a++) {
                body.append((a > 0) ? "," : "").append(pipelineValue(args[a]));
            }
            body.append("]}}");
        }
        // No {"type":"close"}: tursodb's sync server only knows "execute" and "batch" and rejects
        // the whole pipeline otherwise. It keeps no stream state, so there is nothing to close.
        body.append("]}");
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/v2/pipeline"))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
            .build();
        HttpResponse<String> response;
        try {
            response = this.http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("sync server at " + url() + " did not answer", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("sync server answered " + response.statusCode() + ": " + response.body());
        }
        Map<String, Object> answer = (Map<String, Object>) Json.parse(response.body());
        List<Object> results = (List<Object>) answer.get("results");
        List<List<Map<String, Object>>> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Map<String, Object> result = (Map<String, Object>) results.get(i);
            if (!"ok".equals(result.get("type"))) {
                Map<String, Object> error = (Map<String, Object>) result.get("error");
                throw new IllegalStateException("sync server failed " + statements.get(i)[0] + ": "
                        + ((error != null) ? error.get("message") : result));
            }
            Map<String, Object> executed = (Map<String, Object>) ((Map<String, Object>) result.get("response")).get("result");
            List<Object> cols = (List<Object>) executed.get("cols");
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Object row : (List<Object>) executed.get("rows")) {
                List<Object> cells = (List<Object>) row;
                Map<String, Object> map = new LinkedHashMap<>();
                for (int c = 0; c < cells.size(); c++) {
                    map.put((String) ((Map<String, Object>) cols.get(c)).get("name"),
                            javaValue((Map<String, Object>) cells.get(c)));
                }
                rows.add(Collections.unmodifiableMap(map));
            }
            out.add(Collections.unmodifiableList(rows));
        }
        return out;
    }

    private static String pipelineValue(Object value) {
        if (value == null) {
            return "{\"type\":\"null\"}";
        }
        if (value instanceof Boolean b) {
            return "{\"type\":\"integer\",\"value\":\"" + (b ? 1 : 0) + "\"}";
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return "{\"type\":\"integer\",\"value\":\"" + value + "\"}";
        }
        if (value instanceof Double || value instanceof Float) {
            return "{\"type\":\"float\",\"value\":" + value + "}";
        }
        if (value instanceof byte[] bytes) {
            return "{\"type\":\"blob\",\"base64\":\"" + Base64.getEncoder().encodeToString(bytes) + "\"}";
        }
        return "{\"type\":\"text\",\"value\":" + Json.quote(value.toString()) + "}";
    }

    private static Object javaValue(Map<String, Object> cell) {
        String type = (String) cell.get("type");
        return switch (type) {
            case "null" -> null;
            case "integer" -> Long.valueOf((String) cell.get("value"));
            case "float" -> ((Number) cell.get("value")).doubleValue();
            case "text" -> (String) cell.get("value");
            case "blob" -> Base64.getDecoder().decode((String) cell.get("base64"));
            default -> throw new IllegalStateException("unknown pipeline value type " + type);
        };
    }

    // ---- process ----

    private void launch(int port) {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        if (this.database != null) {
            command.add(this.database.toString());
        }
        command.add("--sync-server");
        command.add("127.0.0.1:" + port);
        long logStart = logSize();
        Process started;
        try {
            appendLog("---- " + String.join(" ", command) + "\n");
            started = new ProcessBuilder(command).directory(this.workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot start " + command, ex);
        }
        RUNNING.add(started);
        this.process = started;
        this.port = port;
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                break;
            }
            if (answersHttp() && started.isAlive() && listens(started.pid(), port)) {
                return;
            }
            sleep(50);
        }
        String why = started.isAlive() ? "did not answer within " + START_TIMEOUT : "exited with " + exitCode(started);
        destroy(started, true);
        this.process = null;
        throw new IllegalStateException("tursodb sync server on port " + port + " " + why + "; its output:\n" + logSince(logStart));
    }

    private boolean answersHttp() {
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url() + "/")).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            this.http.send(probe, HttpResponse.BodyHandlers.discarding());
            return true; // any status (the server answers 404 here) means it is up
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

    /**
     * Whether process {@code pid} holds the listening socket of {@code port}, so the probe did not
     * reach someone else's server on a port we lost. True when /proc cannot tell.
     */
    private static boolean listens(long pid, int port) {
        Path tcp = Path.of("/proc/net/tcp");
        Path fds = Path.of("/proc/" + pid + "/fd");
        if (!Files.isReadable(tcp) || !Files.isDirectory(fds)) {
            return true;
        }
        try {
            String portHex = String.format(Locale.ROOT, ":%04X", port);
            List<String> inodes = new ArrayList<>();
            for (String line : Files.readAllLines(tcp)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[1].endsWith(portHex) && "0A".equals(f[3])) {
                    inodes.add("socket:[" + f[9] + "]");
                }
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(fds)) {
                for (Path fd : entries) {
                    try {
                        if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
                            return true;
                        }
                    }
                    catch (IOException ex) {
                        // the descriptor closed while we looked
                    }
                }
            }
            return false;
        }
        catch (IOException ex) {
            return true;
        }
    }

    private void terminate(boolean forcibly) {
        Process running = this.process;
        this.process = null;
        if (running != null) {
            destroy(running, forcibly);
        }
    }

    private static void destroy(Process process, boolean forcibly) {
        RUNNING.remove(process);
        try {
            if (forcibly) {
                process.destroyForcibly();
            }
            else {
                process.destroy();
            }
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("tursodb (pid " + process.pid() + ") did not exit");
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("no free port on 127.0.0.1", ex);
        }
    }

    private static String exitCode(Process process) {
        try {
            return String.valueOf(process.exitValue());
        }
        catch (IllegalThreadStateException ex) {
            return "?";
        }
    }

    private long logSize() {
        try {
            return Files.exists(this.log) ? Files.size(this.log) : 0;
        }
        catch (IOException ex) {
            return 0;
        }
    }

    private void appendLog(String line) throws IOException {
        Files.writeString(this.log, line, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private String logSince(long offset) {
        try {
            byte[] all = Files.readAllBytes(this.log);
            int from = (int) Math.min(offset, all.length);
            String text = new String(all, from, all.length - from, StandardCharsets.UTF_8);
            return (text.length() > 4000) ? text.substring(0, 4000) + "\n..." : text;
        }
        catch (IOException ex) {
            return "(cannot read " + this.log + ": " + ex + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

    // ---- the binary ----

    /**
     * The {@code tursodb} binary: the {@code turso4j.tursodb} system property, or the cached npm
     * package of {@link #VERSION}, fetched when missing.
     * @return its path
     */
    public static Path binary() {
        Path found = binary;
        if (found == null) {
            synchronized (SyncServer.class) {
                found = binary;
                if (found == null) {
                    found = resolveBinary();
                    binary = found;
                }
            }
        }
        return found;
    }

    private static Path resolveBinary() {
        String given = System.getProperty("turso4j.tursodb");
        if (given != null && !given.isBlank()) {
            Path path = Path.of(given).toAbsolutePath();
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw new IllegalStateException("turso4j.tursodb=" + given + " is not an executable file");
            }
            return path;
        }
        Path folder = Path.of(System.getProperty("user.home"), ".cache", "turso4j", "cli", VERSION);
        Path path = folder.resolve("package").resolve("tursodb");
        if (!Files.isExecutable(path)) {
            download(folder);
        }
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("no tursodb at " + path + " after fetching " + PACKAGE + "@" + VERSION);
        }
        return path;
    }

    /**
     * Fetches the npm package into a temporary folder next to its final place, then renames its
     * {@code package} folder into place. When another JVM wins the race the rename fails and its
     * copy is used.
     */
    private static void download(Path folder) {
        Path scratch;
        try {
            Files.createDirectories(folder);
            scratch = Files.createTempDirectory(folder, "fetch-");
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot prepare " + folder, ex);
        }
        Path log = folder.resolve(scratch.getFileName() + ".log");
        boolean ok = false;
        try {
            run(scratch, log, "npm", "pack", "--silent", PACKAGE + "@" + VERSION);
            Path tgz;
            try (Stream<Path> files = Files.list(scratch)) {
                tgz = files.filter(f -> f.getFileName().toString().endsWith(".tgz"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("npm pack left no .tgz; see " + log));
            }
            run(scratch, log, "tar", "xzf", tgz.getFileName().toString());
            Path extracted = scratch.resolve("package");
            Path tursodb = extracted.resolve("tursodb");
            if (!Files.isRegularFile(tursodb)) {
                throw new IllegalStateException(PACKAGE + "@" + VERSION + " has no package/tursodb; see " + log);
            }
            Files.setPosixFilePermissions(tursodb, PosixFilePermissions.fromString("rwxr-xr-x"));
            try {
                Files.move(extracted, folder.resolve("package"), StandardCopyOption.ATOMIC_MOVE);
            }
            catch (IOException ex) {
                // Another JVM moved its copy in first (the target exists and is not empty).
                if (!Files.isExecutable(folder.resolve("package").resolve("tursodb"))) {
                    throw ex;
                }
            }
            ok = true;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot fetch " + PACKAGE + "@" + VERSION + "; see " + log, ex);
        }
        finally {
            deleteTree(scratch);
            if (ok) {
                try {
                    Files.deleteIfExists(log);
                }
                catch (IOException ex) {
                    // leave it
                }
            }
        }
    }

    private static void run(Path dir, Path log, String... command) throws IOException {
        Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        Process process = new ProcessBuilder(command).directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
        try {
            if (!process.waitFor(DOWNLOAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                throw new IllegalStateException(String.join(" ", command) + " took more than " + DOWNLOAD_TIMEOUT + "; see " + log);
            }
        }
        catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + process.exitValue()
                    + "; see " + log);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                }
                catch (IOException ex) {
                    // best effort
                }
            });
        }
        catch (IOException ex) {
            // best effort
        }
    }

    @Override
    public String toString() {
        return "SyncServer[" + url() + ", " + ((this.database != null) ? this.database : ":memory:") + "]";
    }
}
