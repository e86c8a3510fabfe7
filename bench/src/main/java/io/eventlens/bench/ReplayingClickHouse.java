package io.eventlens.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A ClickHouse HTTP endpoint that answers each query text it has seen before with the answer the real server gave it
 * the first time, whatever its parameters (or quoted literals): a harness for measuring the <em>app's</em> CPU per report on ClickHouse
 * at the warm-up the PostgreSQL figures get (thousands of reports), which the chdb-wasm test front cannot serve (its
 * memory only grows). The app does the same work for a replayed answer as for a fresh one of the same shape: it
 * plans, writes the SQL, sends it, reads the answer. Statements that change data (inserts, DDL) always go through.
 *
 * <pre>
 * java -cp 'bench/target/bench.jar:bench/target/lib/*' io.eventlens.bench.ReplayingClickHouse \
 *      --upstream http://127.0.0.1:18123 [--port 18124]
 * </pre>
 *
 * Then start the app with {@code --eventlens.storage.clickhouse.url=http://127.0.0.1:18124}. Latencies measured through
 * it are not ClickHouse's.
 */
public final class ReplayingClickHouse implements AutoCloseable {

    private static final Pattern READ = Pattern.compile("^\\s*(SELECT|WITH)\\b", Pattern.CASE_INSENSITIVE);
    /** A quoted literal: clients that write values into the SQL text (old drivers) still get one answer per shape. */
    private static final Pattern LITERAL = Pattern.compile("'(?:[^'\\\\]|\\\\.|'')*'");

    private static final List<String> FORWARDED_HEADERS = List.of(
            "X-ClickHouse-User", "X-ClickHouse-Key", "X-ClickHouse-Database", "X-ClickHouse-Format", "Authorization");

    static {
        // The JDK's server writes an answer's headers and body apart; with Nagle's algorithm the body could wait for
        // the app's delayed acknowledgement, a delay that is neither the app's nor ClickHouse's.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final HttpClient upstreamClient = HttpClient.newHttpClient();
    private final URI upstream;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();

    private record Answer(int status, byte[] body, @Nullable String format) {}

    public ReplayingClickHouse(URI upstream, int port) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args, Map.of("upstream", "http://127.0.0.1:8123", "port", "18124"));
        ReplayingClickHouse replaying =
                new ReplayingClickHouse(URI.create(options.text("upstream")), options.integer("port"));
        System.out.println("replaying ClickHouse answers from " + options.text("upstream") + " on port "
                + replaying.port() + "; Ctrl-C to stop");
        while (true) {
            Thread.sleep(30_000);
            System.out.println(replaying.replayed() + " answers replayed, " + replaying.forwarded() + " forwarded");
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public long replayed() {
        return replayed.get();
    }

    public long forwarded() {
        return forwarded.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            boolean statementInUrl = rawQuery != null
                    && java.util.Arrays.stream(rawQuery.split("&")).anyMatch(p -> p.startsWith("query="));
            String sql = new String(body, StandardCharsets.UTF_8);
            Answer answer;
            if (!statementInUrl && READ.matcher(sql).find()) {
                String shape = LITERAL.matcher(sql).replaceAll("?");
                Answer known = answers.get(shape);
                if (known != null) {
                    replayed.incrementAndGet();
                    answer = known;
                } else {
                    answer = forward(exchange, body);
                    if (Boolean.getBoolean("replay.debug")) {
                        System.err.println("new shape (" + answer.status() + "): " + shape);
                    }
                    if (answer.status() == 200) {
                        answers.putIfAbsent(shape, answer);
                    }
                }
            } else {
                answer = forward(exchange, body);
            }
            if (answer.format() != null) {
                exchange.getResponseHeaders().set("X-ClickHouse-Format", answer.format());
            }
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    private Answer forward(HttpExchange exchange, byte[] body) throws IOException {
        forwarded.incrementAndGet();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        upstream.resolve("/" + (rawQuery == null ? "" : "?" + rawQuery)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : FORWARDED_HEADERS) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        try {
            HttpResponse<byte[]> response =
                    upstreamClient.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            String code =
                    response.headers().firstValue("X-ClickHouse-Exception-Code").orElse(null);
            if (code != null) {
                exchange.getResponseHeaders().set("X-ClickHouse-Exception-Code", code);
            }
            return new Answer(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue("X-ClickHouse-Format").orElse(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + upstream, e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        upstreamClient.close();
    }
}
