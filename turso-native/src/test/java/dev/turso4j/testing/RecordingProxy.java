package dev.turso4j.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A small HTTP proxy on 127.0.0.1 between a replica and a {@link SyncServer}: it forwards every
 * request, records what went through (the {@code Authorization} header included), and can drop the
 * answer of a chosen request to act out a connection lost after the server did the work.
 */
public final class RecordingProxy implements AutoCloseable {

    /**
     * One request that went through.
     * @param method the HTTP method
     * @param path the path and query
     * @param authorization the {@code Authorization} header, or {@code null}
     * @param status the status the target answered, or -1 when it could not be reached
     * @param answered whether the answer reached the client
     */
    public record Exchange(String method, String path, String authorization, int status, boolean answered) {
    }

    /**
     * A request as the proxy received it.
     * @param method the HTTP method
     * @param path the path and query
     * @param body the body
     */
    public record Request(String method, String path, byte[] body) {

        /** @return the body as UTF-8 text (the Hrana pipeline is JSON; pulls are protobuf) */
        public String bodyText() {
            return new String(this.body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "transfer-encoding", "keep-alive");

    private final String target;

    private final HttpServer server;

    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "recording-proxy");
        thread.setDaemon(true);
        return thread;
    });

    private final HttpClient client = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .version(HttpClient.Version.HTTP_1_1)
        .build();

    private final List<Exchange> exchanges = new ArrayList<>();

    private Predicate<Request> dropAnswer;

    private Predicate<Request> delayed = (r) -> false;

    private Duration delay = Duration.ZERO;

    private RecordingProxy(String target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.createContext("/", this::handle);
        this.server.setExecutor(this.executor);
        this.server.start();
    }

    /**
     * @param target where to forward, such as {@link SyncServer#url()}
     * @return the running proxy
     * @throws IOException when it cannot listen
     */
    public static RecordingProxy start(String target) throws IOException {
        return new RecordingProxy(target);
    }

    /** @return {@code http://127.0.0.1:<port>} of the proxy */
    public String url() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort();
    }

    /** @return a copy of the exchanges so far, oldest first */
    public synchronized List<Exchange> exchanges() {
        return List.copyOf(this.exchanges);
    }

    /**
     * Forwards the next request that matches, then closes the client's connection without an
     * answer (once; later requests are answered again).
     * @param request which request
     */
    public synchronized void dropNextAnswer(Predicate<Request> request) {
        this.dropAnswer = request;
    }

    /**
     * Holds every matching request for {@code delay} before forwarding it, as a slow network or a
     * server that stopped answering would ({@link #close()} ends the waits).
     * @param requests which requests
     * @param delay how long
     */
    public synchronized void delay(Predicate<Request> requests, Duration delay) {
        this.delayed = requests;
        this.delay = delay;
    }

    private synchronized Duration delayOf(Request request) {
        return this.delayed.test(request) ? this.delay : Duration.ZERO;
    }

    private synchronized boolean takeDrop(Request request) {
        if (this.dropAnswer != null && this.dropAnswer.test(request)) {
            this.dropAnswer = null;
            return true;
        }
        return false;
    }

    private synchronized void record(Exchange exchange) {
        this.exchanges.add(exchange);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath()
                + ((exchange.getRequestURI().getRawQuery() != null) ? "?" + exchange.getRequestURI().getRawQuery() : "");
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Duration wait = delayOf(new Request(exchange.getRequestMethod(), path, body));
            if (!wait.isZero()) {
                try {
                    Thread.sleep(wait.toMillis());
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(this.target + path))
                .timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), (body.length == 0) ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
                if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    header.getValue().forEach(v -> forward.header(header.getKey(), v));
                }
            }
            HttpResponse<byte[]> response;
            try {
                response = this.client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            }
            catch (IOException ex) {
                record(new Exchange(exchange.getRequestMethod(), path, authorization, -1, true));
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            if (takeDrop(new Request(exchange.getRequestMethod(), path, body))) {
                // Closing the exchange before any header is sent closes the connection.
                record(new Exchange(exchange.getRequestMethod(), path, authorization, response.statusCode(), false));
                return;
            }
            record(new Exchange(exchange.getRequestMethod(), path, authorization, response.statusCode(), true));
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    values.forEach(v -> exchange.getResponseHeaders().add(name, v));
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), (answer.length == 0) ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }

    @Override
    public void close() {
        this.server.stop(0);
        this.executor.shutdownNow();
    }
}
