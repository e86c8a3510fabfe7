package io.eventlens.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.eventlens.core.seed.EventJson;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.WsFrameCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Live dashboards while ingest runs: {@code -Dsubscription.clients} (500) graphql-transport-ws clients, ramped over
 * {@code -Dsubscription.rampSeconds} (20), each watch a shared {@code liveReport} (events by type, rolling hour)
 * and one of their own that counts only their probe events. Each client then ingests {@code -Dsubscription.probes}
 * (30) probe events, one every {@code -Dsubscription.probeIntervalMs} (1,000), through the {@code ingest} mutation
 * on the same socket; {@code ingest-to-push} is the time from sending a probe to the push whose count includes it.
 * Meanwhile HTTP ingest sends {@code -Dsubscription.ingestEventsPerSecond} (20,000) background events for
 * {@code -Dsubscription.seconds} (60). Fails on any error or a p99 {@code ingest-to-push} over
 * {@code -Dsubscription.p99Ms} (1,000).
 */
public class SubscriptionSimulation extends Simulation {

    static final String INGEST_TO_PUSH = "ingest-to-push";

    private final int clients = RunSettings.integer("subscription.clients", 500);
    private final Duration ramp = RunSettings.seconds("subscription.rampSeconds", 20);
    private final int probes = RunSettings.integer("subscription.probes", 30);
    private final Duration probeInterval = Duration.ofMillis(RunSettings.number("subscription.probeIntervalMs", 1_000));
    private final long ingestEventsPerSecond = RunSettings.number("subscription.ingestEventsPerSecond", 20_000);
    private final Duration duration = RunSettings.seconds("subscription.seconds", 60);
    private final int p99Ms = RunSettings.integer("subscription.p99Ms", 1_000);
    private final int refreshMs = RunSettings.integer("subscription.refreshMs", 100);
    private final int batch = 1_000;

    private static final String LIVE_REPORT = """
            subscription($input: LiveReportInput!, $refreshMs: Int) {
              liveReport(input: $input, refreshMs: $refreshMs) { columns totals rows { dimensions values } } }""";
    private static final String INGEST = """
            mutation($events: [EventInput!]!) { ingest(events: $events) { accepted } }""";

    private final String baseUrl = RunSettings.baseUrl();
    private final HttpProtocolBuilder protocol = http.baseUrl(baseUrl)
            .wsBaseUrl(baseUrl.replaceFirst("^http", "ws"))
            .authorizationHeader(RunSettings.authorization())
            .contentTypeHeader("application/json")
            .acceptHeader("application/json");

    private final ScenarioBuilder watchers = scenario("live dashboards")
            .feed(clientIds())
            .exec(ws("connect").connect("/graphql").subprotocol("graphql-transport-ws"))
            .exec(ws("connection_init")
                    .sendText("{\"type\":\"connection_init\",\"payload\":{\"authorization\":\""
                            + RunSettings.authorization() + "\"}}")
                    .await(Duration.ofSeconds(10))
                    .on(ws.checkTextMessage("connection_ack")
                            .matching(jsonPath("$.type").is("connection_ack"))))
            // A client that cannot subscribe has nothing to measure: stop it rather than wait out each timeout.
            .exitHereIfFailed()
            .exec(ws("subscribe: shared")
                    .sendText(subscribe("shared", """
                    {"metrics":["events"],"dimensions":["type"],"last":"1h"}""", 1_000))
                    .await(Duration.ofSeconds(30))
                    .on(ws.checkTextMessage("first push: shared")
                            .matching(jsonPath("$.id").is("shared"))
                            .check(jsonPath("$.type").is("next"))
                            .check(jsonPath("$.payload.errors").notExists())))
            .exitHereIfFailed()
            .exec(session -> session.set("expected", 0.0))
            .exec(ws("subscribe: probes")
                    .sendText(subscribe("probes", """
                    {"metrics":["events"],"from":"#{from}","to":"#{to}",\
                    "filters":[{"dimension":"properties.probe","op":"EQ","values":["#{client}"]}]}""", refreshMs))
                    .await(Duration.ofSeconds(30))
                    .on(pushOfProbes("first push: probes")))
            .exitHereIfFailed()
            .exec(repeat(probes, "probe")
                    .on(exec(session -> session.set("expected", session.getDouble("expected") + 1))
                            .pause(probeInterval)
                            .exec(ws("ingest probe")
                                    .sendText("""
                            {"id":"probe-#{probe}","type":"subscribe","payload":{"query":%s,\
                            "variables":{"events":[{"type":"probe","userId":"#{client}",\
                            "properties":{"probe":"#{client}"}}]}}}""".formatted(quoted(INGEST)))
                                    .await(Duration.ofSeconds(30))
                                    .on(pushOfProbes(INGEST_TO_PUSH)))
                            .exitHereIfFailed()))
            .exec(ws("close").close());

    private final ScenarioBuilder ingest = scenario("background ingest")
            .feed(new EventBatches(RunSettings.number("subscription.seed", System.nanoTime()), batch, 100_000))
            .exec(http("POST /v1/events")
                    .post("/v1/events")
                    .body(StringBody("#{body}"))
                    .check(status().is(200)));

    {
        setUp(
                        watchers.injectOpen(rampUsers(clients).during(ramp)),
                        ingest.injectOpen(constantUsersPerSec((double) ingestEventsPerSecond / batch)
                                .during(duration)))
                .protocols(protocol)
                .maxDuration(Duration.ofMillis(Math.max(
                                duration.toMillis(), ramp.toMillis() + probes * (probeInterval.toMillis() + 100)))
                        .plusSeconds(60))
                .assertions(
                        global().failedRequests().count().is(0L),
                        details(INGEST_TO_PUSH).responseTime().percentile(99.0).lt(p99Ms),
                        details(INGEST_TO_PUSH).requestsPerSec().gt(0.0));
    }

    /** The push of this client's probe report counting every probe it sent so far (earlier pushes are skipped). */
    private static WsFrameCheck pushOfProbes(String name) {
        return ws.checkTextMessage(name)
                .matching(
                        jsonPath("$.id").is("probes"),
                        jsonPath("$.payload.data.liveReport.totals[0]")
                                .ofDouble()
                                .isEL("#{expected}"));
    }

    private static String subscribe(String id, String input, int refreshMs) {
        return "{\"id\":\"" + id + "\",\"type\":\"subscribe\",\"payload\":{\"query\":" + quoted(LIVE_REPORT)
                + ",\"variables\":{\"refreshMs\":" + refreshMs + ",\"input\":" + input + "}}}";
    }

    private static String quoted(String text) {
        StringBuilder json = new StringBuilder();
        EventJson.string(json, text);
        return json.toString();
    }

    /** A fresh probe key per client and a fixed range around now that holds all its probes. */
    private static Iterator<Map<String, Object>> clientIds() {
        return Stream.generate(() -> {
                    Instant now = Instant.now();
                    return Map.<String, Object>of(
                            "client",
                            "probe-" + UUID.randomUUID(),
                            "from",
                            now.minus(Duration.ofMinutes(5)).toString(),
                            "to",
                            now.plus(Duration.ofMinutes(50)).toString());
                })
                .iterator();
    }
}
