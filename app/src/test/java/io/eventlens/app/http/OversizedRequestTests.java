package io.eventlens.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensAppTest;
import io.eventlens.app.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A request line or header block over the server's limits gets its 414 or 431 at once, also on a kept-alive
 * connection right after another answer: there Reactor Netty 1.3.8 sometimes sent nothing (found by the HTTP fuzzer,
 * about 1 request in 200). The header case with a body, as ApiKeyTests once saw it unanswered (1 suite run in 5),
 * loops here too; it has not failed since (docs/reliability.md).
 */
@EventLensAppTest
class OversizedRequestTests {

    private static final int ATTEMPTS = 100;

    @LocalServerPort
    int port;

    @Test
    void anOversizedRequestLineAfterAnAnswerOnTheSameConnectionGets414() throws IOException {
        List<Integer> unanswered = new ArrayList<>();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String status = afterAnAnswer("GET /v1/reports.csv?metrics=" + "x".repeat(4_200 + attempt) + " HTTP/1.1\r\n"
                    + "Host: localhost\r\n\r\n");
            if (!status.startsWith("HTTP/1.1 414")) {
                unanswered.add(attempt);
            }
        }
        assertThat(unanswered).as("attempts not answered 414 within 1 s").isEmpty();
    }

    @Test
    void anOversizedHeaderGets431() throws IOException {
        String status = afterAnAnswer(
                "GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "x".repeat(20_000) + "\r\n\r\n");
        assertThat(status).startsWith("HTTP/1.1 431");
    }

    /**
     * The case ApiKeyTests once met (1 suite run in 5): a request with a body whose header block is over the limit,
     * right after another answer on the same connection. How each attempt that failed ended is counted.
     */
    @Test
    void anOversizedHeaderWithABodyAfterAnAnswerOnTheSameConnectionGets431() throws IOException {
        String body = "{\"query\":\"{ overview { events } }\"}";
        Map<String, Integer> failed = new TreeMap<>();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String status = afterAnAnswer("POST /graphql HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nAuthorization: Bearer el_read_"
                    + "x".repeat(20_000 + 37 * attempt) + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            if (!status.startsWith("HTTP/1.1 431")) {
                failed.merge(status, 1, Integer::sum);
            }
        }
        assertThat(failed).as("attempts not answered 431, by how they ended").isEmpty();
    }

    /**
     * The same through the JDK's client as ApiKeyTests used it: its default version (HTTP/2 asked for with an h2c
     * upgrade on each new connection, HTTP/1.1 kept when the server declines) and its pooled connection.
     */
    @Test
    void anOversizedHeaderOnAPooledConnectionGets431() throws Exception {
        Map<String, Integer> failed = new TreeMap<>();
        try (HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                HttpResponse<String> plain = client.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://localhost:" + port + "/v1/reports.csv?metrics=events"))
                                .timeout(Duration.ofSeconds(5))
                                .header("Authorization", TestKeys.bearer(TestKeys.READ))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(plain.statusCode()).isLessThan(500);
                try {
                    int status = client.send(
                                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/graphql"))
                                            .timeout(Duration.ofSeconds(5))
                                            .header(
                                                    "Authorization",
                                                    "Bearer el_read_" + "x".repeat(20_000 + 37 * attempt))
                                            .header("Content-Type", "application/json")
                                            .POST(HttpRequest.BodyPublishers.ofString(
                                                    "{\"query\":\"{ overview { events } }\"}"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode();
                    if (status != 431) {
                        failed.merge("status " + status, 1, Integer::sum);
                    }
                } catch (IOException e) {
                    failed.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
                }
            }
        }
        assertThat(failed).as("attempts not answered 431, by how they ended").isEmpty();
    }

    /**
     * The answer goes out while the client is still sending a large body, which the server never reads. One open
     * explanation of the unanswered 431 (docs/reliability.md) is that closing with that body unread resets the
     * connection and the reset drops the answer on the client's side; on this machine the client read its 431 in
     * every attempt (2026-12-06), so that explanation is not reproduced and the case stays here as a guard.
     */
    @Test
    void anOversizedHeaderIsAnsweredWhileALargeBodyIsStillBeingSent() throws IOException {
        byte[] body = new byte[1 << 20];
        java.util.Arrays.fill(body, (byte) 'x');
        Map<String, Integer> failed = new TreeMap<>();
        for (int attempt = 0; attempt < 20; attempt++) {
            try (Socket socket = new Socket("localhost", port)) {
                socket.setSoTimeout(5_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                + "X-Big: " + "x".repeat(20_000) + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String sending = "sent";
                try {
                    out.write(body);
                    out.flush();
                } catch (SocketException e) {
                    sending = "the body's send failed (" + e.getMessage() + ")";
                }
                String status;
                try {
                    status = line(socket.getInputStream());
                } catch (SocketException e) {
                    status = "reset: " + e.getMessage();
                }
                if (!status.startsWith("HTTP/1.1 431")) {
                    failed.merge(
                            status.isEmpty() ? "closed without an answer" : status + "; " + sending, 1, Integer::sum);
                }
            }
        }
        assertThat(failed)
                .as("attempts whose 431 the client did not read, by how they ended")
                .isEmpty();
    }

    /** Sends a plain request, reads its whole answer, then sends {@code request}: the first line of its answer. */
    private String afterAnAnswer(String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(1_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            out.write(("GET /v1/reports.csv?metrics=events HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                            + TestKeys.bearer(TestKeys.READ) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            skipAnswer(in);
            try {
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (SocketException e) {
                // the server may answer and close before it has read the whole request: the answer still counts
            }
            String status = line(in);
            return status.isEmpty() ? "closed without an answer" : status;
        } catch (SocketTimeoutException e) {
            return "no answer";
        } catch (SocketException e) {
            return "reset: " + e.getMessage();
        }
    }

    /** Reads one answer: its head, then as many bytes as its Content-Length says. */
    private static void skipAnswer(InputStream in) throws IOException {
        int length = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).strip());
            }
        }
        in.readNBytes(length);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
