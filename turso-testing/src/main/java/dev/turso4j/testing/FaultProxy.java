package dev.turso4j.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A small HTTP/1.1 proxy on 127.0.0.1, on plain sockets, between a replica and a {@link SyncServer}:
 * it forwards every request and records what went through (the {@code Authorization} header
 * included), and it plays the network going wrong, request by request: a black hole (the answer
 * never comes), a slow drip (a byte a second), a connection reset half-way through the answer, an
 * error page that echoes the request's headers, a 403, a 20 MB error body, a delay, a lost answer;
 * or, for all connections, a remote that is gone (connection refused) or that no longer accepts
 * (connecting hangs).
 */
public final class FaultProxy implements AutoCloseable {

    /** What happens to a request. */
    public enum Fault {

        /** Forwarded; the answer comes back as the server gave it. */
        NONE,
        /** Not forwarded, never answered: the connection stays open and silent. */
        BLACK_HOLE,
        /** Forwarded; the answer comes back a byte a second. */
        SLOW_DRIP,
        /** Forwarded; half of the answer comes back, then the connection is reset. */
        RESET_MID_RESPONSE,
        /** Forwarded, then the connection closes without an answer (the server did the work). */
        LOST_ANSWER,
        /** Not forwarded: HTTP 500 whose body is the request's own headers, the token included. */
        ECHO_HEADERS,
        /** Not forwarded: HTTP 403. */
        FORBIDDEN,
        /** Not forwarded: HTTP 500 with a 20 MB body. */
        HUGE_ERROR_BODY

    }

    /**
     * One request that came in.
     * @param method the HTTP method
     * @param path the path and query
     * @param authorization the {@code Authorization} header, or {@code null}
     * @param fault what was done to it
     * @param status the status answered (-1 for none)
     */
    public record Exchange(String method, String path, String authorization, Fault fault, int status) {

        /** @return whether an answer was sent back in full (the status is the server's either way) */
        public boolean answered() {
            return this.status >= 0 && !Set.of(Fault.SLOW_DRIP, Fault.RESET_MID_RESPONSE, Fault.LOST_ANSWER).contains(this.fault);
        }
    }

    /**
     * A request as received.
     * @param method the HTTP method
     * @param path the path and query
     * @param headers the headers, names in lower case
     * @param body the body
     */
    public record Request(String method, String path, Map<String, String> headers, byte[] body) {

        /** @return whether it is a push (a {@code /v2/pipeline} request: statements as JSON) */
        public boolean isPush() {
            return this.path.startsWith("/v2/pipeline");
        }

        /** @return whether it is a pull (or bootstrap) */
        public boolean isPull() {
            return this.path.startsWith("/pull-updates");
        }

        /** @return the body as UTF-8 text (pushes are JSON; pulls are protobuf) */
        public String bodyText() {
            return new String(this.body, StandardCharsets.UTF_8);
        }
    }

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive");

    private static final int HUGE_BODY = 20 * 1024 * 1024;

    private final String target;

    private final int port;

    private final HttpClient client = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .version(HttpClient.Version.HTTP_1_1)
        .build();

    private final List<Exchange> exchanges = new ArrayList<>();

    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private final List<Rule> rules = new ArrayList<>();

    private ServerSocket listener;

    /** Connections made to ourselves to fill the accept queue (see {@link #stopAccepting()}). */
    private final List<Socket> queueFillers = new ArrayList<>();

    private volatile boolean closed;

    private record Rule(Predicate<Request> requests, Fault fault, Duration delay, boolean once) {
    }

    private FaultProxy(String target) throws IOException {
        this.target = target;
        this.listener = listen(0, 50);
        this.port = this.listener.getLocalPort();
        serve(this.listener);
    }

    /**
     * @param target where to forward, such as {@link SyncServer#url()}
     * @return the running proxy
     * @throws IOException when it cannot listen
     */
    public static FaultProxy start(String target) throws IOException {
        return new FaultProxy(target);
    }

    /** @return {@code http://127.0.0.1:<port>} of the proxy */
    public String url() {
        return "http://127.0.0.1:" + this.port;
    }

