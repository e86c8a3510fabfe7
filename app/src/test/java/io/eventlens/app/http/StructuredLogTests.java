package io.eventlens.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensApplication;
import io.eventlens.app.TestKeys;
import io.eventlens.app.TestRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The app with one setting, {@code logging.structured.format.console=ecs}, in a JVM of its own (logging is set up
 * once per JVM): every line it prints is a JSON object, and the lines written while a request is handled carry its
 * request id, the one the client sent as {@code X-Request-Id} and got back.
 */
class StructuredLogTests {

    private static final JsonMapper JSON = new JsonMapper();

    @Test
    void everyLineIsJsonAndRequestLinesCarryTheRequestId() throws Exception {
        Path directory =
                Path.of("target", "test-data", TestRun.ID, "structured-logs").toAbsolutePath();
        Files.createDirectories(directory);
        Path stdout = directory.resolve("stdout.log");
        Path stderr = directory.resolve("stderr.log");
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-Xmx512m",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                EventLensApplication.class.getName(),
                "--server.port=" + port,
                "--eventlens.data-dir=" + directory.resolve("data"),
                "--eventlens.embedded-postgres.port=0",
                "--eventlens.embedded-redis.port=0",
                "--logging.structured.format.console=ecs",
                "--logging.level.io.eventlens.ingestion=debug"));
        command.addAll(List.of(TestKeys.arguments()));
        Process app = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        String requestId = "req-" + UUID.randomUUID();
        try {
            HttpClient http = HttpClient.newHttpClient();
            awaitUp(app, http, port);
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/events"))
                            .header("Authorization", TestKeys.bearer(TestKeys.INGEST))
                            .header("Content-Type", "application/json")
                            .header(RequestIds.HEADER, requestId)
                            .POST(HttpRequest.BodyPublishers.ofString("[{\"type\":\"logged\"}]"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue(RequestIds.HEADER)).hasValue(requestId);
            awaitText(app, stdout, requestId);
        } finally {
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                JsonNode node = JSON.readTree(line); // throws on a line that is not JSON
                assertThat(node.isObject()).as(line).isTrue();
                lines.add(node);
            }
        }
        assertThat(lines)
                .anySatisfy(
                        node -> assertThat(node.path("message").asString()).startsWith("Embedded PostgreSQL ready"));
        assertThat(lines)
                .filteredOn(node -> node.path("message").asString().startsWith("Batch of 1 "))
                .singleElement()
                .satisfies(node -> assertThat(node.findValues("requestId"))
                        .extracting(JsonNode::asString)
                        .containsExactly(requestId));
    }

    /** Structured logging leaves out Boot's startup lines (they are not structured): ask the server instead. */
    private static void awaitUp(Process app, HttpClient http, int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            assertThat(app.isAlive()).as("the app ended before it was up").isTrue();
            assertThat(System.nanoTime()).as("the app was not up within 90 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static void awaitText(Process app, Path log, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
            assertThat(app.isAlive())
                    .as("the app ended before printing '" + text + "'; see " + log)
                    .isTrue();
            assertThat(System.nanoTime()).as("no '" + text + "' in " + log).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
