package io.eventlens.app.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensAppTest;
import io.eventlens.app.EventLensApplication;
import io.eventlens.app.TestKeys;
import io.eventlens.app.TestRun;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import redis.embedded.RedisServer;
import tools.jackson.databind.JsonNode;

/**
 * Rate limits across two instances sharing one Redis (the test's own, so it can stop it): together they admit no more
 * than the project's limit per second, plus the tolerance of one window; with Redis gone, the fail-open instance
 * limits on its own and the fail-closed one refuses.
 */
@EventLensAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RateLimitTests {

    private static final int QUERIES_PER_SECOND = 10;
    private static final int EVENTS_PER_SECOND = 20;
    private static final String OVERVIEW = "{ overview { events } }";

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedPostgres postgres;

    private RedisServer redis;
    private ConfigurableApplicationContext open;
    private ConfigurableApplicationContext closed;
    private Client viaOpen;
    private Client viaClosed;
    private Client.Tenant tenant;

    @BeforeAll
    void twoInstancesOnOneRedis() throws IOException {
        int redisPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            redisPort = probe.getLocalPort();
        }
        redis = RedisServer.newRedisServer()
                .port(redisPort)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        redis.start();
        open = start("limits-open", redisPort, "fail-open");
        closed = start("limits-closed", redisPort, "fail-closed");
        viaOpen = new Client(((WebServerApplicationContext) open).getWebServer().getPort());
        viaClosed =
                new Client(((WebServerApplicationContext) closed).getWebServer().getPort());
        Client main = new Client(port);
        tenant = main.newProject("rl" + UUID.randomUUID().toString().substring(0, 8));
        main.data(
                TestKeys.SERVER,
                "mutation($p: ID) { setProjectLimits(project: $p, limits: {queriesPerSecond: " + QUERIES_PER_SECOND
                        + ", ingestEventsPerSecond: " + EVENTS_PER_SECOND + "}) { id } }",
                Map.of("p", tenant.id()));
    }

    private ConfigurableApplicationContext start(String name, int redisPort, String whenDown) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--eventlens.data-dir=target/test-data/" + TestRun.ID + "/" + name,
                "--eventlens.storage.postgres.host=localhost",
                "--eventlens.storage.postgres.port=" + postgres.getPort(),
                "--eventlens.storage.postgres.database=eventlens",
                "--eventlens.storage.postgres.username=postgres",
                "--eventlens.redis.url=redis://127.0.0.1:" + redisPort,
                "--eventlens.limits.when-redis-is-down=" + whenDown));
        arguments.addAll(List.of(TestKeys.arguments()));
        return new SpringApplicationBuilder(EventLensApplication.class).run(arguments.toArray(String[]::new));
    }

    @AfterAll
    void stop() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {open, closed}) {
            if (context != null && context.isActive()) {
                context.close();
            }
        }
        if (redis != null) {
            try {
                redis.stop();
            } catch (IOException e) {
                // already stopped by the last test
            }
        }
    }

    @Test
    @Order(1)
    void twoInstancesTogetherAdmitOnlyTheLimit() {
        long start = System.nanoTime();
        int admitted = 0;
        int refused = 0;
        for (int i = 0; i < 60; i++) {
            JsonNode answer = (i % 2 == 0 ? viaOpen : viaClosed).graphQl(tenant.read(), OVERVIEW, Map.of());
            if (answer.path("errors").isArray()) {
                JsonNode error = answer.path("errors").get(0);
                assertThat(error.path("extensions").path("code").asString()).isEqualTo("RATE_LIMITED");
                assertThat(error.path("extensions").path("retryAfterMs").asLong())
                        .isPositive();
                refused++;
            } else {
                admitted++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // A sliding one-second window: at most the limit per started second of the run.
        assertThat(admitted).as("admitted in %.2f s", seconds).isBetween(QUERIES_PER_SECOND, (int)
                (QUERIES_PER_SECOND * Math.ceil(seconds + 1)));
        assertThat(refused).isPositive();
    }

    @Test
    @Order(2)
    void ingestOverTheLimitIs429WithRetryAfter() {
        long start = System.nanoTime();
        int accepted = 0;
        HttpResponse<String> refused = null;
        for (int round = 0; round < 6; round++) {
            HttpResponse<String> response = (round % 2 == 0 ? viaOpen : viaClosed)
                    .send(tenant.ingest(), "POST", "/v1/events", "application/json", batch(EVENTS_PER_SECOND / 2));
            if (response.statusCode() == 200) {
                accepted +=
                        Client.JSON.readTree(response.body()).path("accepted").asInt();
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
                refused = response;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(accepted).as("accepted in %.2f s", seconds).isBetween(EVENTS_PER_SECOND, (int)
                (EVENTS_PER_SECOND * Math.ceil(seconds + 1)));
        assertThat(refused).as("no batch refused in %.2f s", seconds).isNotNull();
        assertThat(refused.headers().firstValue("Retry-After"))
                .hasValueSatisfying(value -> assertThat(Integer.parseInt(value)).isBetween(1, 2));
        JsonNode problem = Client.JSON.readTree(refused.body());
        assertThat(problem.path("code").asString()).isEqualTo("RATE_LIMITED");
        assertThat(problem.path("retryAfterMs").asLong()).isPositive();
    }

    private static String batch(int size) {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            batch.append(i == 0 ? "" : ",")
                    .append("{\"type\":\"limited\",\"id\":\"")
                    .append(UUID.randomUUID())
                    .append("\"}");
        }
        return batch.append(']').toString();
    }

    @Test
    @Order(3)
    void withRedisGoneFailOpenLimitsLocallyAndFailClosedRefuses() throws IOException, InterruptedException {
        redis.stop();
        Thread.sleep(1100); // a fresh window for the local buckets too
        long start = System.nanoTime();
        int admitted = 0;
        for (int i = 0; i < 30; i++) {
            JsonNode answer = viaOpen.graphQl(tenant.read(), OVERVIEW, Map.of());
            if (answer.path("errors").isArray()) {
                assertThat(answer.path("errors")
                                .get(0)
                                .path("extensions")
                                .path("code")
                                .asString())
                        .isEqualTo("RATE_LIMITED");
            } else {
                admitted++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(admitted).as("admitted in %.2f s", seconds).isBetween(1, (int)
                (QUERIES_PER_SECOND * Math.ceil(seconds + 1)));

        JsonNode refused = viaClosed.graphQl(tenant.read(), OVERVIEW, Map.of());
        assertThat(refused.path("errors").get(0).path("extensions").path("code").asString())
                .isEqualTo("RATE_LIMITED");
        // The server admin is never limited, whatever Redis does.
        assertThat(viaClosed
                        .graphQl(TestKeys.SERVER, "{ projects { id } }", Map.of())
                        .path("errors")
                        .isArray())
                .isFalse();
    }
}
