package io.eventlens.app.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensApplication;
import io.eventlens.app.TestKeys;
import io.eventlens.app.TestRun;
import io.eventlens.app.access.Client;
import io.eventlens.app.clickhouse.ClickHouseApps;
import io.eventlens.app.metrics.Scrape;
import io.eventlens.clickhouse.ClickHouseTestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * An app with ClickHouse as the engine (the test ClickHouse, reached through a relay the test can cut) and a
 * PostgreSQL of the test's own for projects and keys: readiness turns DOWN within 5 s when either is away, naming
 * the part ({@code storage} has {@code events} and {@code metadata}), and UP again when it is back; liveness stays UP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClickHouseReadinessTests {

    private static final Duration DOWN_WITHIN = Duration.ofSeconds(5);
    private static final Duration BACK_WITHIN = Duration.ofSeconds(30);

    private final Path cluster =
            Path.of("target", "test-data", TestRun.ID, "readiness-ch-postgres").toAbsolutePath();
    private int postgresPort;
    private EmbeddedPostgres postgres;
    private TcpRelay clickhouse;
    private ConfigurableApplicationContext app;
    private Client client;

    @BeforeAll
    void start() throws Exception {
        // The engine starts in about 10 s: meanwhile PostgreSQL starts.
        CompletableFuture<ClickHouseTestServer> server = CompletableFuture.supplyAsync(ClickHouseTestServer::shared);
        postgresPort = freePort();
        postgres = postgres();
        try (var connection = postgres.getPostgresDatabase().getConnection()) {
            connection.createStatement().execute("CREATE DATABASE eventlens");
        }
        ClickHouseTestServer engine = server.join();
        String database = ClickHouseApps.database("readiness");
        engine.execute("CREATE DATABASE IF NOT EXISTS " + database);
        URI url = URI.create(engine.url());
        clickhouse = new TcpRelay(url.getHost(), url.getPort());
        List<String> arguments = ClickHouseApps.arguments(
                engine, "http://127.0.0.1:" + clickhouse.port(), database, postgresPort, "readiness-ch");
        app = new SpringApplicationBuilder(EventLensApplication.class).run(arguments.toArray(String[]::new));
        client = new Client(((WebServerApplicationContext) app).getWebServer().getPort());
    }

    @AfterAll
    void stop() throws IOException {
        if (app != null) {
            app.close();
        }
        if (clickhouse != null) {
            clickhouse.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void readinessFollowsClickHouseAndCountsItsClientsErrors() throws Exception {
        JsonNode up = awaitReadiness("UP", BACK_WITHIN);
        assertThat(up.path("components")
                        .path("storage")
                        .path("components")
                        .path("events")
                        .path("status")
                        .asString())
                .isEqualTo("UP");
        Scrape before = Scrape.of(client);

        clickhouse.sever();
        try {
            long severed = System.nanoTime();
            JsonNode down = awaitReadiness("DOWN", DOWN_WITHIN);
            assertThat(Duration.ofNanos(System.nanoTime() - severed)).isLessThan(DOWN_WITHIN);
            JsonNode storage = down.path("components").path("storage");
            assertThat(storage.path("status").asString()).isEqualTo("DOWN");
            assertThat(storage.path("components").path("events").path("status").asString())
                    .isEqualTo("DOWN");
            assertThat(storage.path("components")
                            .path("metadata")
                            .path("status")
                            .asString())
                    .isEqualTo("UP");
            assertLive();
            // A batch sent now fails after its retries; every failed call of the ClickHouse client is counted.
            HttpResponse<String> refused = client.send(
                    TestKeys.INGEST, "POST", "/v1/events", "application/json", "[{\"type\":\"readiness\"}]");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(Scrape.of(client).sum("eventlens_storage_errors_total", "engine", "clickhouse")
                            - before.sum("eventlens_storage_errors_total", "engine", "clickhouse"))
                    .isGreaterThanOrEqualTo(1);
        } finally {
            clickhouse.restore();
        }
        awaitReadiness("UP", BACK_WITHIN);
        assertLive();
    }

    @Test
    void readinessFollowsTheMetadataPostgresWithClickHouseAsTheEngine() throws Exception {
        awaitReadiness("UP", BACK_WITHIN);

        postgres.close();
        try {
            long stopped = System.nanoTime();
            JsonNode down = awaitReadiness("DOWN", DOWN_WITHIN);
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(DOWN_WITHIN);
            JsonNode storage = down.path("components").path("storage");
            assertThat(storage.path("components")
                            .path("metadata")
                            .path("status")
                            .asString())
                    .isEqualTo("DOWN");
            assertThat(storage.path("components").path("events").path("status").asString())
                    .isEqualTo("UP");
            assertLive();
            // The project write lock lives in PostgreSQL: a batch is refused, to be resent, not half-written.
            HttpResponse<String> refused =
                    client.send(TestKeys.INGEST, "POST", "/v1/events", "application/json", "[{\"type\":\"no-lock\"}]");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        } finally {
            postgres = postgres();
        }
        awaitReadiness("UP", BACK_WITHIN);
        assertLive();
    }

    private JsonNode awaitReadiness(String status, Duration within) throws InterruptedException {
        return HealthProbes.awaitReadiness(client, status, within);
    }

    private void assertLive() {
        HealthProbes.assertLive(client);
    }

    private EmbeddedPostgres postgres() throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(cluster)
                .setCleanDataDirectory(false)
                .setPort(postgresPort)
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
