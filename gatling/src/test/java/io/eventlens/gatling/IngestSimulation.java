package io.eventlens.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;

/**
 * HTTP ingest at a target rate: batches of {@code -Dingest.batch} (1,000) realistic events sent to
 * {@code POST /v1/events} at {@code -Dingest.eventsPerSecond} (100,000) for {@code -Dingest.seconds} (60). Fails
 * the run when any batch is not stored whole, when fewer than {@code -Dingest.minEventsPerSecond} (90% of the
 * offered rate) are stored per second, or when p95 latency exceeds {@code -Dingest.p95Ms} (1,000 ms).
 */
public class IngestSimulation extends Simulation {

    private final int batch = RunSettings.integer("ingest.batch", 1_000);
    private final long eventsPerSecond = RunSettings.number("ingest.eventsPerSecond", 100_000);
    private final Duration duration = RunSettings.seconds("ingest.seconds", 60);
    private final int p95Ms = RunSettings.integer("ingest.p95Ms", 1_000);
    private final long seed = RunSettings.number("ingest.seed", System.nanoTime());
    private final int users = RunSettings.integer("ingest.users", 100_000);

    // Gatling's rate counts the whole run, including its first and last partial seconds: allow a tenth below.
    private final long minEventsPerSecond = RunSettings.number("ingest.minEventsPerSecond", eventsPerSecond * 9 / 10);

    private final double batchesPerSecond = (double) eventsPerSecond / batch;

    private final HttpProtocolBuilder protocol = http.baseUrl(RunSettings.baseUrl())
            .authorizationHeader(RunSettings.authorization())
            .contentTypeHeader("application/json")
            .acceptHeader("application/json")
            .shareConnections();

    private final ScenarioBuilder ingest = scenario("ingest")
            .feed(new EventBatches(seed, batch, users))
            .exec(http("POST /v1/events")
                    .post("/v1/events")
                    .body(StringBody("#{body}"))
                    .check(status().is(200))
                    // Every event of a fresh seed is new: anything else is a lost or refused event.
                    .check(jsonPath("$.accepted").ofInt().isEL("#{events}"))
                    .check(jsonPath("$.rejected[*]").count().is(0)));

    {
        setUp(ingest.injectOpen(constantUsersPerSec(batchesPerSecond).during(duration)))
                .protocols(protocol)
                // Batches still queued when the time is up get half a minute, not the full request timeout.
                .maxDuration(duration.plusSeconds(30))
                .assertions(
                        global().failedRequests().count().is(0L),
                        global().responseTime().percentile(95.0).lt(p95Ms),
                        // The server kept up: requests completed at (nearly) the offered rate.
                        global().requestsPerSec().gte((double) minEventsPerSecond / batch));
    }
}
