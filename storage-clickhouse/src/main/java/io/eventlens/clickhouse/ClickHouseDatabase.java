package io.eventlens.clickhouse;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * The engine's one path to ClickHouse: its HTTP interface, on the app's own non-blocking HTTP client (Reactor Netty)
 * and event loops. Statements travel in the request body; their values as server-side query parameters
 * ({@code {p0:String}} in the SQL, {@code param_p0} in the URL), so no value is ever written into SQL text, here or by
 * a driver. Answers come as {@code JSONCompactEachRowWithNamesAndTypes} and are read by {@link CompactJsonAnswer}.
 * It replaced the clickhouse-r2dbc driver, which wrote values into the SQL text and ran a blocking HTTP client of its
 * own (measured in docs/benchmarks.md).
 */
final class ClickHouseDatabase implements AutoCloseable {

    private final ConnectionProvider connections;
    private final HttpClient http;

    ClickHouseDatabase(ClickHouseSettings settings) {
        // Idle connections are dropped after 3 s, before ClickHouse's own keep-alive timeout (10 s by default) can
        // close one under a request.
        this.connections = ConnectionProvider.builder("eventlens-clickhouse")
                .maxConnections(64)
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(Duration.ofSeconds(3))
                .build();
        this.http = HttpClient.create(connections).baseUrl(settings.url()).headers(headers -> {
            headers.set("X-ClickHouse-User", settings.username());
            if (settings.password() != null) {
                headers.set("X-ClickHouse-Key", settings.password());
            }
            headers.set("X-ClickHouse-Database", settings.database());
        });
    }

    /** Runs one query; server and network failures become {@code StorageUnavailableException}. */
    <T> Flux<T> query(SqlStatement statement, Function<ResultRow, T> mapper) {
        StringBuilder uri = new StringBuilder("/?wait_end_of_query=1");
        List<String> bindings = statement.bindings();
        for (int i = 0; i < bindings.size(); i++) {
            uri.append("&param_")
                    .append(SqlParameters.name(i))
                    .append('=')
                    .append(urlEncoded(escaped(bindings.get(i))));
        }
        return http.headers(headers -> headers.set("X-ClickHouse-Format", CompactJsonAnswer.FORMAT))
                .post()
                .uri(uri.toString())
                .send(ByteBufFlux.fromString(Mono.just(statement.sql())))
                .responseSingle((response, body) -> body.asByteArray()
                        .defaultIfEmpty(new byte[0])
                        .map(bytes -> CompactJsonAnswer.read(answered(response, bytes))))
                .flatMapIterable(rows -> rows)
                .map(mapper)
                .onErrorMap(StorageFailures::isDriverFailure, StorageFailures::translate);
    }

    /** Inserts newline-delimited JSON objects into {@code table} in one request. */
    Mono<Void> insertJsonEachRow(String table, byte[] rows) {
        return http.post()
                .uri("/?query=" + urlEncoded("INSERT INTO " + table + " FORMAT JSONEachRow"))
                .send(ByteBufFlux.fromInbound(Mono.just(rows)))
                .responseSingle((response, body) ->
                        body.asByteArray().defaultIfEmpty(new byte[0]).map(bytes -> answered(response, bytes)))
                .then()
                .onErrorMap(StorageFailures::isDriverFailure, StorageFailures::translate);
    }

    /** Runs a statement without parameters or rows, e.g. DDL, and waits for it. */
    void execute(String sql) {
        http.post()
                .uri("/?wait_end_of_query=1")
                .send(ByteBufFlux.fromString(Mono.just(sql)))
                .responseSingle((response, body) ->
                        body.asByteArray().defaultIfEmpty(new byte[0]).map(bytes -> answered(response, bytes)))
                .onErrorMap(StorageFailures::isDriverFailure, StorageFailures::translate)
                .block();
    }

    /** The body of a successful answer; ClickHouse's error (code and message) for any other. */
    private static byte[] answered(HttpClientResponse response, byte[] body) {
        if (response.status().equals(HttpResponseStatus.OK)) {
            return body;
        }
        String code = response.responseHeaders().get("X-ClickHouse-Exception-Code");
        String message = new String(body, StandardCharsets.UTF_8).strip();
        throw new ClickHouseServerException(
                code == null || !code.matches("[0-9]{1,9}") ? 0 : Integer.parseInt(code),
                "HTTP " + response.status().code() + ": " + message);
    }

    /**
     * ClickHouse reads a {@code String} parameter's value in its escaped text form (as a TabSeparated field): a
     * backslash, tab or line break in the value itself must be escaped to arrive unchanged.
     */
    static String escaped(String value) {
        if (value.indexOf('\\') < 0 && value.indexOf('\t') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    private static String urlEncoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        connections.dispose();
    }
}