    /** @return a copy of the exchanges so far, oldest first */
    public synchronized List<Exchange> exchanges() {
        return List.copyOf(this.exchanges);
    }

    /**
     * @param requests which requests, from now on
     * @param fault what happens to them
     */
    public synchronized void inject(Predicate<Request> requests, Fault fault) {
        this.rules.add(new Rule(requests, fault, Duration.ZERO, false));
    }

    /**
     * Forwards the next request that matches, then closes the connection without an answer (once).
     * @param request which request
     */
    public synchronized void dropNextAnswer(Predicate<Request> request) {
        this.rules.add(new Rule(request, Fault.LOST_ANSWER, Duration.ZERO, true));
    }

    /**
     * Holds every matching request for {@code delay} before forwarding it.
     * @param requests which requests
     * @param delay how long
     */
    public synchronized void delay(Predicate<Request> requests, Duration delay) {
        this.rules.add(new Rule(requests, Fault.NONE, delay, false));
    }

    /** Ends every fault and delay: requests are forwarded as they come. */
    public synchronized void heal() {
        this.rules.clear();
    }

    /** The remote goes away: connections are refused, those open are cut. */
    public synchronized void goAway() throws IOException {
        this.listener.close();
        closeAll(this.queueFillers);
        closeAll(this.open);
    }

    /** The remote comes back on the same port, accepting and answering again. */
    public synchronized void comeBack() throws IOException {
        goAway();
        this.listener = listen(this.port, 50);
        serve(this.listener);
    }

