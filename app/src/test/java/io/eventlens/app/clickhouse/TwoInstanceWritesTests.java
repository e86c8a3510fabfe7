package io.eventlens.app.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.eventlens.app.EventLensApplication;
import io.eventlens.app.TestKeys;
import io.eventlens.app.TestRun;
import io.eventlens.app.access.Client;
import io.eventlens.clickhouse.ClickHouseTestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two app instances on one ClickHouse database and one metadata PostgreSQL, sent the same new batches at the same
 * moment, round after round: every event is stored and rolled up once. Each round's two answers together accept
 * the batch exactly once, and reports answered from rollups alone equal the test's own sums over the events it
 * sent. (Without a lock across instances both instances' id lookups found nothing, both inserted, and the rollups
 * counted the batch twice.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoInstanceWritesTests {

    private static final int ROUNDS = 12;
    private static final int EVENTS_PER_BATCH = 150;
    private static final List<String> TYPES = List.of("page_view", "signup", "purchase");
    private static final String REPORT = """
            query($from: DateTime!, $to: DateTime!) {
              report(input: {metrics: ["events", "revenue"], dimensions: ["type"], from: $from, to: $to}) {
                rows { dimensions values } meta { source }
              }
            }""";

    private final Path cluster =
            Path.of("target", "test-data", TestRun.ID, "two-instances-postgres").toAbsolutePath();
    /** Whole UTC days well in the past: the report over them is answered by the daily rollup alone. */
    private final Instant from = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(10));

    private final Instant to = from.plus(Duration.ofDays(3));
    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
    private EmbeddedPostgres postgres;
    private Client first;
    private Client second;

    @BeforeAll
    void start() throws Exception {
        CompletableFuture<ClickHouseTestServer> server = CompletableFuture.supplyAsync(ClickHouseTestServer::shared);
        postgres = EmbeddedPostgres.builder().setDataDirectory(cluster).start();
        try (var connection = postgres.getPostgresDatabase().getConnection()) {
            connection.createStatement().execute("CREATE DATABASE eventlens");
        }
        ClickHouseTestServer engine = server.join();
        String database = ClickHouseApps.database("two_instances");
        engine.execute("CREATE DATABASE IF NOT EXISTS " + database);
        first = new Client(startApp(engine, database, "two-instances-a"));
        second = new Client(startApp(engine, database, "two-instances-b"));
    }

    private int startApp(ClickHouseTestServer engine, String database, String name) {
        List<String> arguments = ClickHouseApps.arguments(engine, engine.url(), database, postgres.getPort(), name);
        arguments.add("--eventlens.cache.enabled=false");
        arguments.add("--eventlens.limits.ingest-events-per-second=1000000");
        ConfigurableApplicationContext app =
                new SpringApplicationBuilder(EventLensApplication.class).run(arguments.toArray(String[]::new));
        apps.add(app);
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    @AfterAll
    void stop() throws Exception {
        apps.reversed().forEach(ConfigurableApplicationContext::close);
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void batchesRacingThroughTwoInstancesAreStoredAndRolledUpOnce() throws Exception {
        Random random = new Random();
        Map<String, long[]> expectedEvents = new TreeMap<>();
        Map<String, double[]> expectedRevenue = new TreeMap<>();
        CyclicBarrier together = new CyclicBarrier(2);
        for (int round = 0; round < ROUNDS; round++) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < EVENTS_PER_BATCH; i++) {
                String type = TYPES.get(random.nextInt(TYPES.size()));
                // Quarters are exact in binary, so the sums compare without rounding noise.
                double revenue = random.nextInt(400) / 4.0;
                batch.add(Map.of(
                        "id",
                        UUID.randomUUID().toString(),
                        "type",
                        type,
                        "timestamp",
                        from.plusSeconds(random.nextLong(to.getEpochSecond() - from.getEpochSecond()))
                                .toString(),
                        "userId",
                        "user-" + random.nextInt(50),
                        "revenue",
                        revenue));
                expectedEvents.computeIfAbsent(type, t -> new long[1])[0]++;
                expectedRevenue.computeIfAbsent(type, t -> new double[1])[0] += revenue;
            }
            String body = Client.JSON.writeValueAsString(batch);
            CompletableFuture<JsonNode> viaFirst = CompletableFuture.supplyAsync(() -> ingest(first, body, together));
            CompletableFuture<JsonNode> viaSecond = CompletableFuture.supplyAsync(() -> ingest(second, body, together));
            JsonNode a = viaFirst.join();
            JsonNode b = viaSecond.join();
            assertThat(a.path("accepted").asInt() + b.path("accepted").asInt())
                    .as("round %d: %s and %s", round, a, b)
                    .isEqualTo(EVENTS_PER_BATCH);
            assertThat(a.path("duplicates").asInt() + b.path("duplicates").asInt())
                    .as("round %d: %s and %s", round, a, b)
                    .isEqualTo(EVENTS_PER_BATCH);
        }

        for (Client client : List.of(first, second)) {
            JsonNode report = client.data(TestKeys.READ, REPORT, Map.of("from", from.toString(), "to", to.toString()))
                    .path("report");
            String source = report.path("meta").path("source").asString();
            assertThat(source)
                    .as("answered by rollups alone")
                    .startsWith("rollup:")
                    .doesNotContain("events");
            Map<String, long[]> events = new TreeMap<>();
            Map<String, Double> revenue = new TreeMap<>();
            for (JsonNode row : report.path("rows")) {
                String type = row.path("dimensions").get(0).asString();
                events.put(type, new long[] {row.path("values").get(0).asLong()});
                revenue.put(type, row.path("values").get(1).asDouble());
            }
            assertThat(events.keySet()).isEqualTo(expectedEvents.keySet());
            expectedEvents.forEach((type, count) -> {
                assertThat(events.get(type)[0]).as("events of %s", type).isEqualTo(count[0]);
                assertThat(revenue.get(type))
                        .as("revenue of %s", type)
                        .isCloseTo(expectedRevenue.get(type)[0], within(1e-6));
            });
        }
    }

    private static JsonNode ingest(Client client, String body, CyclicBarrier together) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        HttpResponse<String> response = client.send(TestKeys.INGEST, "POST", "/v1/events", "application/json", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Client.JSON.readTree(response.body());
    }
}
