package io.eventlens.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The replaying harness asks the server once per query text (values in parameters or quoted literals aside) and
 * always passes inserts and DDL through.
 */
class ReplayingClickHouseTests {

    @Test
    void aQueryTextIsAskedOnceAndInsertsAlwaysPassThrough() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] answer = ("answer " + asked.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("X-ClickHouse-Format", "TabSeparated");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        upstream.start();
        try (ReplayingClickHouse replaying = new ReplayingClickHouse(
                        URI.create("http://127.0.0.1:" + upstream.getAddress().getPort()), 0);
                HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + replaying.port();

            String first = post(http, base + "/?wait_end_of_query=1&param_p0=a", "SELECT {p0:String} AS v");
            String second = post(http, base + "/?wait_end_of_query=1&param_p0=b", "SELECT {p0:String} AS v");
            String other = post(http, base + "/", "SELECT 2 AS v");
            String literal = post(http, base + "/", "SELECT 'it''s' AS v, 'a\\'b' AS w");
            String otherLiteral = post(http, base + "/", "SELECT 'x' AS v, 'y' AS w");
            post(http, base + "/?query=INSERT%20INTO%20events%20FORMAT%20JSONEachRow", "{}");
            post(http, base + "/?query=INSERT%20INTO%20events%20FORMAT%20JSONEachRow", "{}");
            post(http, base + "/", "CREATE TABLE t (x UInt8) ENGINE = Memory");

            assertThat(first).isEqualTo("answer 1");
            assertThat(second).isEqualTo(first);
            assertThat(other).isEqualTo("answer 2");
            assertThat(literal).isEqualTo("answer 3");
            assertThat(otherLiteral).isEqualTo(literal);
            assertThat(asked.get()).isEqualTo(6);
            assertThat(replaying.replayed()).isEqualTo(2);
            assertThat(replaying.forwarded()).isEqualTo(6);
        } finally {
            upstream.stop(0);
        }
    }

    private static String post(HttpClient http, String uri, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(uri))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