    /**
     * The remote stops accepting connections: its accept queue is full, so connecting hangs (as with
     * a dropped SYN) until the client's connect timeout. {@link #comeBack()} ends it.
     */
    public synchronized void stopAccepting() throws IOException {
        goAway();
        this.listener = listen(this.port, 1);
        // Linux queues backlog + 1 connections; past that, new SYNs are dropped.
        for (int i = 0; i < 3; i++) {
            Socket filler = new Socket();
            try {
                filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 200);
                this.queueFillers.add(filler);
            }
            catch (IOException ex) {
                filler.close();
                break;
            }
        }
    }

    /**
     * Listens on {@code port} (0: any). Listening again on the port of connections just cut can fail
     * for a moment while the kernel still holds them (closing, not yet in TIME_WAIT, which
     * SO_REUSEADDR allows): that is retried for a few seconds.
     */
    private static ServerSocket listen(int port, int backlog) throws IOException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            try {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
                return socket;
            }
            catch (java.net.BindException ex) {
                socket.close();
                if (port == 0 || System.nanoTime() > giveUp) {
                    throw ex;
                }
                try {
                    Thread.sleep(50);
                }
                catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw ex;
                }
            }
        }
    }

    private void serve(ServerSocket socket) {
        daemon("fault-proxy-accept", () -> {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    if (!keep(socket, connection)) {
                        return;
                    }
                    daemon("fault-proxy", () -> handle(connection));
                }
                catch (IOException ex) {
                    return;
                }
            }
        });
    }

    /**
     * Counts an accepted connection as open, unless its listener closed meanwhile: {@link #goAway()}
     * has then already closed the open ones, and this one would stay open on the port.
     */
    private synchronized boolean keep(ServerSocket listener, Socket connection) throws IOException {
        if (listener.isClosed()) {
            connection.close();
            return false;
        }
        this.open.add(connection);
        return true;
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private synchronized Rule ruleFor(Request request) {
        for (int i = this.rules.size() - 1; i >= 0; i--) {
            Rule rule = this.rules.get(i);
            if (rule.requests().test(request)) {
                if (rule.once()) {
                    this.rules.remove(i);
                }
                return rule;
            }
        }
        return new Rule((r) -> true, Fault.NONE, Duration.ZERO, false);
    }

    private synchronized void record(Request request, Fault fault, int status) {
        this.exchanges.add(new Exchange(request.method(), request.path(), request.headers().get("authorization"), fault,
                status));
    }

    /** Serves the requests of one connection, one after the other (keep-alive). */
    private void handle(Socket connection) {
        try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
            Request request;
            while (!this.closed && (request = read(in)) != null) {
                Rule rule = ruleFor(request);
                if (!rule.delay().isZero()) {
                    Thread.sleep(rule.delay().toMillis());
                }
                switch (rule.fault()) {
                    case BLACK_HOLE -> {
                        record(request, Fault.BLACK_HOLE, -1);
                        while (!this.closed && !connection.isClosed()) {
                            Thread.sleep(50);
                        }
                        return;
                    }
                    case ECHO_HEADERS -> {
                        StringBuilder echoed = new StringBuilder("bad gateway; request headers were:\r\n");
                        request.headers().forEach((name, value) -> echoed.append(name).append(": ").append(value).append("\r\n"));
                        respond(request, Fault.ECHO_HEADERS, 500, echoed.toString().getBytes(StandardCharsets.UTF_8), out);
                        continue;
                    }
                    case FORBIDDEN -> {
                        respond(request, Fault.FORBIDDEN, 403, "{\"error\":\"forbidden: read-only token\"}".getBytes(), out);
                        continue;
                    }
                    case HUGE_ERROR_BODY -> {
                        record(request, Fault.HUGE_ERROR_BODY, 500);
                        writeHead(out, 500, Map.of(), HUGE_BODY);
                        byte[] page = "<html>error</html>".repeat(1024).getBytes(StandardCharsets.UTF_8);
                        for (int sent = 0; sent < HUGE_BODY; sent += page.length) {
                            out.write(page, 0, Math.min(page.length, HUGE_BODY - sent));
                        }
                        out.flush();
                        continue;
                    }
                    default -> {
                        if (!forward(request, rule.fault(), connection, out)) {
                            return;
                        }
                    }
                }
            }
        }
        catch (IOException ex) {
            // the client went away
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            this.open.remove(connection);
        }
    }

    /** @return whether the connection can serve another request */
    private boolean forward(Request request, Fault fault, Socket connection, OutputStream out)
            throws IOException, InterruptedException {
        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(this.target + request.path()))
            .timeout(Duration.ofSeconds(60))
            .method(request.method(), (request.body().length == 0) ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, value) -> {
            if (!HOP_BY_HOP.contains(name)) {
                forward.header(name, value);
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = this.client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (IOException ex) {
            respond(request, fault, 502, new byte[0], out);
            return true;
        }
        int status = response.statusCode();
        byte[] body = response.body();
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                headers.put(name, String.join(",", values));
            }
        });
        record(request, fault, status);
        switch (fault) {
            case LOST_ANSWER -> {
                return false;
            }
            case RESET_MID_RESPONSE -> {
                writeHead(out, status, headers, body.length);
                out.write(body, 0, body.length / 2);
                out.flush();
                connection.setSoLinger(true, 0); // close with RST
                return false;
            }
            case SLOW_DRIP -> {
                writeHead(out, status, headers, body.length);
                for (byte b : body) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(1000);
                }
                return true;
            }
            default -> {
                writeHead(out, status, headers, body.length);
                out.write(body);
                out.flush();
                return true;
            }
        }
    }

    private void respond(Request request, Fault fault, int status, byte[] body, OutputStream out) throws IOException {
        record(request, fault, status);
        writeHead(out, status, Map.of("Content-Type", "text/plain"), body.length);
        out.write(body);
        out.flush();
    }

    private static void writeHead(OutputStream out, int status, Map<String, String> headers, long length) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(length).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** @return the next request on the connection, or {@code null} at its end */
    private static Request read(InputStream in) throws IOException {
        String requestLine = line(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
                chunks.write(in.readNBytes(size));
                line(in);
            }
            line(in);
            body = chunks.toByteArray();
        }
        else {
            body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        }
        return new Request(parts[0], parts[1], headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return (line.size() == 0) ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void closeAll(Iterable<Socket> sockets) {
        for (Socket socket : sockets) {
            try {
                socket.close();
            }
            catch (IOException ignored) {
                // closing anyway
            }
        }
        if (sockets instanceof java.util.Collection<Socket> collection) {
            collection.clear();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        this.closed = true;
        goAway();
    }
}
