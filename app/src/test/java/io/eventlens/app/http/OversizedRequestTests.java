package io.eventlens.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensAppTest;
import io.eventlens.app.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A request line or header block over the server's limits gets its 414 or 431 at once, also on a kept-alive
 * connection right after another answer: there Reactor Netty 1.3.8 sometimes sent nothing (found by the HTTP fuzzer,
 * about 1 request in 200).
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
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return line(in);
        } catch (SocketTimeoutException e) {
            return "no answer";
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
