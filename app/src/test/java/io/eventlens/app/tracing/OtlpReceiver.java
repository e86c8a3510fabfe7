package io.eventlens.app.tracing;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The smallest OTLP/HTTP trace receiver: takes each {@code POST /v1/traces} and keeps its body. Span names are plain
 * UTF-8 strings inside the protobuf, so a test can look for them without decoding it.
 */
final class OtlpReceiver implements AutoCloseable {

    private final HttpServer server;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            synchronized (received) {
                received.writeBytes(body);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    String endpoint() {
        return "http://localhost:" + server.getAddress().getPort() + "/v1/traces";
    }

    /** Everything received so far, as text (protobuf framing bytes show as noise around the strings). */
    String received() {
        synchronized (received) {
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
