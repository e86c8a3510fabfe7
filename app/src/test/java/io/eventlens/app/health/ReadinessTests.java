package io.eventlens.app.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensApplication;
import io.eventlens.app.TestKeys;
import io.eventlens.app.TestRun;
import io.eventlens.app.access.Client;
import io.eventlens.app.metrics.Scrape;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import redis.embedded.RedisServer;
import tools.jackson.databind.JsonNode;

/**
 * An app on a PostgreSQL and a Redis of the test's own, which the test stops under it: readiness turns DOWN within
 * 5 s, naming the part that is away, while liveness stays UP; once the server is back, readiness is UP again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadinessTests {

    private static final Duration DOWN_WITHIN = Duration.ofSeconds(5);
    private static final Duration BACK_WITHIN = Duration.ofSeconds(30);

    private final Path cluster =
            Path.of("target", "test-data", TestRun.ID, "readiness-postgres").toAbsolutePath();
    private int postgresPort;
    private int redisPort;
    private EmbeddedPostgres postgres;
    private RedisServer redis;
    private ConfigurableApplicationContext app;
    private Client client;

    @BeforeAll
    void start() throws Exception {
        postgresPort = freePort();
        redisPort = freePort();
        postgres = postgres();
        try (var connection = postgres.getPostgresDatabase().getConnection()) {
            connection.createStatement().execute("CREATE DATABASE eventlens");
        }
        redis = redis();
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--eventlens.data-dir=target/test-data/" + TestRun.ID + "/readiness",
                "--eventlens.storage.postgres.host=localhost",
                "--eventlens.storage.postgres.port=" + postgresPort,
                "--eventlens.storage.postgres.database=eventlens",
                "--eventlens.storage.postgres.username=postgres",
                "--eventlens.redis.url=redis://127.0.0.1:" + redisPort));
        arguments.addAll(List.of(TestKeys.arguments()));
        app = new SpringApplicationBuilder(EventLensApplication.class).run(arguments.toArray(String[]::new));
        client = new Client(((WebServerApplicationContext) app).getWebServer().getPort());
    }

    @AfterAll
    void stop() throws IOException {
        if (app != null) {
            app.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (redis != null && redis.isActive()) {
            redis.stop();
        }
    }

    @Test
    void readinessFollowsPostgresAndLivenessStaysUp() throws Exception {
        awaitReadiness("UP", BACK_WITHIN);

        postgres.close();
        try {
            long stopped = System.nanoTime();
            JsonNode down = awaitReadiness("DOWN", DOWN_WITHIN);
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(DOWN_WITHIN);
            assertThat(down.path("components").path("storage").path("status").asString())
                    .isEqualTo("DOWN");
            assertThat(down.path("components").path("redis").path("status").asString())
                    .isEqualTo("UP");
            assertLive();
            // Each failed call of the engine's client counts, the readiness checks' pings too.
            Scrape before = Scrape.of(client);
            awaitReadiness("DOWN", DOWN_WITHIN);
            HttpResponse<String> refused = client.send(
                    TestKeys.INGEST, "POST", "/v1/events", "application/json", "[{\"type\":\"readiness\"}]");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(Scrape.of(client).sum("eventlens_storage_errors_total", "engine", "postgres")
                            - before.sum("eventlens_storage_errors_total", "engine", "postgres"))
                    .as(refused.body())
                    .isGreaterThanOrEqualTo(1);
        } finally {
            postgres = postgres();
        }
        awaitReadiness("UP", BACK_WITHIN);
        assertLive();
    }

    @Test
    void readinessFollowsRedisAndLivenessStaysUp() throws Exception {
        awaitReadiness("UP", BACK_WITHIN);

        redis.stop();
        long stopped = System.nanoTime();
        JsonNode down = awaitReadiness("DOWN", DOWN_WITHIN);
        assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(DOWN_WITHIN);
        assertThat(down.path("components").path("redis").path("status").asString())
                .isEqualTo("DOWN");
        assertThat(down.path("components").path("storage").path("status").asString())
                .isEqualTo("UP");
        assertLive();
        // A query now still gets its answer (limits fail open, the cache is skipped), and each failed Redis call of
        // its rate limit and its cache lookup is counted.
        Scrape before = Scrape.of(client);
        assertThat(client.data(TestKeys.READ, "{ overview { events } }", Map.of())
                        .path("overview")
                        .has("events"))
                .isTrue();
        Scrape after = Scrape.of(client);
        for (String use : List.of("rate_limits", "report_cache")) {
            assertThat(after.sum("eventlens_redis_errors_total", "use", use)
                            - before.sum("eventlens_redis_errors_total", "use", use))
                    .as(use)
                    .isGreaterThanOrEqualTo(1);
        }

        redis = redis();
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

    private RedisServer redis() throws IOException {
        RedisServer server = RedisServer.newRedisServer()
                .port(redisPort)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
