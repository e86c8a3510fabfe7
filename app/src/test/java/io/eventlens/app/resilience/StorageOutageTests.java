package io.eventlens.app.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensApplication;
import io.eventlens.app.TestKeys;
import io.eventlens.app.TestRun;
import io.eventlens.app.access.Client;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * An app on a PostgreSQL of the test's own, which the test stops and starts again: while it is away, ingest answers
 * 503 and queries STORAGE_UNAVAILABLE, quickly; afterwards the same app recovers by itself, and every acknowledged
 * event is stored exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StorageOutageTests {

    private static final Duration QUICK = Duration.ofSeconds(5);

    private final Path cluster =
            Path.of("target", "test-data", TestRun.ID, "outage-postgres").toAbsolutePath();
    private int postgresPort;
    private EmbeddedPostgres postgres;
    private ConfigurableApplicationContext app;
    private Client client;

    @BeforeAll
    void start() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            postgresPort = probe.getLocalPort();
        }
        postgres = postgres();
        try (var connection = postgres.getPostgresDatabase().getConnection()) {
            connection.createStatement().execute("CREATE DATABASE eventlens");
        }
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--eventlens.data-dir=target/test-data/" + TestRun.ID + "/outage",
                "--eventlens.embedded-redis.port=0",
                "--eventlens.storage.postgres.host=localhost",
                "--eventlens.storage.postgres.port=" + postgresPort,
                "--eventlens.storage.postgres.database=eventlens",
                "--eventlens.storage.postgres.username=postgres",
                "--eventlens.resilience.open-for=2s"));
        arguments.addAll(List.of(TestKeys.arguments()));
        app = new SpringApplicationBuilder(EventLensApplication.class).run(arguments.toArray(String[]::new));
        client = new Client(((WebServerApplicationContext) app).getWebServer().getPort());
    }

    private EmbeddedPostgres postgres() throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(cluster)
                .setCleanDataDirectory(false)
                .setPort(postgresPort)
                .start();
    }

    @AfterAll
    void stop() throws IOException {
        if (app != null) {
            app.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void anOutageFailsFastLosesNothingAndHeals() throws Exception {
        String before = batch(10);
        assertThat(ingest(before).statusCode()).isEqualTo(200);

        postgres.close();
        String during = batch(10);
        long start = System.nanoTime();
        HttpResponse<String> refused = ingest(during);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(QUICK);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(Client.JSON.readTree(refused.body()).path("code").asString()).isEqualTo("STORAGE_UNAVAILABLE");
        for (int i = 0; i < 12; i++) {
            start = System.nanoTime();
            JsonNode answer = client.graphQl(TestKeys.READ, "{ overview { events } }", Map.of());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(QUICK);
            assertThat(answer.path("errors")
                            .get(0)
                            .path("extensions")
                            .path("code")
                            .asString())
                    .as(answer.toString())
                    .isEqualTo("STORAGE_UNAVAILABLE");
        }

        postgres = postgres();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> healed;
        do {
            Thread.sleep(500);
            healed = ingest(during);
        } while (healed.statusCode() != 200 && System.nanoTime() < deadline);
        assertThat(healed.statusCode()).as(healed.body()).isEqualTo(200);

        // Everything acknowledged is there, once: sending both batches again stores nothing new.
        JsonNode again =
                Client.JSON.readTree(ingest(before.substring(0, before.length() - 1) + "," + during.substring(1))
                        .body());
        assertThat(again.path("accepted").asInt()).isZero();
        assertThat(again.path("duplicates").asInt()).isEqualTo(20);
        long events = -1;
        while (System.nanoTime() < deadline) {
            JsonNode answer = client.graphQl(TestKeys.READ, "{ overview { events } }", Map.of());
            if (!answer.path("errors").isArray()) {
                events = answer.path("data").path("overview").path("events").asLong();
                break;
            }
            Thread.sleep(500);
        }
        assertThat(events).isEqualTo(20);
    }

    private HttpResponse<String> ingest(String body) {
        return client.send(TestKeys.INGEST, "POST", "/v1/events", "application/json", body);
    }

    private static String batch(int size) {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            batch.append(i == 0 ? "" : ",")
                    .append("{\"type\":\"outage\",\"id\":\"")
                    .append(UUID.randomUUID())
                    .append("\"}");
        }
        return batch.append(']').toString();
    }
}
