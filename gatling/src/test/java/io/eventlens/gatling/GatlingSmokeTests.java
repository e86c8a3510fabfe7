package io.eventlens.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensApplication;
import io.eventlens.core.ProjectId;
import io.eventlens.core.query.Overview;
import io.eventlens.core.query.OverviewQuery;
import io.eventlens.core.seed.EventGenerator;
import io.eventlens.core.storage.EventStorage;
import io.gatling.app.Gatling$;
import io.gatling.javaapi.core.Simulation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.test.StepVerifier;

/**
 * Runs each simulation for a few seconds against the real application, started here on a random port with an
 * embedded PostgreSQL of its own, so the scenarios cannot rot. The simulations' own assertions (no failed request,
 * latency within a loose bound) decide Gatling's exit code.
 */
class GatlingSmokeTests {

    private static final long SEEDED = 20_000;
    private static final String API_KEY = "el_admin_gatling-smoke-test-key-000000000000";

    private static ConfigurableApplicationContext app;
    private static String baseUrl;

    @BeforeAll
    static void startTheApp() {
        Path dataDir = Path.of("target", "smoke-data", UUID.randomUUID().toString());
        // A fixed admin key for the demo project, and limits far above what the smoke runs send: they measure
        // the app, not the rate limiter.
        app = new SpringApplicationBuilder(EventLensApplication.class)
                .run(
                        "--server.port=0",
                        "--eventlens.data-dir=" + dataDir,
                        "--eventlens.embedded-postgres.port=0",
                        "--eventlens.embedded-redis.port=0",
                        "--eventlens.security.demo-keys.admin=" + API_KEY,
                        "--eventlens.limits.queries-per-second=1000000",
                        "--eventlens.limits.ingest-events-per-second=100000000",
                        "--eventlens.limits.concurrent-subscriptions=100000");
        baseUrl = "http://localhost:" + app.getEnvironment().getRequiredProperty("local.server.port");
        // Dashboards need something to show: a realistic month, through the storage's bulk path.
        EventStorage storage = app.getBean(EventStorage.class);
        new EventGenerator(1, Instant.now(), Duration.ofDays(30), 2_000)
                .batches(SEEDED, 5_000)
                .forEachRemaining(
                        batch -> storage.write(ProjectId.DEFAULT, batch).block());
    }

    @AfterAll
    static void stopTheApp() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void ingestStoresEveryBatchItSends() {
        long before = storedEvents();

        int exitCode = gatling(
                IngestSimulation.class,
                Map.of(
                        "ingest.eventsPerSecond", "2000",
                        "ingest.seconds", "5",
                        "ingest.p95Ms", "5000",
                        "ingest.minEventsPerSecond", "0"));

        assertThat(exitCode)
                .as("Gatling's exit code (see the console summary above)")
                .isZero();
        long sent = storedEvents() - before;
        // Two batches of 1,000 a second for five seconds, each stored whole.
        assertThat(sent).isBetween(8_000L, 12_000L);
        assertThat(sent % 1_000).isZero();
    }

    @Test
    void dashboardsAnswerEveryQueryWithoutErrors() {
        int exitCode = gatling(
                DashboardSimulation.class,
                Map.of(
                        "dashboard.users", "8",
                        "dashboard.rampSeconds", "1",
                        "dashboard.seconds", "6",
                        "dashboard.thinkMinMs", "50",
                        "dashboard.thinkMaxMs", "200",
                        "dashboard.p95Ms", "5000"));

        assertThat(exitCode)
                .as("Gatling's exit code (see the console summary above)")
                .isZero();
    }

    @Test
    void liveReportsPushEveryProbeWhileIngestRuns() {
        int exitCode = gatling(
                SubscriptionSimulation.class,
                Map.of(
                        "subscription.clients", "6",
                        "subscription.rampSeconds", "1",
                        "subscription.probes", "3",
                        "subscription.probeIntervalMs", "300",
                        "subscription.ingestEventsPerSecond", "2000",
                        "subscription.seconds", "4",
                        "subscription.p99Ms", "5000"));

        assertThat(exitCode)
                .as("Gatling's exit code (see the console summary above)")
                .isZero();
    }

    private static long storedEvents() {
        long[] events = new long[1];
        app.getBean(EventStorage.class)
                .overview(new OverviewQuery(ProjectId.DEFAULT, null, null, Instant.now()))
                .map(Overview::events)
                .as(StepVerifier::create)
                .consumeNextWith(count -> events[0] = count)
                .verifyComplete();
        return events[0];
    }

    /** Runs one simulation in this JVM with the given system properties, then restores them. */
    private static int gatling(Class<? extends Simulation> simulation, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("baseUrl", baseUrl);
        all.put("apiKey", API_KEY);
        Map<String, String> previous = new LinkedHashMap<>();
        all.forEach((name, value) -> previous.put(name, System.setProperty(name, value)));
        try {
            return Gatling$.MODULE$.fromArgs(new String[] {
                "--simulation", simulation.getName(),
                "--results-folder",
                        Path.of("target", "gatling").toAbsolutePath().toString(),
                "--run-description", "smoke"
            });
        } finally {
            previous.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, Objects.requireNonNull(value));
                }
            });
        }
    }
}
